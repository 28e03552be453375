import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { decideRevision } from '#domain/dealer';
import type { Entitlement } from '#domain/entitlements';
import type { UpsertOutcome } from '#domain/ports';
import { retainedVersions, type PriceListRetentionStore } from '#domain/price-lists';
import type { PromotionRecord, TierDefinition } from '#domain/pricing-rules';
import type { ContractEntry, ListItemEntry, ListPointer, PriceStore, PricingContext, PromotionEntry, SheetView } from '#domain/pricing-store';
import type { QuoteContext, QuoteFacts, QuoteReads, QuoteSku } from '#domain/quoting';
import type { Category } from '#domain/taxonomy';
import { fromCategoryItem, type CategoryItem, type ProductItem } from './catalog-items.ts';
import { batchGetAll, type BatchGetOptions } from './batch-get.ts';
import { currentShipTos } from './dealer-repository.ts';
import { keys, type ItemKey } from './table-design.ts';
import { queryAll } from './query-all.ts';

/**
 * Attribute layout (docs/data-model.md, "Pricing"). The SKU's price sheet (`keys.priceSheet`, the
 * SKU's product item itself) holds `L_<currency>_<version>` (list entries) and `C_<dealerId>`
 * (contracts), written by single-attribute updates that never touch the product's attributes (not
 * even `entity`: only `sku`, if absent) and never put or delete the whole item; the
 * pricing context item (`keys.pricingContext`) holds `T_<tierId>`, `R_<promotionId>` and
 * `P_<currency>`; the taxonomy tree item holds `N_<categoryId>`.
 */
const listAttribute = (currency: string, version: number): string => `L_${currency}_${version}`;
const contractAttribute = (dealerId: string): string => `C_${dealerId}`;
const tierAttribute = (tierId: string): string => `T_${tierId}`;
const promotionAttribute = (promotionId: string): string => `R_${promotionId}`;
const pointerAttribute = (currency: string): string => `P_${currency}`;
const categoryNodeAttribute = (categoryId: string): string => `N_${categoryId}`;
/** Bumped by every write of the pricing context item (same update), so equal revisions mean equal content. */
const contextRevisionAttribute = 'rev';

/** How many single-item writes one consumer keeps in flight (list parts, pruning). */
const writeConcurrency = 16;

interface PointerEntry extends ListPointer {
  readonly latest: number;
}

interface CategoryNode {
  readonly parentId?: string | undefined;
  readonly revision: number;
}

const isConditionFailure = (error: unknown): boolean => error instanceof Error && error.name === 'ConditionalCheckFailedException';

/** The revision a failed revision-guarded write found (ReturnValuesOnConditionCheckFailure: ALL_OLD). */
function storedRevision(error: unknown, path: (item: Record<string, unknown>) => unknown): number | undefined {
  const item = (error as { Item?: Record<string, unknown> }).Item;
  const value = item ? path(item) : undefined;
  const wire = value as { N?: string; M?: { revision?: { N?: string } } } | undefined;
  const n = wire?.N ?? wire?.M?.revision?.N;
  return n === undefined ? undefined : Number(n);
}

const outcomeAfterConflict = (stored: number | undefined, incoming: number): UpsertOutcome => {
  const decision = decideRevision(stored, incoming);
  return decision === 'apply' ? 'stale' : decision;
};

async function inParallel<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  const worker = async (): Promise<void> => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await fn(item);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** The product item attributes a quote needs (`quoteFactsOfItem`), as projection names. */
const productFactNames = {
  '#state': 'state',
  '#lifecycle': 'lifecycle',
  '#replacement': 'replacementSku',
  '#category': 'categoryId',
  '#moq': 'minimumOrderQuantity',
  '#multiple': 'orderMultiple',
} as const;

/** The quoting facts of a product item (projected to `productFactNames`). */
function quoteFactsOfItem(item: Pick<ProductItem, 'state' | 'lifecycle' | 'replacementSku' | 'categoryId' | 'minimumOrderQuantity' | 'orderMultiple'>): QuoteFacts {
  return {
    state: item.state,
    lifecycle: item.lifecycle,
    ...(item.replacementSku !== undefined ? { replacementSku: item.replacementSku } : {}),
    ...(item.categoryId !== undefined ? { categoryId: item.categoryId, minimumOrderQuantity: item.minimumOrderQuantity, orderMultiple: item.orderMultiple } : {}),
  };
}

