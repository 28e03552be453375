/** Who the caller is, as established from a verified token. Never built from request data. */
export const dealerRoles = ['dealer-admin', 'buyer', 'approver', 'viewer'] as const;
export const staffRoles = ['sales-ops', 'credit', 'portal-admin'] as const;
export const allRoles = [...dealerRoles, ...staffRoles] as const;

export type DealerRole = (typeof dealerRoles)[number];
export type StaffRole = (typeof staffRoles)[number];
export type Role = (typeof allRoles)[number];

export type Principal =
  | { readonly kind: 'dealer'; readonly userId: string; readonly dealerId: string; readonly roles: readonly DealerRole[] }
  | { readonly kind: 'staff'; readonly userId: string; readonly roles: readonly StaffRole[] };

export const isDealerRole = (role: string): role is DealerRole => (dealerRoles as readonly string[]).includes(role);
export const isStaffRole = (role: string): role is StaffRole => (staffRoles as readonly string[]).includes(role);

/**
 * A token carries Cognito groups and (for dealer users) the dealer attribute. Mixed dealer and staff
 * groups, or dealer groups without a dealer, describe nobody we know: refuse rather than guess.
 */
export function principalFrom(userId: string, groups: readonly string[], dealerId: string | undefined): Principal | undefined {
  const known = groups.filter((g): g is Role => (allRoles as readonly string[]).includes(g));
  const dealer = known.filter(isDealerRole);
  const staff = known.filter(isStaffRole);
  if (dealer.length > 0 && staff.length > 0) return undefined;
  if (dealer.length > 0) return dealerId ? { kind: 'dealer', userId, dealerId, roles: dealer } : undefined;
  if (staff.length > 0 && !dealerId) return { kind: 'staff', userId, roles: staff };
  return undefined;
}

export const hasRole = (principal: Principal, ...roles: readonly Role[]): boolean =>
  principal.roles.some((r) => roles.includes(r));
