import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CategoryCounters, GovernanceReason } from '#domain/governance';
import type { GovernanceStore, QuarantineEntry, QuarantinePosition } from '#domain/ports';
import { governanceShards, parseCounterItem } from './catalog-repository.ts';
import { keys, type IndexName } from './table-design.ts';
import { queryAll } from './query-all.ts';

const quarantineIndex: IndexName = 'gsi1';

/** What the quarantine report reads of an entry (its Query projection; the index copies them: `indexedAttributes`). */
export const quarantineEntryAttributes = ['sku', 'name', 'categoryId', 'revision', 'reasons', 'updatedAt'] as const;

/**
 * The governance report's reads. Nothing here scans: the counters are `governanceShards` small
 * partitions (one Query each, every category in it), and the quarantine list is its own partition of
 * gsi1, both maintained by the product writes in the same transactions.
 */
export class GovernanceRepository implements GovernanceStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async counters(): Promise<Map<string | null, CategoryCounters>> {
    const shards = await Promise.all(Array.from({ length: governanceShards }, (_, shard) => this.queryAll(keys.governancePartition(shard))));
    const totals = new Map<string | null, { complete: number; quarantined: number; reasons: Record<string, number>; templates: Record<string, number> }>();
    for (const item of shards.flat()) {
      const counter = parseCounterItem(item);
      const sum = totals.get(counter.categoryId) ?? { complete: 0, quarantined: 0, reasons: {}, templates: {} };
      sum.complete += counter.complete;
      sum.quarantined += counter.quarantined;
      for (const [code, n] of Object.entries(counter.reasons)) sum.reasons[code] = (sum.reasons[code] ?? 0) + n;
      for (const [rev, n] of Object.entries(counter.templates)) sum.templates[rev] = (sum.templates[rev] ?? 0) + n;
      totals.set(counter.categoryId, sum);
    }
    return totals;
  }

  async quarantine(page: { categoryId?: string | null | undefined; after?: QuarantinePosition | undefined; limit: number }): Promise<{ items: QuarantineEntry[]; after?: QuarantinePosition | undefined }> {
    const filtered = page.categoryId !== undefined;
    const prefix = filtered ? keys.quarantineListing(page.categoryId ?? null, '').gsi1sk : undefined;
    const start = page.after;
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: quarantineIndex,
        KeyConditionExpression: prefix ? 'gsi1pk = :pk AND begins_with(gsi1sk, :prefix)' : 'gsi1pk = :pk',
        ProjectionExpression: quarantineEntryAttributes.map((_, i) => `#q${i}`).join(', '),
        ExpressionAttributeNames: Object.fromEntries(quarantineEntryAttributes.map((name, i) => [`#q${i}`, name])),
        ExpressionAttributeValues: { ':pk': keys.quarantineListingPartition, ...(prefix ? { ':prefix': prefix } : {}) },
        Limit: page.limit,
        ...(start ? { ExclusiveStartKey: { ...keys.quarantineEntry(start.categoryId, start.sku), ...keys.quarantineListing(start.categoryId, start.sku) } } : {}),
      }),
    );
    const items = (result.Items ?? []).map(
      (i): QuarantineEntry => ({
        sku: i.sku as string,
        ...(typeof i.name === 'string' ? { name: i.name } : {}),
        categoryId: (i.categoryId as string | null | undefined) ?? null,
        revision: i.revision as number,
        reasons: i.reasons as GovernanceReason[],
        updatedAt: i.updatedAt as string,
      }),
    );
    const last = items.at(-1);
    return { items, ...(result.LastEvaluatedKey && last ? { after: { categoryId: last.categoryId, sku: last.sku } } : {}) };
  }

  private queryAll(partition: string): Promise<Record<string, unknown>[]> {
    return queryAll(this.client, { TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': partition } });
  }
}