/**
 * The taxonomy tree node update of one category (revision-guarded); the catalog writes it with the
 * category. A condition failure means a newer (or the same) revision is already there.
 */
export function categoryNodeUpdate(tableName: string, category: Pick<Category, 'categoryId' | 'parentId' | 'revision'>) {
  const node: CategoryNode = { revision: category.revision, ...(category.parentId ? { parentId: category.parentId } : {}) };
  return new UpdateCommand({
    TableName: tableName,
    Key: keys.taxonomyTree,
    UpdateExpression: 'SET #entity = :entity, #n = :node',
    ConditionExpression: 'attribute_not_exists(#n) OR #n.revision < :revision',
    ExpressionAttributeNames: { '#entity': 'entity', '#n': categoryNodeAttribute(category.categoryId) },
    ExpressionAttributeValues: { ':entity': 'taxonomyTree', ':node': node, ':revision': category.revision },
  });
}

/** Price data and a quote's reads in the single table (docs/data-model.md, "Pricing"). */
export class PriceRepository implements PriceStore, PriceListRetentionStore, QuoteReads {
  /**
   * The last pricing context parsed, by the item's `rev`: while the item is unchanged every quote gets
   * the same arrays, so the engine reuses its promotion index (keyed by the promotions array). The
   * item is still read on every quote; only the parsing and indexing are saved.
   */
  private parsedContext: { readonly rev: unknown; readonly context: PricingContext } | undefined;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private pricingContextOf(item: Record<string, unknown> | undefined): PricingContext {
    const rev = item?.[contextRevisionAttribute];
    if (rev !== undefined && this.parsedContext?.rev === rev) return this.parsedContext.context;
    const context = pricingContextOf(item);
    if (rev !== undefined) this.parsedContext = { rev, context };
    return context;
  }

  // ---- list versions: publish (atomic pointer flip) and prune ----

