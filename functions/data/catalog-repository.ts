import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { decideRevision } from '#domain/dealer';
import { factsOf, governanceDelta, sumDeltas, type CounterDelta } from '#domain/governance';
import type { ProductStore, ProductWrite, StoredProduct, TaxonomyStore, UpsertOutcome } from '#domain/ports';
import type { Category } from '#domain/taxonomy';
import { fromCategoryItem, fromProductItem, isProductItem, productItemAttributeNames, productItemUpdate, toCategoryItem, toProductItem, type CategoryItem, type ProductItem } from './catalog-items.ts';
import { batchGetAll } from './batch-get.ts';
import { categoryNodeUpdate } from './price-repository.ts';
import { keys, type ItemKey } from './table-design.ts';
import { queryAll } from './query-all.ts';

/**
 * Governance counters are spread over this many items per category, so concurrent writers rarely
 * meet on one. Only the sum over a category's shards means anything (a shard may even go negative:
 * a product counted on one shard can be moved off another), so each transaction picks one shard for
 * all its counter updates — a bulk transaction of ~90 products of a category then adds to one item.
 */
export const governanceShards = 8;
const randomShard = () => Math.floor(Math.random() * governanceShards);

/** A transaction holds at most 100 actions (DynamoDB's limit). */
const maxActions = 100;
const counterAttribute = {
  reason: (code: string) => `r_${code}`,
  template: (revision: string) => `t_${revision}`,
};

type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

/**
 * The taxonomy and the product master. Every product write is one transaction with everything that
 * depends on it — its quarantine entry and its category's governance counters — guarded by the
 * product's lock version, so a transition is applied whole or not at all and counters never drift.
 * Writes are grouped into transactions of up to 100 actions (bulk loads); a group that is cancelled
 * because something changed reports its SKUs as not written, for the caller to re-read and retry.
 */
