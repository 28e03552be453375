import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidSku, mergeProductChange, type ProductChange, type ProductData, type ProductRecord } from '#domain/product';

const data = (name: string): ProductData => ({
  name,
  description: '',
  categoryId: 'c',
  attributes: {},
  unitOfMeasure: 'EA',
  packSize: 1,
  minimumOrderQuantity: 1,
  orderMultiple: 1,
  imageUrls: [],
  documents: [],
});
const upsert = (revision: number, name = `rev ${revision}`, lifecycle: 'active' | 'discontinued' = 'active', replacementSku?: string): ProductChange => ({
  kind: 'upsert',
  sku: 'S-1',
  revision,
  occurredAt: `t${revision}`,
  data: data(name),
  lifecycle: { lifecycle, ...(replacementSku ? { replacementSku } : {}) },
});
const discontinue = (revision: number, replacementSku?: string): ProductChange => ({
  kind: 'discontinue',
  sku: 'S-1',
  revision,
  occurredAt: `t${revision}`,
  ...(replacementSku ? { replacementSku } : {}),
});

function applyAll(changes: readonly ProductChange[]): ProductRecord | undefined {
  let record: ProductRecord | undefined;
  for (const change of changes) {
    const result = mergeProductChange(record, change);
    if (result.decision === 'apply') record = result.record;
  }
  return record;
}

describe('mergeProductChange', () => {
  it('applies the first upsert whole', () => {
    const result = mergeProductChange(undefined, upsert(3));
    expect(result).toEqual({
      decision: 'apply',
      record: { sku: 'S-1', data: data('rev 3'), dataRevision: 3, lifecycle: 'active', lifecycleRevision: 3, revision: 3, updatedAt: 't3' },
    });
  });

  it('tells a replay from an older revision', () => {
    const current = applyAll([upsert(3)]);
    expect(mergeProductChange(current, upsert(3, 'again')).decision).toBe('duplicate');
    expect(mergeProductChange(current, upsert(2)).decision).toBe('stale');
    expect(mergeProductChange(current, discontinue(3)).decision).toBe('duplicate');
  });

  it('lets a discontinuation win over an older upsert that arrives later, keeping the upsert’s data', () => {
    const record = applyAll([discontinue(5, 'S-2'), upsert(4, 'late data')]);
    expect(record).toMatchObject({ data: { name: 'late data' }, dataRevision: 4, lifecycle: 'discontinued', replacementSku: 'S-2', lifecycleRevision: 5, revision: 5 });
  });

  it('keeps a discontinuation that arrived before any data as a record without data', () => {
    expect(applyAll([discontinue(2)])).toEqual({ sku: 'S-1', lifecycle: 'discontinued', lifecycleRevision: 2, revision: 2, updatedAt: 't2' });
  });

  it('re-activates on a newer upsert', () => {
    expect(applyAll([upsert(1), discontinue(2, 'S-2'), upsert(3)])).toMatchObject({ lifecycle: 'active', lifecycleRevision: 3 });
    expect(applyAll([upsert(1), discontinue(2, 'S-2'), upsert(3)])?.replacementSku).toBeUndefined();
  });

  it('converges to the same record for any delivery order, with replays (property)', () => {
    const changes = fc
      .uniqueArray(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 12 })
      .chain((revisions) => fc.tuple(...revisions.map((r) => fc.oneof(fc.constant(upsert(r)), fc.constant(upsert(r, `r${r}`, 'discontinued', 'S-9')), fc.constant(discontinue(r, r % 2 ? 'S-7' : undefined))))));
    fc.assert(
      fc.property(changes, fc.array(fc.nat()), (list, seeds) => {
        const shuffled = [...list];
        seeds.forEach((seed, i) => {
          const j = seed % shuffled.length;
          [shuffled[i % shuffled.length], shuffled[j]] = [shuffled[j]!, shuffled[i % shuffled.length]!];
        });
        const replayed = [...shuffled, ...shuffled.slice(0, seeds.length % (shuffled.length + 1))];
        const inOrder = applyAll([...list].sort((a, b) => a.revision - b.revision));
        expect(applyAll(replayed)).toEqual(inOrder);
      }),
    );
  });
});

describe('isValidSku', () => {
  it.each(['HEX-M8-040', 'ABC', 'A1B2C3', 'X-1-2-3'])('accepts %s', (sku) => expect(isValidSku(sku)).toBe(true));
  it.each(['ab-1', 'AB', 'HEX--1', '-HEX', 'HEX-', 'HEX_1', 'HEX.1', 'A'.repeat(33)])('refuses %s', (sku) => expect(isValidSku(sku)).toBe(false));
});