  private async pointerEntry(currency: string): Promise<PointerEntry | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.pricingContext,
        ConsistentRead: true,
        ProjectionExpression: '#p',
        ExpressionAttributeNames: { '#p': pointerAttribute(currency) },
      }),
    );
    return Item?.[pointerAttribute(currency)] as PointerEntry | undefined;
  }

  async pointer(currency: string): Promise<ListPointer | undefined> {
    return this.pointerEntry(currency);
  }

  /**
   * Records a part's SKUs, then clears the version's `prunedAt`: a part writing a version that was
   * already retired and pruned (a consumer that read the pointer before three flips) makes the version
   * prunable again, and its own pruning after the (stale) flip removes what it wrote.
   */
  async recordPartSkus(currency: string, version: number, index: number, skus: readonly string[]): Promise<void> {
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: { ...keys.priceListPart(currency, version, index), entity: 'priceListPart', currency, version, index, skus: [...skus] } }),
    );
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.priceListVersion(currency, version),
          UpdateExpression: 'REMOVE prunedAt',
          ConditionExpression: 'attribute_exists(prunedAt)',
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  async writeListItems(currency: string, version: number, items: readonly (ListItemEntry & { readonly sku: string })[]): Promise<void> {
    const attribute = listAttribute(currency, version);
    await inParallel(items, writeConcurrency, async ({ sku, ...entry }) => {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.priceSheet(sku),
          UpdateExpression: 'SET #sku = if_not_exists(#sku, :sku), #list = :entry',
          ExpressionAttributeNames: { '#sku': 'sku', '#list': attribute },
          ExpressionAttributeValues: { ':sku': sku, ':entry': entry },
        }),
      );
    });
  }

  async recordListPart(currency: string, version: number, part: { index: number; count: number }): Promise<{ seen: boolean; complete: boolean }> {
    const { Attributes } = await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.priceListVersion(currency, version),
        UpdateExpression: 'ADD parts :part SET #count = :count, entity = :entity, #version = :version',
        ExpressionAttributeNames: { '#count': 'count', '#version': 'version' },
        ExpressionAttributeValues: { ':part': new Set([String(part.index)]), ':count': part.count, ':entity': 'priceListVersion', ':version': version },
        ReturnValues: 'ALL_OLD',
      }),
    );
    const before = (Attributes?.parts as Set<string> | undefined) ?? new Set<string>();
    const seen = before.has(String(part.index));
    const after = new Set(before).add(String(part.index));
    return { seen, complete: after.size >= part.count };
  }

  flipPointer(currency: string, priceListId: string, version: number, effectiveFrom: string): Promise<UpsertOutcome> {
    return this.flipPointerRetaining(currency, priceListId, version, effectiveFrom, new Date().toISOString().slice(0, 10));
  }

  /**
   * The flip: one conditional update of the currency's pointer attribute in the pricing context item
   * (`latest` must still be what was read), so a quote reads either the old pointer or the new one.
   */
  async flipPointerRetaining(currency: string, priceListId: string, version: number, effectiveFrom: string, today: string): Promise<UpsertOutcome> {
    const attribute = pointerAttribute(currency);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const current = await this.pointerEntry(currency);
      if (current && current.latest >= version) return current.latest === version ? 'duplicate' : 'stale';
      const entry: PointerEntry = {
        currency,
        priceListId,
        latest: version,
        versions: retainedVersions([{ version, effectiveFrom }, ...(current?.versions ?? [])], today),
      };
      try {
        await this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: keys.pricingContext,
            UpdateExpression: 'SET #entity = :entity, #p = :pointer ADD #rev :one',
            ConditionExpression: current ? '#p.latest = :seen' : 'attribute_not_exists(#p)',
            ExpressionAttributeNames: { '#entity': 'entity', '#p': attribute, '#rev': contextRevisionAttribute },
            ExpressionAttributeValues: { ':entity': 'pricingContext', ':pointer': entry, ':one': 1, ...(current ? { ':seen': current.latest } : {}) },
          }),
        );
        return 'applied';
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    }
    throw new Error(`price list pointer ${currency} kept changing while publishing version ${version}`);
  }

  /**
   * Removes retired versions' entries. A version is retired when it is below the pointer's latest and
   * the pointer no longer names it: the pointer only moves forward, so no quote can reference it again
   * (a quote reads the pointer first, and the pointer keeps the previously in-force version too).
   */
  async pruneRetired(currency: string): Promise<{ versions: number[]; skus: number }> {
    const pointer = await this.pointerEntry(currency);
    if (!pointer) return { versions: [], skus: 0 };
    const named = new Set(pointer.versions.map((v) => v.version));
    const versionItems = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      FilterExpression: 'attribute_not_exists(prunedAt)',
      ExpressionAttributeValues: { ':pk': keys.priceListVersionPartition(currency) },
      ConsistentRead: true,
    });
    const retired = versionItems.map((i) => i.version as number | undefined).filter((v): v is number => v !== undefined && v < pointer.latest && !named.has(v));
    let skus = 0;
    for (const version of retired) {
      const parts = await queryAll(this.client, {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.priceListPartPartition(currency, version) },
        ConsistentRead: true,
      });
      // Part by part, deleting each part item once its SKUs are done: a pruning cut short (timeout,
      // crash) resumes with the parts left when the next delivery runs it again.
      for (const part of parts) {
        const ofPart = part.skus as string[];
        await inParallel(ofPart, writeConcurrency, async (sku) => {
          try {
            await this.client.send(
              new UpdateCommand({
                TableName: this.tableName,
                Key: keys.priceSheet(sku),
                UpdateExpression: 'REMOVE #list',
                ConditionExpression: 'attribute_exists(pk)',
                ExpressionAttributeNames: { '#list': listAttribute(currency, version) },
              }),
            );
          } catch (error) {
            if (!isConditionFailure(error)) throw error;
          }
        });
        skus += ofPart.length;
        await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: { pk: part.pk, sk: part.sk } }));
      }
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.priceListVersion(currency, version),
          UpdateExpression: 'SET prunedAt = :now',
          ExpressionAttributeValues: { ':now': new Date().toISOString() },
        }),
      );
    }
    return { versions: retired, skus };
  }

  // ---- contracts, tiers, promotions ----

  async putContract(dealerId: string, sku: string, entry: ContractEntry): Promise<UpsertOutcome> {
    const attribute = contractAttribute(dealerId);
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.priceSheet(sku),
          UpdateExpression: 'SET #sku = if_not_exists(#sku, :sku), #contract = :entry',
          ConditionExpression: 'attribute_not_exists(#contract) OR #contract.revision < :revision',
          ExpressionAttributeNames: { '#sku': 'sku', '#contract': attribute },
          ExpressionAttributeValues: { ':sku': sku, ':entry': entry, ':revision': entry.revision },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return 'applied';
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return outcomeAfterConflict(
        storedRevision(error, (item) => item[attribute]),
        entry.revision,
      );
    }
  }

  /**
   * An ended promotion stays in the context item as a small tombstone with its revision (so a late
   * upsert of an older revision cannot revive it); `expiresAt` is kept on the tombstone for a sweep.
   */
  async putPromotion(entry: PromotionEntry, expiresAt?: number): Promise<UpsertOutcome> {
    const stored = entry.ended ? { promotionId: entry.promotionId, revision: entry.revision, ended: true, ...(expiresAt === undefined ? {} : { expiresAt }) } : entry;
    const outcome = await this.putContextAttribute(promotionAttribute(entry.promotionId), stored, entry.revision);
    if (entry.ended) await this.sweepTombstones(Math.floor(Date.now() / 1000));
    return outcome;
  }

  /**
   * Removes promotion tombstones whose `expiresAt` has passed (what item TTL did for the former
   * per-promotion items; the context item itself must never carry a top-level `expiresAt`). Each
   * removal is conditional on the entry still being that expired tombstone. Run on every promotion end.
   */
  async sweepTombstones(nowSeconds: number): Promise<number> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.pricingContext, ConsistentRead: true }));
    const expired = Object.entries(Item ?? {}).filter(([name, value]) => {
      const entry = value as { ended?: boolean; expiresAt?: number };
      return name.startsWith('R_') && entry.ended === true && entry.expiresAt !== undefined && entry.expiresAt < nowSeconds;
    });
    for (const [name] of expired) {
      try {
        await this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: keys.pricingContext,
            UpdateExpression: 'REMOVE #a ADD #rev :one',
            ConditionExpression: '#a.ended = :true AND #a.expiresAt < :now',
            ExpressionAttributeNames: { '#a': name, '#rev': contextRevisionAttribute },
            ExpressionAttributeValues: { ':true': true, ':now': nowSeconds, ':one': 1 },
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    }
    return expired.length;
  }

  async putTier(tier: TierDefinition): Promise<UpsertOutcome> {
    return this.putContextAttribute(tierAttribute(tier.tierId), tier, tier.revision);
  }

  /** One attribute of the pricing context item, newest revision wins (attributes never race each other). */
  private async putContextAttribute(attribute: string, value: object, revision: number): Promise<UpsertOutcome> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.pricingContext,
          UpdateExpression: 'SET #entity = :entity, #a = :value ADD #rev :one',
          ConditionExpression: 'attribute_not_exists(#a) OR #a.revision < :revision',
          ExpressionAttributeNames: { '#entity': 'entity', '#a': attribute, '#rev': contextRevisionAttribute },
          ExpressionAttributeValues: { ':entity': 'pricingContext', ':value': value, ':revision': revision, ':one': 1 },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return 'applied';
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return outcomeAfterConflict(
        storedRevision(error, (item) => item[attribute]),
        revision,
      );
    }
  }

  // ---- reads ----

  /** The pricing context item alone (one GetItem). */
  async context(): Promise<PricingContext> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.pricingContext }));
    return this.pricingContextOf(Item);
  }

  /**
   * A quote's dealer context in ONE BatchGet: profile, the requested ship-to, entitlement, taxonomy
   * tree and pricing context (a BatchGet has one projection per table, so whole items are read).
   * UnprocessedKeys (throttling only) are retried: extra requests only then.
   */
  async quoteContext(dealerId: string, shipToId: string): Promise<QuoteContext> {
    const profileKey = keys.dealer(dealerId);
    const shipToKey = keys.shipTo(dealerId, shipToId);
    const entitlementKey = keys.entitlements(dealerId);
    const items = await this.batchGet([profileKey, shipToKey, entitlementKey, keys.taxonomyTree, keys.pricingContext]);
    const at = (key: ItemKey) => items.find((i) => i.pk === key.pk && i.sk === key.sk);
    const profile = at(profileKey);
    const shipToItem = at(shipToKey);
    const tree = at(keys.taxonomyTree);
    return {
      dealer: profile ? { dealerId, tier: profile.tier as string, currency: profile.currency as string } : undefined,
      shipTo: profile && shipToItem ? currentShipTos([shipToItem], profile.revision)[0] : undefined,
      entitlement: at(entitlementKey)?.entitlement as Entitlement | undefined,
      categories: tree ? categoriesOf(tree) : [],
      pricing: this.pricingContextOf(at(keys.pricingContext)),
    };
  }

  /**
   * The quote's SKU reads: each SKU's ONE item (the product item, which is also its price sheet),
   * projecting the quoting facts, `lockVersion`, this dealer's contract and the named list versions
   * only, 100 keys per BatchGet, run together: ceil(SKUs/100) requests. An item without `lockVersion`
   * holds prices but no product yet: no facts (docs/data-model.md, "A quote's reads").
   */
  async quoteSkus(skus: readonly string[], dealerId: string, currency: string, versions: readonly number[]): Promise<Map<string, QuoteSku>> {
    const names: Record<string, string> = { '#sku': 'sku', '#lock': 'lockVersion', '#c': contractAttribute(dealerId), ...productFactNames };
    versions.forEach((v, i) => (names[`#l${i}`] = listAttribute(currency, v)));
    const unique = [...new Set(skus)];
    const items = await this.batchGet(
      unique.map((sku) => keys.priceSheet(sku)),
      { ProjectionExpression: Object.keys(names).join(', '), ExpressionAttributeNames: names },
    );
    const found = new Map<string, QuoteSku>();
    for (const item of items) {
      const sku = item.sku as string;
      const list = new Map<number, ListItemEntry>();
      for (const v of versions) {
        const entry = item[listAttribute(currency, v)] as ListItemEntry | undefined;
        if (entry) list.set(v, entry);
      }
      const facts = item.lockVersion === undefined ? undefined : quoteFactsOfItem(item as unknown as ProductItem);
      found.set(sku, { sku, facts, sheet: { sku, list, contract: item[contractAttribute(dealerId)] as ContractEntry | undefined } });
    }
    return found;
  }

  async sheets(skus: readonly string[], dealerId: string, currency: string, versions: readonly number[]): Promise<Map<string, SheetView>> {
    const found = await this.quoteSkus(skus, dealerId, currency, versions);
    return new Map([...found].map(([sku, q]) => [sku, q.sheet]));
  }

  private async batchGet(allKeys: readonly ItemKey[], options: BatchGetOptions = {}): Promise<Record<string, unknown>[]> {
    return batchGetAll(this.client, this.tableName, allKeys, options);
  }
}