export class CatalogRepository implements TaxonomyStore, ProductStore {

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly options: { readonly shard?: () => number } = {},
  ) {}

  async all(): Promise<Category[]> {
    const items = (await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.taxonomyPartition },
    })) as unknown as CategoryItem[];
    return items.map(fromCategoryItem);
  }

  async byIds(categoryIds: Iterable<string>): Promise<Map<string, Category>> {
    const items = await this.batchGet<CategoryItem>([...new Set(categoryIds)].map((id) => keys.category(id)));
    return new Map(items.map((item) => [item.categoryId, fromCategoryItem(item)]));
  }

  async upsert(category: Category): Promise<UpsertOutcome> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: toCategoryItem(category),
          ConditionExpression: 'attribute_not_exists(pk) OR revision < :revision',
          ExpressionAttributeValues: { ':revision': category.revision },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      await this.writeTreeNode(category);
      return 'applied';
    } catch (error) {
      if (!(error instanceof Error) || error.name !== 'ConditionalCheckFailedException') throw error;
      const stored = (error as { Item?: { revision?: { N?: string } } }).Item?.revision?.N;
      const decision = decideRevision(stored === undefined ? undefined : Number(stored), category.revision);
      if (decision === 'duplicate') await this.writeTreeNode(category); // a redelivery repairs a crash between the two writes
      return decision === 'apply' ? 'stale' : decision;
    }
  }

  /** The category's node in the taxonomy tree item a quote reads (revision-guarded; idempotent). */
  private async writeTreeNode(category: Category): Promise<void> {
    try {
      await this.client.send(categoryNodeUpdate(this.tableName, category));
    } catch (error) {
      if (!(error instanceof Error) || error.name !== 'ConditionalCheckFailedException') throw error;
    }
  }

  /**
   * The products of these SKUs, projected to the product attributes (the item also holds the SKU's
   * list entries, every dealer's contract and its stock). An item without `lockVersion` holds prices or
   * stock only: absent.
   */
  async get(skus: readonly string[]): Promise<Map<string, StoredProduct>> {
    return (await this.getForWrite(skus)).products;
  }

  /**
   * `itemOnly`: SKUs whose item holds prices or stock only (written before the catalog knew the SKU).
   * A new product's item is written with a Put when no item was there — a Put is cheaper than the
   * Update that must keep the prices and stock (catalog ingest on DynamoDB Local) — and with the
   * Update when one was (`ProductWrite.itemExists`). A price or stock write landing between the read
   * and the Put fails the Put's condition: the group is reported not written, and the caller's re-read
   * finds the item.
   */
  async getForWrite(skus: readonly string[]): Promise<{ products: Map<string, StoredProduct>; itemOnly: Set<string> }> {
    const names = Object.fromEntries(productItemAttributeNames.map((name, i) => [`#a${i}`, name]));
    const items = await batchGetAll(
      this.client,
      this.tableName,
      skus.map((sku) => keys.product(sku)),
      { ProjectionExpression: Object.keys(names).join(', '), ExpressionAttributeNames: names },
    );
    return {
      products: new Map(items.filter(isProductItem).map((item) => [item.sku as string, fromProductItem(item as unknown as ProductItem)])),
      itemOnly: new Set(items.filter((item) => !isProductItem(item)).map((item) => item.sku as string)),
    };
  }

  async quarantinedSkus(categoryId: string, after: string | undefined, limit: number): Promise<{ skus: string[]; last?: string | undefined }> {
    const page = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.quarantinePartition(categoryId) },
        ProjectionExpression: 'sku',
        ConsistentRead: true,
        Limit: limit,
        ...(after ? { ExclusiveStartKey: keys.quarantineEntry(categoryId, after) } : {}),
      }),
    );
    const skus = (page.Items ?? []).map((i) => i.sku as string);
    return { skus, ...(page.LastEvaluatedKey ? { last: skus.at(-1) } : {}) };
  }

  async write(writes: readonly ProductWrite[]): Promise<{ readonly notWritten: readonly string[] }> {
    const notWritten: string[] = [];
    const newGroup = () => new TransactionGroup((this.options.shard ?? randomShard)());
    let group = newGroup();
    const flush = async () => {
      if (group.skus.length === 0) return;
      if (!(await this.commit(group))) notWritten.push(...group.skus);
      group = newGroup();
    };
    // Products of one category next to each other: their counter updates add up on one item.
    const byCategory = [...writes].sort((a, b) => {
      const [ca, cb] = [a.record.data?.categoryId ?? '', b.record.data?.categoryId ?? ''];
      return ca < cb ? -1 : ca > cb ? 1 : a.record.sku < b.record.sku ? -1 : 1;
    });
    for (const write of byCategory) {
      const plan = this.plan(write);
      if (!group.fits(plan)) await flush();
      group.add(plan);
    }
    await flush();
    return { notWritten };
  }

  /** The actions of one product transition, before grouping. */
  private plan(write: ProductWrite): PlannedWrite {
    const { previous, record, verdict } = write;
    const lockVersion = (previous?.lockVersion ?? 0) + 1;
    const item = toProductItem(record, verdict, lockVersion);
    const actions: TransactItem[] = [previous || write.itemExists ? this.productUpdate(item, previous?.lockVersion) : { Put: { TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } }];
    const nextCategory = record.data?.categoryId ?? null;
    const previousCategory = previous ? (previous.record.data?.categoryId ?? null) : undefined;
    const previousEntry = previous?.verdict.state === 'quarantined' ? keys.quarantineEntry(previousCategory ?? null, record.sku) : undefined;
    const nextEntry = verdict.state === 'quarantined' ? keys.quarantineEntry(nextCategory, record.sku) : undefined;
    if (previousEntry && (!nextEntry || previousEntry.pk !== nextEntry.pk)) {
      actions.push({ Delete: { TableName: this.tableName, Key: previousEntry } });
    }
    if (nextEntry && verdict.state === 'quarantined') {
      actions.push({
        Put: {
          TableName: this.tableName,
          Item: {
            ...nextEntry,
            ...keys.quarantineListing(nextCategory, record.sku),
            entity: 'quarantine',
            sku: record.sku,
            ...(record.data ? { name: record.data.name } : {}),
            categoryId: nextCategory,
            revision: record.revision,
            reasons: [...verdict.reasons],
            updatedAt: record.updatedAt,
          },
        },
      });
    }
    // A quarantine verdict is only as good as the category it was reached against: check that the
    // category is still at that revision (or still absent) when the transition commits.
    const check =
      verdict.state === 'quarantined' && nextCategory !== null
        ? { categoryId: nextCategory, expected: write.categoryRevision === undefined ? 'absent' : String(write.categoryRevision) }
        : undefined;
    const deltas = governanceDelta(previous ? factsOf(previous.record, previous.verdict) : undefined, factsOf(record, verdict));
    return { sku: record.sku, actions, deltas, check };
  }

  /**
   * The product's attributes written over an existing item, keeping every other attribute (the SKU's
   * prices and stock): guarded by the lock version read, or — over an item holding prices or stock only — by there being
   * no product yet.
   */
  private productUpdate(item: ProductItem, previousLockVersion: number | undefined): TransactItem {
    const update = productItemUpdate(item);
    return {
      Update: {
        TableName: this.tableName,
        Key: keys.product(item.sku),
        UpdateExpression: update.UpdateExpression,
        ExpressionAttributeNames: { ...update.ExpressionAttributeNames, '#lock': 'lockVersion' },
        ...(previousLockVersion === undefined
          ? { ConditionExpression: 'attribute_not_exists(#lock)', ExpressionAttributeValues: update.ExpressionAttributeValues }
          : { ConditionExpression: '#lock = :lockVersion', ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ':lockVersion': previousLockVersion } }),
      },
    };
  }

  private async commit(group: TransactionGroup): Promise<boolean> {
    const items: TransactItem[] = [...group.actions];
    for (const delta of group.counters.values()) {
      const update = counterUpdate(this.tableName, group.shard, delta);
      if (update) items.push(update);
    }
    for (const [categoryId, expected] of group.checks) {
      items.push({
        ConditionCheck: {
          TableName: this.tableName,
          Key: keys.category(categoryId),
          ...(expected === 'absent'
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : { ConditionExpression: 'revision = :revision', ExpressionAttributeValues: { ':revision': Number(expected) } }),
        },
      });
    }
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: items }));
      return true;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const codes = (error.CancellationReasons ?? []).map((r) => r.Code ?? 'None');
      if (codes.some((code) => !['None', 'ConditionalCheckFailed', 'TransactionConflict'].includes(code))) throw error;
      return false;
    }
  }

  private async batchGet<T>(allKeys: ItemKey[]): Promise<T[]> {
    return (await batchGetAll(this.client, this.tableName, allKeys)) as T[];
  }
}

