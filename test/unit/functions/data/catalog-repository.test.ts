import { afterEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { evaluate } from '#domain/governance';
import type { ProductWrite } from '#domain/ports';
import type { ProductRecord } from '#domain/product';
import type { Category } from '#domain/taxonomy';
import { CatalogRepository } from '#functions/data/catalog-repository';
import { keys } from '#functions/data/table-design';

const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }));
const ddb = mockClient(documentClient);
afterEach(() => ddb.reset());

const category: Category = { categoryId: 'c', name: 'C', attributes: [{ code: 'size', label: 'Size', type: 'enum', required: true, allowedValues: ['M'] }], revision: 2, updatedAt: 't' };
const record = (sku: string, size = 'M'): ProductRecord => ({
  sku,
  data: { name: sku, description: '', categoryId: 'c', attributes: { size }, unitOfMeasure: 'EA', packSize: 1, minimumOrderQuantity: 1, orderMultiple: 1, imageUrls: [], documents: [] },
  dataRevision: 1,
  lifecycle: 'active',
  lifecycleRevision: 1,
  revision: 1,
  updatedAt: 't',
});
const newWrite = (sku: string, size = 'M'): ProductWrite => ({ record: record(sku, size), verdict: evaluate(record(sku, size), category), categoryRevision: 2 });
const transactions = () => ddb.commandCalls(TransactWriteCommand).map((call) => call.args[0].input.TransactItems ?? []);
const repository = () => new CatalogRepository(documentClient, 't', { shard: () => 3 });
/** The product attributes an Update action SETs (by name) and the names it REMOVEs. */
const productUpdate = (action: { Update?: { UpdateExpression?: string; ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Record<string, unknown> } } | undefined) => {
  const update = action?.Update;
  const names = update?.ExpressionAttributeNames ?? {};
  const [setPart = '', removePart = ''] = (update?.UpdateExpression ?? '').replace(/^SET /, '').split(' REMOVE ');
  const set = Object.fromEntries<unknown>(
    setPart
      .split(', ')
      .filter(Boolean)
      .map((assignment) => {
        const [name = '', value = ''] = assignment.split(' = ');
        const assigned: unknown = update?.ExpressionAttributeValues?.[value];
        return [names[name] ?? name, assigned] as const;
      }),
  );
  const removed = removePart.split(', ').filter(Boolean).map((name) => names[name]);
  return { set, removed };
};

