import { Forbidden, NotFound } from '#domain/errors';
import type { Principal } from '#domain/identity';
import type { DealerStore } from '#domain/ports';
import type { PortalUser } from '#domain/user';

/**
 * The caller's dealer's branches and ship-to locations. A user restricted to some ship-tos sees only
 * those (as on /me); dealer admins are normally unrestricted and see all of them.
 */
export async function listShipTos(principal: Principal, user: PortalUser, deps: { dealers: DealerStore }) {
  if (principal.kind !== 'dealer') throw new Forbidden('ship-tos belong to dealers');
  const { dealer, shipTos } = await deps.dealers.getWithShipTos(principal.dealerId);
  if (!dealer) throw new NotFound(`dealer ${principal.dealerId}`);
  const allowed = user.shipToIds ? new Set(user.shipToIds) : undefined;
  return {
    branches: [...(dealer.branches ?? [])],
    shipTos: shipTos
      .filter((s) => !allowed || allowed.has(s.shipToId))
      .map((s) => ({ shipToId: s.shipToId, name: s.name, address: s.address, preferredWarehouseId: s.preferredWarehouseId, branchId: s.branchId ?? null })),
  };
}
