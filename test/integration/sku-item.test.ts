import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { categoryUpserted } from '#events/category-upserted';
import { contractPriceUpserted } from '#events/contract-price-upserted';
import type { EventContract } from '#events/contract';
import { productUpserted } from '#events/product-upserted';
import { stockAdjusted } from '#events/stock-adjusted';
import { warehouseStockSnapshotChunk } from '#events/warehouse-stock-snapshot';
import { batchGetAll } from '#functions/data/batch-get';
import { CatalogRepository } from '#functions/data/catalog-repository';
import { StockRepository } from '#functions/data/stock-repository';
import { applyProductChanges, productChangeFromUpsert } from '#functions/use-cases/catalog-ingest';
import { keys } from '#functions/data/table-design';
import { publishErpEvents } from '#local/erp';
import { boltTemplate, categoryDetail, productDetail } from '#test/support/catalog-fixtures';
import { startTestStack, type TestStack } from '#test/support/local-stack';

/**
 * One item per SKU holds the catalog product, its price sheet and its stock (docs/data-model.md):
 * each writer sets its own attributes only, so whichever comes first and in whatever order, none
 * clobbers another's — and the catalog indexes copy none of the prices or stock.
 */
let stack: TestStack;
const sku = 'ONE-1';
const asOf = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();

async function publish<S extends EventContract['detail']>(contract: EventContract<S>, details: readonly unknown[]) {
  await publishErpEvents(contract, details);
  await stack.bus.drain();
}
const item = async () => (await stack.documentClient.send(new GetCommand({ TableName: stack.tableName, Key: keys.product(sku), ConsistentRead: true }))).Item!;

beforeAll(async () => {
  stack = await startTestStack();
  await publish(categoryUpserted, [categoryDetail('bolts', { attributes: boltTemplate })]);
});
afterAll(() => stack?.stop());

describe('the SKU item', () => {
  it('keeps stock, prices and the product through each other’s writes, whichever comes first', async () => {
    // Stock before the catalog knows the SKU: the item exists, but is no product.
    await publish(warehouseStockSnapshotChunk, [{ schemaVersion: 1, snapshotId: 'S-1', warehouseId: 'WH-EAST', version: 1, asOf: asOf(10), chunk: 1, chunks: 1, rows: [{ sku, onHand: 40, safetyStock: 0 }] }]);
    expect(await item()).not.toHaveProperty('lockVersion');

    await publish(contractPriceUpserted, [{ schemaVersion: 1, revision: 1, occurredAt: asOf(9), contractId: 'K-1', dealerId: 'D-A', sku, currency: 'USD', amountMinor: 4_000, validFrom: '2020-01-01' }]);
    await publish(productUpserted, [productDetail(sku)]);
    const stock = new StockRepository(stack.documentClient, stack.tableName);
    expect((await stock.reserve('O-1', [{ sku, warehouseId: 'WH-EAST', quantity: 5 }], asOf(8))).outcome).toBe('reserved');
    await publish(productUpserted, [productDetail(sku, { revision: 2, name: 'Renamed bolt' })]);
    await publish(stockAdjusted, [{ schemaVersion: 1, warehouseId: 'WH-EAST', sku, version: 2, asOf: asOf(5), onHand: 30, safetyStock: 0 }]);

    const all = await item();
    expect(all).toMatchObject({ entity: 'product', name: 'Renamed bolt', state: 'complete', 'C_D-A': { amountMinor: 4_000 }, 'reserved#WH-EAST': 5, 'net#WH-EAST': 25 });
    expect(all['level#WH-EAST']).toMatchObject({ onHand: 30, version: 2 });
    expect((await stock.get([sku])).get(sku)?.warehouses[0]).toMatchObject({ warehouseId: 'WH-EAST', onHand: 30, reserved: 5 });

    // The catalog index entry carries the listing attributes only.
    const page = await stack.documentClient.send(
      new QueryCommand({ TableName: stack.tableName, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': keys.catalogPartition('bolts') } }),
    );
    const entry = page.Items!.find((i) => i.sku === sku)!;
    expect(entry.name).toBe('Renamed bolt');
    expect(Object.keys(entry).filter((name) => /^(C_|L_|level#|reserved#|net#|supply#|alloc#)/.test(name))).toEqual([]);
  });

  it('ends with product and stock on every item when a catalog load and a snapshot of the same new SKUs race', async () => {
    const skus = Array.from({ length: 150 }, (_, i) => `RACE-${String(i).padStart(3, '0')}`);
    const catalog = new CatalogRepository(stack.documentClient, stack.tableName);
    const stock = new StockRepository(stack.documentClient, stack.tableName);
    const changes = skus.map((s) => productChangeFromUpsert(productUpserted.detail.parse(productDetail(s))));
    const rows = skus.map((s, i) => ({ sku: s, level: { onHand: 10 + i, safetyStock: 0, version: 1, asOf: asOf(1) } }));

    // Catalog groups (transactions of new products, Put when no item was read) against single stock
    // updates creating the same items: whichever lands first, the other must keep it.
    const [outcomes, levels] = await Promise.all([
      applyProductChanges(changes, { taxonomy: catalog, products: catalog }),
      stock.putLevels('WH-EAST', rows),
    ]);

    expect([...outcomes.values()].every((o) => o === 'applied')).toBe(true);
    expect(levels.every((o) => o === 'applied')).toBe(true);
    const items = await batchGetAll(stack.documentClient, stack.tableName, skus.map((s) => keys.product(s)), { ConsistentRead: true });
    expect(items).toHaveLength(skus.length);
    for (const item of items) {
      expect(item, String(item.sku)).toMatchObject({ entity: 'product', state: 'complete', lockVersion: 1 });
      expect((item['level#WH-EAST'] as { onHand: number }).onHand).toBe(10 + skus.indexOf(String(item.sku)));
    }
  });
});