describe('CatalogRepository.write', () => {
  it('writes a new complete product with its listing keys and its counter, in one transaction', async () => {
    ddb.on(TransactWriteCommand).resolves({});

    await expect(repository().write([newWrite('SKU-1')])).resolves.toEqual({ notWritten: [] });

    const [items] = transactions();
    expect(items).toHaveLength(2);
    expect(items?.[0]?.Put).toMatchObject({ ConditionExpression: 'attribute_not_exists(pk)', Item: { ...keys.product('SKU-1'), ...keys.catalogBySku('c', 'SKU-1'), state: 'complete', lockVersion: 1 } });
    expect(items?.[1]?.Update).toMatchObject({ Key: keys.governanceCounter(3, 'c'), ExpressionAttributeValues: { ':a0': 1, ':a1': 1 } });
    expect(items?.[1]?.Update?.ExpressionAttributeNames).toMatchObject({ '#a0': 'complete', '#a1': 't_2' });
  });

  it('writes a quarantined product with its entry, no listing keys, and a check on the category revision', async () => {
    ddb.on(TransactWriteCommand).resolves({});

    await repository().write([newWrite('SKU-1', 'XXL')]);

    const [items] = transactions();
    const product = items?.[0]?.Put?.Item;
    expect(product).toMatchObject({ state: 'quarantined', reasons: [{ code: 'value-not-allowed' }] });
    expect(product).not.toHaveProperty('gsi1pk');
    expect(product).not.toHaveProperty('gsi2pk');
    expect(items?.[1]?.Put?.Item).toMatchObject({ ...keys.quarantineEntry('c', 'SKU-1'), ...keys.quarantineListing('c', 'SKU-1') });
    expect(items?.find((i) => i.ConditionCheck)?.ConditionCheck).toMatchObject({ Key: keys.category('c'), ConditionExpression: 'revision = :revision', ExpressionAttributeValues: { ':revision': 2 } });
  });

  it('writes a new product over an item holding prices or stock only with an Update that keeps them, guarded by there being no product yet', async () => {
    ddb.on(BatchGetCommand).resolves({ Responses: { t: [{ ...keys.product('SKU-1'), sku: 'SKU-1' }] } });
    ddb.on(TransactWriteCommand).resolves({});
    const catalog = repository();

    await expect(catalog.getForWrite(['SKU-1'])).resolves.toEqual({ products: new Map(), itemOnly: new Set(['SKU-1']) });
    await catalog.write([{ ...newWrite('SKU-1'), itemExists: true }]);

    const [items] = transactions();
    expect(items?.[0]?.Update).toMatchObject({ Key: keys.product('SKU-1'), ConditionExpression: 'attribute_not_exists(#lock)', ExpressionAttributeNames: { '#lock': 'lockVersion' } });
    const { set, removed } = productUpdate(items?.[0]);
    expect(set).toMatchObject({ entity: 'product', sku: 'SKU-1', ...keys.catalogBySku('c', 'SKU-1'), state: 'complete', lockVersion: 1 });
    expect(removed).toEqual(expect.arrayContaining(['reasons', 'replacementSku']));
    expect(removed).not.toContain('gsi1pk');
  });

  it('quarantines an existing product with an Update that removes its listing keys and search fields', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    const previous = { record: record('SKU-1'), verdict: evaluate(record('SKU-1'), category), lockVersion: 2 };

    await repository().write([{ previous, record: record('SKU-1', 'XXL'), verdict: evaluate(record('SKU-1', 'XXL'), category), categoryRevision: 2 }]);

    const [items] = transactions();
    const { set, removed } = productUpdate(items?.[0]);
    expect(set).toMatchObject({ state: 'quarantined', reasons: [{ code: 'value-not-allowed' }], lockVersion: 3 });
    expect(set).not.toHaveProperty('gsi1pk');
    expect(removed).toEqual(expect.arrayContaining(['gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'searchText', 'facets']));
  });

  it('releases a quarantined product: deletes its entry and moves its counts, guarded by the lock version read', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    const previous = { record: record('SKU-1', 'XXL'), verdict: evaluate(record('SKU-1', 'XXL'), category), lockVersion: 4 };

    await repository().write([{ previous, record: record('SKU-1'), verdict: evaluate(record('SKU-1'), category), categoryRevision: 2 }]);

    const [items] = transactions();
    expect(items?.[0]?.Update).toMatchObject({ ConditionExpression: '#lock = :lockVersion', ExpressionAttributeNames: { '#lock': 'lockVersion' }, ExpressionAttributeValues: { ':lockVersion': 4 } });
    expect(productUpdate(items?.[0]).set).toMatchObject({ lockVersion: 5, state: 'complete' });
    expect(productUpdate(items?.[0]).removed).toContain('reasons');
    expect(items?.[1]?.Delete?.Key).toEqual(keys.quarantineEntry('c', 'SKU-1'));
    const update = items?.[2]?.Update;
    const added = Object.fromEntries(Object.entries(update?.ExpressionAttributeNames ?? {}).filter(([k]) => k.startsWith('#a')).map(([k, name]) => [name, update?.ExpressionAttributeValues?.[`:${k.slice(1)}`] as number]));
    expect(added).toEqual({ complete: 1, quarantined: -1, 'r_value-not-allowed': -1, t_2: 1 });
  });

  it('groups a bulk write into transactions of at most 100 actions, adding up counters per item', async () => {
    ddb.on(TransactWriteCommand).resolves({});

    await repository().write(Array.from({ length: 250 }, (_, i) => newWrite(`SKU-${i}`)));

    const sizes = transactions().map((items) => items.length);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(100);
    const puts = transactions().flat().filter((i) => i.Put).length;
    expect(puts).toBe(250);
    const counterAdds = transactions()
      .flat()
      .filter((i) => i.Update)
      .reduce((n, i) => n + (i.Update?.ExpressionAttributeValues?.[':a0'] as number), 0);
    expect(counterAdds).toBe(250);
    for (const items of transactions()) {
      const counterKeys = items.filter((i) => i.Update).map((i) => JSON.stringify(i.Update?.Key));
      expect(new Set(counterKeys).size).toBe(counterKeys.length);
    }
  });

  it('reports the SKUs of a transaction cancelled by a condition or a conflict as not written', async () => {
    ddb
      .on(TransactWriteCommand)
      .rejectsOnce(new TransactionCanceledException({ message: 'x', $metadata: {}, CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }] }))
      .rejectsOnce(new TransactionCanceledException({ message: 'x', $metadata: {}, CancellationReasons: [{ Code: 'None' }, { Code: 'TransactionConflict' }] }));

    await expect(repository().write([newWrite('SKU-1')])).resolves.toEqual({ notWritten: ['SKU-1'] });
    await expect(repository().write([newWrite('SKU-2')])).resolves.toEqual({ notWritten: ['SKU-2'] });
  });

  it('rethrows any other cancellation', async () => {
    ddb.on(TransactWriteCommand).rejects(new TransactionCanceledException({ message: 'x', $metadata: {}, CancellationReasons: [{ Code: 'ValidationError' }] }));
    await expect(repository().write([newWrite('SKU-1')])).rejects.toBeInstanceOf(TransactionCanceledException);
  });
});
