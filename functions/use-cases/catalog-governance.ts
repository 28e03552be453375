import { staleTemplateCount, type CategoryCounters } from '#domain/governance';
import type { GovernanceStore, TaxonomyStore } from '#domain/ports';
import { decodeQuarantineCursor, encodeQuarantineCursor } from './catalog-cursors.ts';

export interface GovernanceReportDeps {
  readonly taxonomy: TaxonomyStore;
  readonly governance: GovernanceStore;
}

const none: CategoryCounters = { complete: 0, quarantined: 0, reasons: {}, templates: {} };

/**
 * The catalog-completeness readiness report: per category complete / quarantined / stale-template
 * counts and products per reason code, from counters the product writes maintain; plus one page of
 * quarantined SKUs with their reasons. Categories known to the taxonomy appear even when empty, and
 * categories products name but the taxonomy lacks appear as unknown.
 */
export async function catalogGovernanceReport(request: { category?: string | undefined; limit: number; cursor?: string | undefined }, deps: GovernanceReportDeps) {
  const after = request.cursor ? decodeQuarantineCursor(request.cursor) : undefined;
  const [counters, categories, quarantine] = await Promise.all([
    deps.governance.counters(),
    deps.taxonomy.all(),
    deps.governance.quarantine({ ...(request.category !== undefined ? { categoryId: request.category } : {}), after, limit: request.limit }),
  ]);
  const known = new Map(categories.map((c) => [c.categoryId, c]));
  const ids = new Set<string | null>([...known.keys(), ...counters.keys()]);
  const rows = [...ids]
    .filter((id) => request.category === undefined || id === request.category)
    .sort((a, b) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1))
    .map((id) => {
      const counts = counters.get(id) ?? none;
      const category = id === null ? undefined : known.get(id);
      return {
        categoryId: id,
        name: category?.name ?? null,
        known: category !== undefined,
        templateRevision: category?.revision ?? null,
        products: counts.complete + counts.quarantined,
        complete: counts.complete,
        quarantined: counts.quarantined,
        staleTemplate: staleTemplateCount(counts, category?.revision),
        reasons: Object.fromEntries(Object.entries(counts.reasons).filter(([, n]) => n !== 0).sort(([a], [b]) => (a < b ? -1 : 1))),
      };
    });
  const total = (key: 'products' | 'complete' | 'quarantined' | 'staleTemplate') => rows.reduce((n, row) => n + row[key], 0);
  const products = total('products');
  return {
    summary: {
      products,
      complete: total('complete'),
      quarantined: total('quarantined'),
      staleTemplate: total('staleTemplate'),
      completeShare: products === 0 ? null : Math.round((total('complete') / products) * 10_000) / 10_000,
    },
    categories: rows,
    quarantined: {
      items: quarantine.items.map((q) => ({
        sku: q.sku,
        name: q.name ?? null,
        categoryId: q.categoryId,
        revision: q.revision,
        updatedAt: q.updatedAt,
        reasons: q.reasons.map((r) => ({ code: r.code, field: r.field, message: r.message })),
      })),
      nextCursor: quarantine.after ? encodeQuarantineCursor(quarantine.after) : null,
    },
  };
}