/** The pricing context item's attributes by prefix; ended promotions (tombstones) are left out. */
function pricingContextOf(item: Record<string, unknown> | undefined): PricingContext {
  const tiers: TierDefinition[] = [];
  const pointers: ListPointer[] = [];
  const promotions: PromotionRecord[] = [];
  for (const [name, value] of Object.entries(item ?? {})) {
    if (name.startsWith('T_')) tiers.push(value as TierDefinition);
    else if (name.startsWith('P_')) pointers.push(value as PointerEntry);
    else if (name.startsWith('R_') && !(value as PromotionEntry).ended) promotions.push(value as PromotionRecord);
  }
  const byId = <T>(id: (t: T) => string) => (a: T, b: T) => (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0);
  tiers.sort(byId((t) => t.tierId));
  pointers.sort(byId((p) => p.currency));
  promotions.sort(byId((p) => p.promotionId));
  return { tiers, pointers, promotions };
}

/** The tree item as categories (navigation view: id and parent; no template). */
function categoriesOf(tree: Record<string, unknown>): Category[] {
  return Object.entries(tree)
    .filter(([name]) => name.startsWith('N_'))
    .map(([name, value]) => {
      const node = value as CategoryNode;
      return { categoryId: name.slice(2), name: name.slice(2), attributes: [], revision: node.revision, updatedAt: '', ...(node.parentId ? { parentId: node.parentId } : {}) };
    });
}

/**
 * One-off migration for a table written before the taxonomy tree item existed (docs/data-model.md,
 * "A quote's reads"): writes every category's tree node (revision-guarded, so a category write racing
 * it is never overwritten by an older node). Idempotent; run once after deploying
 * (`local/backfill-taxonomy-tree.ts`).
 */
export async function backfillTaxonomyTree(client: DynamoDBDocumentClient, tableName: string): Promise<{ categories: number }> {
  const categories = (await queryAll(client, { TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.taxonomyPartition } })) as unknown as CategoryItem[];
  for (const item of categories) {
    try {
      await client.send(categoryNodeUpdate(tableName, fromCategoryItem(item)));
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
  return { categories: categories.length };
}
