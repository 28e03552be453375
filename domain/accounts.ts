import type { FieldProblem } from './errors.ts';
import { isDealerRole, type DealerRole, type Role } from './identity.ts';
import type { Money } from './money.ts';
import type { PortalUser, UserStatus } from './user.ts';

/**
 * Rules for dealer admins managing their dealer's users. Pure: the use-cases load the dealer and
 * the caller, these say what is allowed; DynamoDB enforces what must hold under concurrency (one
 * user per email and dealer; at least one active admin per dealer).
 */

/** The settings a dealer admin chooses for a user, on invite or on change. `null` clears a setting. */
export interface UserSettings {
  readonly roles?: readonly Role[] | undefined;
  readonly orderLimit?: Money | null | undefined;
  readonly shipToIds?: readonly string[] | null | undefined;
}

export interface UserChange extends UserSettings {
  readonly status?: UserStatus | undefined;
}

/** What a user's settings are checked against: the dealer's currency and its current ship-tos. */
export interface DealerFacts {
  readonly currency: string;
  readonly shipToIds: readonly string[];
}

/**
 * Emails compare case-insensitively and without surrounding blanks; the normalized form is what is
 * stored and what uniqueness is enforced on.
 */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

/**
 * Problems with proposed settings, as per-field reasons under `body.`:
 * - roles: at least one, dealer roles only (a dealer admin never grants staff roles);
 * - order limit: integer minor units, not negative, in the dealer's currency;
 * - ship-tos: each one a current ship-to of the dealer.
 */
export function userSettingsProblems(settings: UserSettings, dealer: DealerFacts): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (settings.roles !== undefined) {
    if (settings.roles.length === 0) problems.push({ field: 'body.roles', code: 'too_small', message: 'at least one role' });
    settings.roles.forEach((role, i) => {
      if (!isDealerRole(role)) problems.push({ field: `body.roles.${i}`, code: 'role_not_assignable', message: `${role} is not a dealer role` });
    });
  }
  const limit = settings.orderLimit;
  if (limit) {
    if (!Number.isSafeInteger(limit.amountMinor) || limit.amountMinor < 0) {
      problems.push({ field: 'body.orderLimit.amountMinor', code: 'invalid_amount', message: 'a non-negative integer of minor units' });
    }
    if (limit.currency !== dealer.currency) {
      problems.push({ field: 'body.orderLimit.currency', code: 'currency_mismatch', message: `the dealer trades in ${dealer.currency}` });
    }
  }
  if (settings.shipToIds) {
    const known = new Set(dealer.shipToIds);
    settings.shipToIds.forEach((id, i) => {
      if (!known.has(id)) problems.push({ field: `body.shipToIds.${i}`, code: 'unknown_ship_to', message: `${id} is not a ship-to of the dealer` });
    });
  }
  return problems;
}

/**
 * A dealer admin may not lock themselves (and possibly their whole dealer) out: no deactivating
 * oneself, no removing one's own dealer-admin role. Returns the reason, or undefined when allowed.
 */
export function selfLockoutReason(actorUserId: string, targetUserId: string, change: UserChange): string | undefined {
  if (actorUserId !== targetUserId) return undefined;
  if (change.status === 'deactivated') return 'a dealer admin cannot deactivate themselves';
  if (change.roles !== undefined && !change.roles.includes('dealer-admin')) return 'a dealer admin cannot remove their own dealer-admin role';
  return undefined;
}

/** One of the dealer's admins: active, with the dealer-admin role. */
export function isActiveAdmin(user: Pick<PortalUser, 'roles' | 'status'>): boolean {
  return user.status === 'active' && user.roles.includes('dealer-admin');
}

/**
 * What a change does to the dealer's admins: `removes` one (deactivates an active admin or takes
 * their dealer-admin role) while another stays, would leave the dealer with `none` — refused, nobody
 * could manage its users any more — or `keeps` them as they are (or adds one).
 */
export function adminEffect(target: Pick<PortalUser, 'userId' | 'roles' | 'status'>, change: UserChange, activeAdminIds: readonly string[]): 'keeps' | 'removes' | 'none' {
  if (!isActiveAdmin(target)) return 'keeps';
  if (isActiveAdmin({ roles: change.roles ?? target.roles, status: change.status ?? target.status })) return 'keeps';
  return activeAdminIds.some((id) => id !== target.userId) ? 'removes' : 'none';
}

/** The roles a directory group sync leaves a dealer user in: exactly `roles`, no other dealer role. */
export function dealerGroupChanges(roles: readonly DealerRole[], all: readonly DealerRole[]): { add: DealerRole[]; remove: DealerRole[] } {
  const wanted = new Set(roles);
  return { add: [...wanted], remove: all.filter((role) => !wanted.has(role)) };
}

/** A user as dealer admins and staff see it: unset settings are `null`, never missing. */
export function userView(user: PortalUser) {
  return {
    userId: user.userId,
    email: user.email,
    name: user.name,
    roles: [...user.roles],
    status: user.status,
    orderLimit: user.orderLimit ?? null,
    shipToIds: user.shipToIds ? [...user.shipToIds] : null,
  };
}
