import type { Role } from './identity.ts';
import type { Money } from './money.ts';

export type UserStatus = 'active' | 'deactivated';

/** A portal user. Dealer users carry their dealer; staff users do not. */
export interface PortalUser {
  readonly userId: string;
  readonly dealerId?: string | undefined;
  readonly email: string;
  readonly name: string;
  readonly roles: readonly Role[];
  readonly status: UserStatus;
  /** A buyer's personal limit per order; above it the order needs an approver. */
  readonly orderLimit?: Money | undefined;
  /** When present, the only ship-tos this user may order for. */
  readonly shipToIds?: readonly string[] | undefined;
}

/** A user restricted to some ship-tos sees and orders for only those; an unrestricted user, all. */
export function shipTosVisibleTo<S extends { readonly shipToId: string }>(user: Pick<PortalUser, 'shipToIds'>, shipTos: readonly S[]): S[] {
  if (!user.shipToIds) return [...shipTos];
  const allowed = new Set(user.shipToIds);
  return shipTos.filter((s) => allowed.has(s.shipToId));
}
