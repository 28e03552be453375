import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { defaultEntitlement, type Entitlement } from '#domain/entitlements';
import type { AvailabilityRead, AvailabilityStore, SkuStock, StoredProduct } from '#domain/ports';
import type { PortalUser } from '#domain/user';
import { batchGetAll } from './batch-get.ts';
import { fromProductItem, isProductItem, type ProductItem } from './catalog-items.ts';
import { currentShipTos } from './dealer-repository.ts';
import { toSkuStock, toStockFeeds } from './stock-repository.ts';
import { toUser, userKey } from './user-repository.ts';
import { keys, type ItemKey } from './table-design.ts';

type Role = { kind: 'entitlement' } | { kind: 'profile' } | { kind: 'shipTo' } | { kind: 'feeds' } | { kind: 'user' } | { kind: 'sku'; sku: string };

/**
 * Everything an ATP answer reads, in the same BatchGets (a BatchGet takes any 100 keys of the table,
 * all requests issued together, functions/data/batch-get.ts): the dealer's entitlement, profile (its
 * revision and `allowedWarehouseIds`) and the asked ship-to, then per SKU its one item — stock
 * (`keys.stock`) and catalog product (`keys.product`) are the same item — and the warehouses' feed
 * freshness (`keys.stockFeeds`, one item). 4 + skus keys, so ceil((4 + skus)/100) requests;
 * `readWithUser` adds the caller's user record (what the route's authentication checks) to the same
 * requests: ceil((5 + skus)/100), 1 up to 95 SKUs, 2 for 96–100
 * (docs/data-model.md, "What an availability read costs"). Items are told apart by their key.
 *
 * The ship-to counts only when its revision is the profile's: one left behind by a racing update is
 * ignored (same rule as functions/data/dealer-repository.ts). Whole items are read: a BatchGet has one
 * projection per table, and stock attributes are named per warehouse and supply. The SKU's item is
 * also its price sheet, so it comes with every list entry and dealer contract of the SKU (read cost: up
 * to 400 KB per item, 4 KB per read unit, for a SKU with many contracts); an item without `lockVersion`
 * holds stock or prices only and counts as no product.
 */
export class AvailabilityRepository implements AvailabilityStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async read(dealerId: string, shipToId: string, skus: readonly string[]): Promise<AvailabilityRead> {
    return (await this.readAll(dealerId, shipToId, skus)).read;
  }

  /** `read` with the caller's user record in the same BatchGets, read as `UserRepository.get` reads it. */
  async readWithUser(dealerId: string, userId: string, shipToId: string, skus: readonly string[]): Promise<{ read: AvailabilityRead; user: PortalUser | undefined }> {
    const { read, user } = await this.readAll(dealerId, shipToId, skus, userId);
    return { read, user };
  }

  private async readAll(dealerId: string, shipToId: string, skus: readonly string[], userId?: string): Promise<{ read: AvailabilityRead; user: PortalUser | undefined }> {
    const idOf = (key: { pk: unknown; sk: unknown }) => `${String(key.pk)}\u0000${String(key.sk)}`;
    const roles = new Map<string, Role>();
    const all: ItemKey[] = [];
    const add = (key: ItemKey, role: Role) => {
      all.push(key);
      roles.set(idOf(key), role);
    };
    add(keys.entitlements(dealerId), { kind: 'entitlement' });
    add(keys.dealer(dealerId), { kind: 'profile' });
    add(keys.shipTo(dealerId, shipToId), { kind: 'shipTo' });
    add(keys.stockFeeds, { kind: 'feeds' });
    if (userId !== undefined) add(userKey({ userId, dealerId }), { kind: 'user' });
    for (const sku of new Set(skus)) add(keys.stock(sku), { kind: 'sku', sku });

    let entitlement: Entitlement = defaultEntitlement;
    let profile: Record<string, unknown> | undefined;
    let shipTo: Record<string, unknown> | undefined;
    let user: PortalUser | undefined;
    let feedsItem: Record<string, unknown> | undefined;
    const stock = new Map<string, SkuStock>();
    const products = new Map<string, StoredProduct>();
    for (const item of await batchGetAll(this.client, this.tableName, all)) {
      const role = roles.get(idOf(item as { pk: unknown; sk: unknown }));
      if (role?.kind === 'entitlement') entitlement = (item.entitlement as Entitlement | undefined) ?? defaultEntitlement;
      else if (role?.kind === 'profile') profile = item;
      else if (role?.kind === 'shipTo') shipTo = item;
      else if (role?.kind === 'user') user = toUser(item);
      else if (role?.kind === 'feeds') feedsItem = item;
      else if (role?.kind === 'sku') {
        stock.set(role.sku, toSkuStock(item));
        if (isProductItem(item)) products.set(role.sku, fromProductItem(item as unknown as ProductItem));
      }
    }

    const feeds = toStockFeeds(feedsItem);
    if (!profile) return { read: { context: { dealerFound: false, entitlement, shipTos: [] }, stock, products, feeds }, user };
    const shipTos = currentShipTos(shipTo ? [shipTo] : [], profile.revision).map((s) => ({ shipToId: s.shipToId, preferredWarehouseId: s.preferredWarehouseId }));
    const allowedWarehouseIds = profile.allowedWarehouseIds as string[] | undefined;
    return { read: { context: { dealerFound: true, entitlement, shipTos, ...(allowedWarehouseIds ? { allowedWarehouseIds } : {}) }, stock, products, feeds }, user };
  }
}
