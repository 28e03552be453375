import type { Principal } from '#domain/identity';
import type { DealerStore } from '#domain/ports';
import { shipTosVisibleTo, type PortalUser } from '#domain/user';
import { shipToView } from './ship-tos.ts';

/**
 * The caller as the portal knows them. The dealer id comes from the principal (the verified token);
 * the user record was already loaded (and checked active) by the route middleware.
 */
export async function describeCaller(principal: Principal, user: PortalUser, deps: { dealers: DealerStore }) {
  const dealerView = principal.kind === 'dealer' ? await deps.dealers.getWithShipTos(principal.dealerId) : undefined;
  return {
    user: { userId: user.userId, email: user.email, name: user.name, orderLimit: user.orderLimit ?? null, shipToIds: user.shipToIds ? [...user.shipToIds] : null },
    roles: [...principal.roles],
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
    shipTos: shipTosVisibleTo(user, dealerView?.shipTos ?? []).map(shipToView),
  };
}
