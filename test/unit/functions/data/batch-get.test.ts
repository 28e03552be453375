import { afterEach, describe, expect, it, vi } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { batchGetAll, getIndexed, maxBatchGetRetries } from '#functions/data/batch-get';
import { keys } from '#functions/data/table-design';

const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }));
const ddb = mockClient(documentClient);
afterEach(() => {
  ddb.reset();
  vi.useRealTimers();
});

type Key = Record<string, unknown>;
const keysOf = (call: number) => (ddb.commandCalls(BatchGetCommand)[call]!.args[0].input.RequestItems?.t?.Keys ?? []) as Key[];
/** Answers every request with its keys as items (each key found). */
const echo = () => ddb.on(BatchGetCommand).callsFake((input: { RequestItems: Record<string, { Keys: Key[] }> }) => ({ Responses: { t: input.RequestItems.t!.Keys } }));

describe('batchGetAll', () => {
  it('reads any keys of the table in requests of at most 100, all issued before the first answers', async () => {
    const skus = Array.from({ length: 125 }, (_, i) => `S-${i}`);
    const all = skus.flatMap((sku) => [keys.product(sku), keys.entitlements(sku)]);
    let inFlight = 0;
    let peak = 0;
    ddb.on(BatchGetCommand).callsFake(async (input: { RequestItems: Record<string, { Keys: Key[] }> }) => {
      peak = Math.max(peak, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight -= 1;
      return { Responses: { t: input.RequestItems.t!.Keys } };
    });

    const items = await batchGetAll(documentClient, 't', all);

    expect(ddb).toHaveReceivedCommandTimes(BatchGetCommand, 3);
    expect([0, 1, 2].map((call) => keysOf(call).length)).toEqual([100, 100, 50]);
    expect(peak).toBe(3);
    expect(items).toHaveLength(250);
    expect(new Set(items.map((i) => `${String(i.pk)}|${String(i.sk)}`)).size).toBe(250);
  });

  it('asks for a repeated key once (DynamoDB refuses duplicates in one request)', async () => {
    echo();

    const items = await batchGetAll(documentClient, 't', [keys.dealer('A'), keys.product('A'), keys.dealer('A')]);

    expect(keysOf(0)).toEqual([keys.dealer('A'), keys.product('A')]);
    expect(items).toHaveLength(2);
  });

  it('makes no request for no keys', async () => {
    await expect(batchGetAll(documentClient, 't', [])).resolves.toEqual([]);
    expect(ddb).toHaveReceivedCommandTimes(BatchGetCommand, 0);
  });

  it('passes a projection and consistent read on to every request', async () => {
    echo();

    await batchGetAll(documentClient, 't', [keys.stock('A')], { ProjectionExpression: '#s', ExpressionAttributeNames: { '#s': 'sku' }, ConsistentRead: true });

    expect(ddb).toHaveReceivedCommandWith(BatchGetCommand, { RequestItems: { t: { Keys: [keys.stock('A')], ProjectionExpression: '#s', ExpressionAttributeNames: { '#s': 'sku' }, ConsistentRead: true } } });
  });

  it('retries only the unprocessed keys (an extra request only then) and returns every item once', async () => {
    vi.useFakeTimers();
    const [a, b, c] = [keys.stock('A'), keys.stock('B'), keys.product('C')];
    ddb
      .on(BatchGetCommand)
      .resolvesOnce({ Responses: { t: [a] }, UnprocessedKeys: { t: { Keys: [b, c] } } })
      .resolvesOnce({ Responses: { t: [c] }, UnprocessedKeys: { t: { Keys: [b] } } })
      .resolvesOnce({ Responses: { t: [b] } });

    const read = batchGetAll(documentClient, 't', [a, b, c]);
    await vi.runAllTimersAsync();

    await expect(read).resolves.toEqual([a, c, b]);
    expect(ddb).toHaveReceivedCommandTimes(BatchGetCommand, 3);
    expect(keysOf(1)).toEqual([b, c]);
    expect(keysOf(2)).toEqual([b]);
  });

  it('fails rather than answer with items missing when keys stay unprocessed', async () => {
    vi.useFakeTimers();
    const key = keys.stock('A');
    ddb.on(BatchGetCommand).resolves({ UnprocessedKeys: { t: { Keys: [key] } } });

    const read = batchGetAll(documentClient, 't', [key]);
    const failed = expect(read).rejects.toThrow(/still unprocessed/);
    await vi.runAllTimersAsync();
    await failed;

    expect(ddb).toHaveReceivedCommandTimes(BatchGetCommand, maxBatchGetRetries + 1);
  });
});

describe('getIndexed', () => {
  it('returns the items behind index entries in the entries’ order, leaving out deleted items and those `keep` refuses', async () => {
    const entries = ['R-3', 'R-1', 'R-2', 'R-4'].map((id) => ({ ...keys.specialPriceRequest(id), gsi1pk: 'SPECIALPRICE#pending', gsi1sk: id }));
    // The table answers in another order; R-2 was deleted and R-4 decided since the index page was read.
    ddb.on(BatchGetCommand).resolves({
      Responses: {
        t: [
          { ...keys.specialPriceRequest('R-4'), requestId: 'R-4', status: 'approved' },
          { ...keys.specialPriceRequest('R-1'), requestId: 'R-1', status: 'pending' },
          { ...keys.specialPriceRequest('R-3'), requestId: 'R-3', status: 'pending' },
        ],
      },
    });

    const items = await getIndexed(documentClient, 't', entries, (item) => item.status === 'pending');

    expect(items.map((i) => i.requestId)).toEqual(['R-3', 'R-1']);
    expect(keysOf(0)).toEqual(entries.map(({ pk, sk }) => ({ pk, sk })));
  });

  it('sends nothing for an empty page', async () => {
    expect(await getIndexed(documentClient, 't', [])).toEqual([]);
    expect(ddb).toHaveReceivedCommandTimes(BatchGetCommand, 0);
  });
});