interface PlannedWrite {
  readonly sku: string;
  readonly actions: TransactItem[];
  readonly deltas: CounterDelta[];
  readonly check?: { readonly categoryId: string; readonly expected: string } | undefined;
}

/** Product transitions sharing one transaction: counters added up per category on one shard, one check per category. */
class TransactionGroup {
  readonly skus: string[] = [];
  readonly actions: TransactItem[] = [];
  readonly counters = new Map<string, CounterDelta>();
  readonly checks = new Map<string, string>();

  constructor(readonly shard: number) {}

  private counterKey = (categoryId: string | null) => categoryId ?? '-';

  fits(plan: PlannedWrite): boolean {
    if (this.skus.length === 0) return true;
    if (plan.check && this.checks.has(plan.check.categoryId) && this.checks.get(plan.check.categoryId) !== plan.check.expected) return false;
    const newCounters = plan.deltas.filter((d) => !this.counters.has(this.counterKey(d.categoryId))).length;
    const newChecks = plan.check && !this.checks.has(plan.check.categoryId) ? 1 : 0;
    return this.actions.length + this.counters.size + this.checks.size + plan.actions.length + newCounters + newChecks <= maxActions;
  }

  add(plan: PlannedWrite) {
    this.skus.push(plan.sku);
    this.actions.push(...plan.actions);
    for (const delta of plan.deltas) {
      const key = this.counterKey(delta.categoryId);
      const existing = this.counters.get(key);
      this.counters.set(key, existing ? (sumDeltas([existing, delta])[0] ?? zeroDelta(delta.categoryId)) : delta);
    }
    if (plan.check) this.checks.set(plan.check.categoryId, plan.check.expected);
  }
}

const zeroDelta = (categoryId: string | null): CounterDelta => ({ categoryId, complete: 0, quarantined: 0, reasons: {}, templates: {} });

/** `ADD` of one category's counter changes on one shard item; undefined when nothing changes. */
function counterUpdate(tableName: string, shard: number, delta: CounterDelta): TransactItem | undefined {
  const names: Record<string, string> = { '#entity': 'entity', '#categoryId': 'categoryId' };
  const values: Record<string, unknown> = { ':entity': 'governanceCounter', ':categoryId': delta.categoryId };
  const adds: string[] = [];
  const add = (attribute: string, n: number) => {
    if (n === 0) return;
    const i = adds.length;
    names[`#a${i}`] = attribute;
    values[`:a${i}`] = n;
    adds.push(`#a${i} :a${i}`);
  };
  add('complete', delta.complete);
  add('quarantined', delta.quarantined);
  for (const [code, n] of Object.entries(delta.reasons)) add(counterAttribute.reason(code), n);
  for (const [revision, n] of Object.entries(delta.templates)) add(counterAttribute.template(revision), n);
  if (adds.length === 0) return undefined;
  return {
    Update: {
      TableName: tableName,
      Key: keys.governanceCounter(shard, delta.categoryId),
      UpdateExpression: `SET #entity = :entity, #categoryId = :categoryId ADD ${adds.join(', ')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/** Reads a counter item back: `r_<code>` and `t_<revision>` attributes into maps. */
export function parseCounterItem(item: Record<string, unknown>): { categoryId: string | null; complete: number; quarantined: number; reasons: Record<string, number>; templates: Record<string, number> } {
  const reasons: Record<string, number> = {};
  const templates: Record<string, number> = {};
  for (const [name, value] of Object.entries(item)) {
    if (typeof value !== 'number') continue;
    if (name.startsWith('r_')) reasons[name.slice(2)] = value;
    else if (name.startsWith('t_')) templates[name.slice(2)] = value;
  }
  return {
    categoryId: typeof item.categoryId === 'string' ? item.categoryId : null,
    complete: typeof item.complete === 'number' ? item.complete : 0,
    quarantined: typeof item.quarantined === 'number' ? item.quarantined : 0,
    reasons,
    templates,
  };
}
