import { Forbidden, NotFound } from '#domain/errors';
import type { Principal } from '#domain/identity';
import type { DealerStore } from '#domain/ports';
import { shipTosVisibleTo, type PortalUser } from '#domain/user';
import type { ShipTo } from '#domain/dealer';

/**
 * The caller's dealer's branches and ship-to locations. A user restricted to some ship-tos sees only
 * those (as on /me); dealer admins are normally unrestricted and see all of them.
 */
export async function listShipTos(principal: Principal, user: PortalUser, deps: { dealers: DealerStore }) {
  if (principal.kind !== 'dealer') throw new Forbidden('ship-tos belong to dealers');
  const { dealer, shipTos } = await deps.dealers.getWithShipTos(principal.dealerId);
  if (!dealer) throw new NotFound(`dealer ${principal.dealerId}`);
  return { branches: [...(dealer.branches ?? [])], shipTos: shipTosVisibleTo(user, shipTos).map(shipToView) };
}

/** A ship-to as the API shows it (contracts/parts/accounts.ts `shipToSchema`). */
export const shipToView = (s: ShipTo) => ({
  shipToId: s.shipToId,
  name: s.name,
  address: s.address,
  preferredWarehouseId: s.preferredWarehouseId,
  branchId: s.branchId ?? null,
});
