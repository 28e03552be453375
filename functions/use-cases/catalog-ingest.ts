import type { Entitlement } from '#domain/entitlements';
import { evaluate, type Verdict } from '#domain/governance';
import type { EntitlementStore, ProductStore, ProductWrite, StoredProduct, TaxonomyStore, UpsertOutcome } from '#domain/ports';
import { mergeProductChange, type ProductChange, type ProductRecord } from '#domain/product';
import type { Category } from '#domain/taxonomy';
import type { CategoryUpsertedDetail } from '#events/category-upserted';
import type { DealerEntitlementsSetDetail } from '#events/dealer-entitlements-set';
import type { ProductDiscontinuedDetail } from '#events/product-discontinued';
import type { ProductUpsertedDetail } from '#events/product-upserted';

export interface CatalogIngestDeps {
  readonly taxonomy: TaxonomyStore;
  readonly products: ProductStore;
  /** Pause before retrying writes that raced with another writer. */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** How often a batch is re-read and re-applied when concurrent writers keep changing it. */
const maxAttempts = 6;
const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const backoff = (attempt: number) => Math.round(10 * 2 ** attempt * (0.5 + Math.random()));

export function productChangeFromUpsert(detail: ProductUpsertedDetail): ProductChange {
  const { sku, lifecycle, replacementSku, ...data } = detail.product;
  return {
    kind: 'upsert',
    sku,
    revision: detail.revision,
    occurredAt: detail.occurredAt,
    data,
    lifecycle: { lifecycle, ...(replacementSku !== undefined ? { replacementSku } : {}) },
  };
}

export const productChangeFromDiscontinued = (detail: ProductDiscontinuedDetail): ProductChange => ({
  kind: 'discontinue',
  sku: detail.sku,
  revision: detail.revision,
  occurredAt: detail.occurredAt,
  ...(detail.replacementSku !== undefined ? { replacementSku: detail.replacementSku } : {}),
});

/**
 * Applies product changes (one event, or a batch from a bulk load): merge each SKU's changes into
 * its stored record (newest revision wins per part), judge the result against its category's
 * template, and write record, verdict, quarantine entry and counters together. Writes that raced
 * with another writer are re-read and re-judged; the outcome per SKU is `applied` when anything
 * changed, else `duplicate` or `stale`.
 */
export async function applyProductChanges(changes: readonly ProductChange[], deps: CatalogIngestDeps): Promise<Map<string, UpsertOutcome>> {
  const bySku = new Map<string, ProductChange[]>();
  for (const change of changes) bySku.set(change.sku, [...(bySku.get(change.sku) ?? []), change]);
  for (const list of bySku.values()) list.sort((a, b) => a.revision - b.revision);

  const outcomes = new Map<string, UpsertOutcome>();
  let pending = [...bySku.keys()];
  for (let attempt = 1; pending.length > 0; attempt++) {
    if (attempt > maxAttempts) throw new Error(`${pending.length} product changes could not be applied: the products kept changing (${pending.slice(0, 5).join(', ')})`);
    if (attempt > 1) await (deps.sleep ?? defaultSleep)(backoff(attempt));
    const current = await deps.products.getForWrite(pending);
    const merged: { previous: StoredProduct | undefined; record: ProductRecord }[] = [];
    for (const sku of pending) {
      const previous = current.products.get(sku);
      const folded = fold(previous, bySku.get(sku)!);
      if (folded.record) merged.push({ previous, record: folded.record });
      else outcomes.set(sku, folded.outcome);
    }
    const categories = await deps.taxonomy.byIds(merged.flatMap((m) => (m.record.data ? [m.record.data.categoryId] : [])));
    const writes = merged.map(({ previous, record }) => ({
      ...judged(previous, record, record.data ? categories.get(record.data.categoryId) : undefined),
      ...(current.itemOnly.has(record.sku) ? { itemExists: true } : {}),
    }));
    const { notWritten } = await deps.products.write(writes);
    const retry = new Set(notWritten);
    for (const write of writes) if (!retry.has(write.record.sku)) outcomes.set(write.record.sku, 'applied');
    pending = [...retry];
  }
  return outcomes;
}

function fold(previous: StoredProduct | undefined, changes: readonly ProductChange[]) {
  let record = previous?.record;
  let applied = false;
  let outcome: UpsertOutcome = 'stale';
  for (const change of changes) {
    const result = mergeProductChange(record, change);
    if (result.decision === 'apply') {
      record = result.record;
      applied = true;
    } else if (result.decision === 'duplicate') {
      outcome = 'duplicate';
    }
  }
  return applied ? { record: record!, outcome: 'applied' as const } : { record: undefined, outcome };
}

const judged = (previous: StoredProduct | undefined, record: ProductRecord, category: Category | undefined): ProductWrite => ({
  previous,
  record,
  verdict: evaluate(record, category),
  ...(category ? { categoryRevision: category.revision } : {}),
});

export function categoryFromDetail(detail: CategoryUpsertedDetail): Category {
  const { categoryId, name, parentId, attributes, allowedUnitsOfMeasure } = detail.category;
  return {
    categoryId,
    name,
    ...(parentId ? { parentId } : {}),
    attributes,
    ...(allowedUnitsOfMeasure ? { allowedUnitsOfMeasure } : {}),
    revision: detail.revision,
    updatedAt: detail.occurredAt,
  };
}

/**
 * Applies a taxonomy change. Products already published stay published on a template change — a
 * taxonomy edit never empties the catalog — and are reported as validated against an older template
 * until their next revision re-validates them. Quarantined products of the category are re-judged at
 * once (also on a redelivery, in case the first delivery stopped half-way), so a template fix or a
 * category arriving after its products releases them without a re-send.
 */
export async function applyCategoryUpsert(detail: CategoryUpsertedDetail, deps: CatalogIngestDeps): Promise<UpsertOutcome> {
  const category = categoryFromDetail(detail);
  const outcome = await deps.taxonomy.upsert(category);
  if (outcome !== 'stale') await revalidateQuarantined(category.categoryId, deps);
  return outcome;
}

export async function revalidateQuarantined(categoryId: string, deps: CatalogIngestDeps): Promise<{ released: number; stillQuarantined: number }> {
  let released = 0;
  let stillQuarantined = 0;
  let after: string | undefined;
  do {
    const page = await deps.products.quarantinedSkus(categoryId, after, 100);
    const result = await revalidate(page.skus, deps);
    released += result.released;
    stillQuarantined += result.stillQuarantined;
    after = page.last;
  } while (after);
  return { released, stillQuarantined };
}

async function revalidate(skus: readonly string[], deps: CatalogIngestDeps): Promise<{ released: number; stillQuarantined: number }> {
  let pending = [...skus];
  let released = 0;
  let stillQuarantined = 0;
  for (let attempt = 1; pending.length > 0; attempt++) {
    if (attempt > maxAttempts) throw new Error(`${pending.length} quarantined products could not be re-validated (${pending.slice(0, 5).join(', ')})`);
    if (attempt > 1) await (deps.sleep ?? defaultSleep)(backoff(attempt));
    const current = await deps.products.get(pending);
    const categories = await deps.taxonomy.byIds([...current.values()].flatMap((p) => (p.record.data ? [p.record.data.categoryId] : [])));
    const writes: ProductWrite[] = [];
    for (const stored of current.values()) {
      const write = judged(stored, stored.record, stored.record.data ? categories.get(stored.record.data.categoryId) : undefined);
      if (sameVerdict(write.verdict, stored.verdict)) stillQuarantined += stored.verdict.state === 'quarantined' ? 1 : 0;
      else writes.push(write);
    }
    const { notWritten } = await deps.products.write(writes);
    const retry = new Set(notWritten);
    for (const write of writes) {
      if (retry.has(write.record.sku)) continue;
      if (write.verdict.state === 'complete') released++;
      else stillQuarantined++;
    }
    pending = [...retry];
  }
  return { released, stillQuarantined };
}

function sameVerdict(a: Verdict, b: Verdict): boolean {
  const canonical = (v: Verdict) =>
    JSON.stringify([v.state, v.templateRevision ?? null, v.state === 'quarantined' ? v.reasons.map((r) => [r.code, r.field, r.message]) : []]);
  return canonical(a) === canonical(b);
}

export async function applyEntitlements(detail: DealerEntitlementsSetDetail, deps: { entitlements: EntitlementStore }): Promise<UpsertOutcome> {
  const entitlement: Entitlement =
    detail.entitlement.kind === 'all' ? { kind: 'all' } : { kind: 'restricted', categoryIds: [...new Set(detail.entitlement.categoryIds)], skus: [...new Set(detail.entitlement.skus)] };
  return deps.entitlements.put(detail.dealerId, entitlement, detail.revision, detail.occurredAt);
}
