import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { categoryUpserted } from '#events/category-upserted';
import { contractPriceUpserted } from '#events/contract-price-upserted';
import type { EventContract } from '#events/contract';
import { productUpserted } from '#events/product-upserted';
import { keys, indexedAttributes } from '#functions/data/table-design';
import { publishErpEvents } from '#local/erp';
import { boltTemplate, categoryDetail, productDetail } from '#test/support/catalog-fixtures';
import { startTestStack, type TestStack } from '#test/support/local-stack';

/**
 * The catalog indexes copy a listed product's listing attributes, never its prices (docs/data-model.md,
 * "Index projections"): the product item is also the SKU's price sheet.
 */
let stack: TestStack;

async function publish<S extends EventContract['detail']>(contract: EventContract<S>, details: readonly unknown[]) {
  await publishErpEvents(contract, details);
  await stack.bus.drain();
}

beforeAll(async () => {
  stack = await startTestStack();
  await publish(categoryUpserted, [categoryDetail('bolts', { attributes: boltTemplate })]);
  await publish(productUpserted, [productDetail('IDX-1')]);
  await publish(contractPriceUpserted, [
    { schemaVersion: 1, revision: 1, occurredAt: '2026-11-30T09:00:00Z', contractId: 'K-1', dealerId: 'D-A', sku: 'IDX-1', currency: 'USD', amountMinor: 4_000, validFrom: '2020-01-01' },
  ]);
});
afterAll(() => stack?.stop());

describe('index projections', () => {
  it('keep a listed product’s contract on its item and out of both catalog indexes', async () => {
    const item = (await stack.documentClient.send(new GetCommand({ TableName: stack.tableName, Key: keys.product('IDX-1') }))).Item!;
    expect(item).toHaveProperty('C_D-A');
    expect(item.gsi1pk).toBe(keys.catalogPartition('bolts'));

    for (const index of ['gsi1', 'gsi2'] as const) {
      const page = await stack.documentClient.send(
        new QueryCommand({ TableName: stack.tableName, IndexName: index, KeyConditionExpression: `${index}pk = :pk`, ExpressionAttributeValues: { ':pk': keys.catalogPartition('bolts') } }),
      );
      const entry = page.Items?.find((i) => i.sku === 'IDX-1');
      expect(entry, index).toBeDefined();
      const copied = Object.keys(entry!).filter((name) => !['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk'].includes(name));
      expect(copied.every((name) => (indexedAttributes as readonly string[]).includes(name)), `${index}: ${copied.join(', ')}`).toBe(true);
      expect(copied).toEqual(expect.arrayContaining(['sku', 'name', 'searchText', 'facets']));
      expect(copied.some((name) => name.startsWith('C_') || name.startsWith('L_'))).toBe(false);
    }
  });
});
