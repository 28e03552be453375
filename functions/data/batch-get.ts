import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ItemKey } from './table-design.ts';

/** What a BatchGet may add to its keys (one set per table: a projection applies to every item read). */
export interface BatchGetOptions {
  readonly ProjectionExpression?: string;
  readonly ExpressionAttributeNames?: Record<string, string>;
  readonly ConsistentRead?: boolean;
}

/** DynamoDB's limit of keys per BatchGetItem request. */
export const batchGetLimit = 100;

/** Retries of the keys a BatchGet left unprocessed before giving up. */
export const maxBatchGetRetries = 8;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The items of any keys of one table (any entities mixed), in BatchGets of at most 100 keys, all
 * issued together: ceil(keys/100) requests. Duplicate keys are read once (DynamoDB refuses a request
 * that repeats a key). UnprocessedKeys (throttling, or a response past 16 MB) are retried with
 * jittered backoff — extra requests only then — and after `maxBatchGetRetries` retries the call fails
 * rather than answer with items missing. Items come back in no particular order; absent keys are
 * simply not among them.
 */
export async function batchGetAll(client: DynamoDBDocumentClient, tableName: string, keys: readonly ItemKey[], options: BatchGetOptions = {}): Promise<Record<string, unknown>[]> {
  const unique = new Map<string, ItemKey>();
  for (const key of keys) unique.set(`${key.pk}\u0000${key.sk}`, key);
  const all = [...unique.values()];
  const chunks: ItemKey[][] = [];
  for (let i = 0; i < all.length; i += batchGetLimit) chunks.push(all.slice(i, i + batchGetLimit));
  const found: Record<string, unknown>[] = [];
  await Promise.all(
    chunks.map(async (chunk) => {
      let pending: Record<string, unknown>[] = chunk.map((k) => ({ pk: k.pk, sk: k.sk }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > maxBatchGetRetries) throw new Error(`BatchGet still unprocessed after ${attempt} attempts (${pending.length} keys left)`);
        if (attempt > 0) await sleep(Math.min(1000, 25 * 2 ** attempt * (0.5 + Math.random())));
        const out = await client.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ...options } } }));
        found.push(...(out.Responses?.[tableName] ?? []));
        pending = (out.UnprocessedKeys?.[tableName]?.Keys as Record<string, unknown>[] | undefined) ?? [];
      }
    }),
  );
  return found;
}

/**
 * The table items behind one page of index entries, in the page's order (an index entry always holds
 * its item's `pk` and `sk`): for listings whose index copies only some attributes (see
 * `indexedAttributes` in table-design.ts). One BatchGet per 100 entries. An item deleted since the
 * index page was read is left out; `keep` drops items that changed so they no longer belong to the
 * listing (the index is eventually consistent, the item is read as it is now).
 */
export async function getIndexed(
  client: DynamoDBDocumentClient,
  tableName: string,
  entries: readonly Record<string, unknown>[],
  keep: (item: Record<string, unknown>) => boolean = () => true,
): Promise<Record<string, unknown>[]> {
  if (entries.length === 0) return [];
  const idOf = (item: Record<string, unknown>) => `${String(item.pk)}\u0000${String(item.sk)}`;
  const found = new Map((await batchGetAll(client, tableName, entries.map((e) => ({ pk: String(e.pk), sk: String(e.sk) })))).map((item) => [idOf(item), item]));
  return entries.flatMap((entry) => {
    const item = found.get(idOf(entry));
    return item && keep(item) ? [item] : [];
  });
}
