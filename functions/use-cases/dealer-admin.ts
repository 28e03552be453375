import { userView } from '#domain/accounts';
import { NotFound } from '#domain/errors';
import type { DealerListing, DealerStore, DealerUserStore } from '#domain/ports';
import type { PortalUser } from '#domain/user';

/** Staff (portal admins, sales ops, credit) looking across dealers; the route's action gates who. */

export async function listDealers(page: { limit: number; cursor?: string | undefined }, deps: { dealerListing: DealerListing }) {
  const { items, nextCursor } = await deps.dealerListing.list(page);
  return {
    dealers: items.map((d) => ({ dealerId: d.dealerId, name: d.name, tier: d.tier, status: d.status, currency: d.currency })),
    nextCursor: nextCursor ?? null,
  };
}

/** A dealer's profile, branches, ship-tos and every user with roles and status. */
export async function describeDealer(dealerId: string, deps: { dealers: DealerStore; users: DealerUserStore }) {
  const [{ dealer, shipTos }, users] = await Promise.all([deps.dealers.getWithShipTos(dealerId), allUsers(dealerId, deps.users)]);
  if (!dealer) throw new NotFound(`dealer ${dealerId}`);
  return {
    dealer: {
      dealerId: dealer.dealerId,
      name: dealer.name,
      tier: dealer.tier,
      currency: dealer.currency,
      paymentTerms: dealer.paymentTerms,
      creditLimit: dealer.creditLimit,
      status: dealer.status,
      revision: dealer.revision,
      updatedAt: dealer.updatedAt,
    },
    branches: [...(dealer.branches ?? [])],
    shipTos: shipTos.map((s) => ({ shipToId: s.shipToId, name: s.name, address: s.address, preferredWarehouseId: s.preferredWarehouseId, branchId: s.branchId ?? null })),
    users: users.map(userView),
  };
}

async function allUsers(dealerId: string, users: DealerUserStore): Promise<PortalUser[]> {
  const all: PortalUser[] = [];
  let cursor: string | undefined;
  do {
    const page = await users.list(dealerId, { limit: 100, cursor });
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}
