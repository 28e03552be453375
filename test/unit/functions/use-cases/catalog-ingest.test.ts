import { describe, expect, it } from 'vitest';
import type { ProductStore, ProductWrite, StoredProduct, TaxonomyStore } from '#domain/ports';
import type { Category } from '#domain/taxonomy';
import { applyCategoryUpsert, applyProductChanges, productChangeFromUpsert } from '#functions/use-cases/catalog-ingest';
import { boltTemplate, categoryDetail, productDetail } from '#test/support/catalog-fixtures';

/** In-memory stores; `interfere` lets a test play a concurrent writer before a write. */
function memory(categories: Category[] = []) {
  const products = new Map<string, StoredProduct>();
  const taxonomy = new Map(categories.map((c) => [c.categoryId, c]));
  const log: string[] = [];
  let interfere: ((skus: string[]) => string[]) | undefined;
  const productStore: ProductStore = {
    get: async (skus) => new Map(skus.flatMap((s) => (products.has(s) ? [[s, products.get(s)!] as const] : []))),
    getForWrite: async (skus) => ({ products: new Map(skus.flatMap((s) => (products.has(s) ? [[s, products.get(s)!] as const] : []))), itemOnly: new Set<string>() }),
    write: async (writes: readonly ProductWrite[]) => {
      const refused = interfere?.(writes.map((w) => w.record.sku)) ?? [];
      interfere = undefined;
      for (const w of writes) {
        if (refused.includes(w.record.sku)) continue;
        products.set(w.record.sku, { record: w.record, verdict: w.verdict, lockVersion: (w.previous?.lockVersion ?? 0) + 1 });
        log.push(`${w.record.sku}@${w.record.revision}:${w.verdict.state}`);
      }
      return { notWritten: refused };
    },
    quarantinedSkus: async (categoryId) => ({
      skus: [...products.values()].filter((p) => p.verdict.state === 'quarantined' && p.record.data?.categoryId === categoryId).map((p) => p.record.sku),
    }),
  };
  const taxonomyStore: TaxonomyStore = {
    all: async () => [...taxonomy.values()],
    byIds: async (ids) => new Map([...ids].flatMap((id) => (taxonomy.has(id) ? [[id, taxonomy.get(id)!] as const] : []))),
    upsert: async (c) => {
      const current = taxonomy.get(c.categoryId);
      if (current && current.revision >= c.revision) return current.revision === c.revision ? 'duplicate' : 'stale';
      taxonomy.set(c.categoryId, c);
      return 'applied';
    },
  };
  return { deps: { products: productStore, taxonomy: taxonomyStore, sleep: async () => undefined }, products, log, interfereOnce: (fn: (skus: string[]) => string[]) => (interfere = fn) };
}

const bolts: Category = { categoryId: 'bolts', name: 'Bolts', attributes: boltTemplate, revision: 1, updatedAt: 't' };

describe('applyProductChanges', () => {
  it('folds several changes of one SKU in a batch into one write of the newest state', async () => {
    const { deps, log } = memory([bolts]);
    const outcomes = await applyProductChanges([3, 1, 2].map((revision) => productChangeFromUpsert(productDetail('BLT-1', { revision, name: `r${revision}` }))), deps);
    expect(outcomes.get('BLT-1')).toBe('applied');
    expect(log).toEqual(['BLT-1@3:complete']);
  });

  it('re-reads and re-judges what raced with another writer, and reports a duplicate when that writer applied the same revision', async () => {
    const store = memory([bolts]);
    store.interfereOnce((skus) => {
      // Another delivery of the same event wins the race.
      store.products.set('BLT-1', { record: { ...productChangeRecord('BLT-1', 5) }, verdict: { state: 'complete', templateRevision: 1 }, lockVersion: 1 });
      return skus;
    });
    const outcomes = await applyProductChanges([productChangeFromUpsert(productDetail('BLT-1', { revision: 5 }))], store.deps);
    expect(outcomes.get('BLT-1')).toBe('duplicate');
  });

  it('gives up, failing the invocation for a retry, when the products keep changing', async () => {
    const store = memory([bolts]);
    const always: ProductStore = { ...store.deps.products, write: async (writes) => ({ notWritten: writes.map((w) => w.record.sku) }) };
    await expect(applyProductChanges([productChangeFromUpsert(productDetail('BLT-1'))], { ...store.deps, products: always })).rejects.toThrow(/could not be applied/);
  });
});

describe('applyCategoryUpsert', () => {
  it('releases the quarantined products the new template accepts, and re-judges them on a redelivery too', async () => {
    const store = memory();
    await applyProductChanges([productChangeFromUpsert(productDetail('BLT-1'))], store.deps);
    expect(store.products.get('BLT-1')?.verdict.state).toBe('quarantined');

    await expect(applyCategoryUpsert(categoryDetail('bolts', { attributes: boltTemplate }), store.deps)).resolves.toBe('applied');
    expect(store.products.get('BLT-1')?.verdict).toEqual({ state: 'complete', templateRevision: 1 });
    await expect(applyCategoryUpsert(categoryDetail('bolts', { attributes: boltTemplate }), store.deps)).resolves.toBe('duplicate');
  });
});

function productChangeRecord(sku: string, revision: number) {
  const change = productChangeFromUpsert(productDetail(sku, { revision }));
  if (change.kind !== 'upsert') throw new Error('unreachable');
  return { sku, data: change.data, dataRevision: revision, lifecycle: change.lifecycle.lifecycle, lifecycleRevision: revision, revision, updatedAt: change.occurredAt };
}
