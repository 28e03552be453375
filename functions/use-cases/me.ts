import { Forbidden } from '#domain/errors';
import type { Principal } from '#domain/identity';
import type { DealerStore, UserStore } from '#domain/ports';

/**
 * The caller as the portal knows them. The dealer id comes from the principal (the verified token);
 * a token whose user the portal does not know, or who was deactivated, gets nothing.
 */
export async function describeCaller(principal: Principal, deps: { users: UserStore; dealers: DealerStore }) {
  const dealerId = principal.kind === 'dealer' ? principal.dealerId : undefined;
  const [user, dealerView] = await Promise.all([
    deps.users.get({ userId: principal.userId, dealerId }),
    dealerId ? deps.dealers.getWithShipTos(dealerId) : Promise.resolve(undefined),
  ]);
  if (!user || user.status !== 'active') throw new Forbidden('the user is not an active portal user');
  const allowed = user.shipToIds ? new Set(user.shipToIds) : undefined;
  return {
    user: { userId: user.userId, email: user.email, name: user.name, orderLimit: user.orderLimit ?? null },
    roles: principal.roles,
    dealer: dealerView?.dealer
      ? {
          dealerId: dealerView.dealer.dealerId,
          name: dealerView.dealer.name,
          tier: dealerView.dealer.tier,
          currency: dealerView.dealer.currency,
          paymentTerms: dealerView.dealer.paymentTerms,
          status: dealerView.dealer.status,
        }
      : null,
    shipTos: (dealerView?.shipTos ?? []).filter((s) => !allowed || allowed.has(s.shipToId)),
  };
}
