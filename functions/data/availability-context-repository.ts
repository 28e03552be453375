import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { defaultEntitlement, type Entitlement } from '#domain/entitlements';
import type { AvailabilityContext, AvailabilityContextStore, SkuFacts, SkuFactsStore, SkuStock, StoredProduct } from '#domain/ports';
import { batchGetAll } from './batch-get.ts';
import { fromProductItem, isProductItem, type ProductItem } from './catalog-items.ts';
import { keys, type ItemKey } from './table-design.ts';
import { queryAll } from './query-all.ts';
import { currentShipTos } from './dealer-repository.ts';
import { toSkuStock } from './stock-repository.ts';

/**
 * What an ATP read needs about the dealer, in one Query of the dealer's partition: `ENTITLEMENTS`,
 * `PROFILE` and `SHIPTO#…` sort next to each other (and before `USER#…`), so one range reads the
 * entitlement, the profile's revision and allowed warehouses, and the ship-tos. Ship-tos whose revision is not the profile's
 * are left behind by a racing update and ignored (same rule as functions/data/dealer-repository.ts).
 */
export class AvailabilityContextRepository implements AvailabilityContextStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(dealerId: string): Promise<AvailabilityContext> {
    const from = keys.entitlements(dealerId);
    const profileKey = keys.dealer(dealerId);
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': from.pk, ':from': from.sk, ':to': `${keys.shipToPrefix}\uffff` },
    });
    const profile = items.find((i) => i.sk === profileKey.sk);
    const entitlement = (items.find((i) => i.sk === from.sk)?.entitlement as Entitlement | undefined) ?? defaultEntitlement;
    if (!profile) return { dealerFound: false, entitlement, shipTos: [] };
    const shipTos = currentShipTos(items, profile.revision).map((s) => ({ shipToId: s.shipToId, preferredWarehouseId: s.preferredWarehouseId }));
    const allowedWarehouseIds = profile.allowedWarehouseIds as string[] | undefined;
    return { dealerFound: true, entitlement, shipTos, ...(allowedWarehouseIds ? { allowedWarehouseIds } : {}) };
  }
}

/**
 * What an ATP read needs about the asked SKUs — the stock item (`keys.stock`) and the catalog product
 * (`keys.product`) of each — in the same BatchGets: a BatchGet takes any 100 keys of the table, so 2
 * keys per SKU cost ceil(2·skus/100) requests (1 up to 50 SKUs), all issued together
 * (functions/data/batch-get.ts). Whole items are read: a BatchGet has one projection per table, and a
 * stock item's attributes are named per warehouse and supply. Items are told apart by their key. The
 * product item is also the SKU's price sheet, so it comes with every list entry and dealer contract
 * of the SKU (read cost: up to 400 KB per item, 4 KB per read unit, for a SKU with many contracts);
 * an item without `lockVersion` holds prices only and counts as no product.
 */
export class AvailabilitySkuRepository implements SkuFactsStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(skus: readonly string[]): Promise<SkuFacts> {
    const idOf = (key: { pk: unknown; sk: unknown }) => `${String(key.pk)}\u0000${String(key.sk)}`;
    const read = new Map<string, { sku: string; kind: 'stock' | 'product' }>();
    const all: ItemKey[] = [];
    for (const sku of new Set(skus)) {
      for (const [kind, key] of [['stock', keys.stock(sku)], ['product', keys.product(sku)]] as const) {
        all.push(key);
        read.set(idOf(key), { sku, kind });
      }
    }
    const stock = new Map<string, SkuStock>();
    const products = new Map<string, StoredProduct>();
    for (const item of await batchGetAll(this.client, this.tableName, all)) {
      const of = read.get(idOf(item as { pk: unknown; sk: unknown }));
      if (of?.kind === 'stock') stock.set(of.sku, toSkuStock(item));
      else if (of?.kind === 'product' && isProductItem(item)) products.set(of.sku, fromProductItem(item as unknown as ProductItem));
    }
    return { stock, products };
  }
}
