import { describe, expect, it } from 'vitest';
import type { PriceListRetentionStore } from '#domain/price-lists';
import type { ListPointer, PriceStore } from '#domain/pricing-store';
import type { PriceListPublishedDetail } from '#events/price-list-published';
import { applyPriceListPart } from '#functions/use-cases/price-ingest';

/** A store that records the calls in order; `pointer` and `complete` say what it answers. */
function recordingStore(pointer: ListPointer | undefined, complete: boolean) {
  const calls: string[] = [];
  const store: PriceStore & PriceListRetentionStore = {
    pointer: () => Promise.resolve(pointer),
    recordPartSkus: (_c, v, i, skus) => (calls.push(`skus ${v}/${i} ${skus.join(',')}`), Promise.resolve()),
    writeListItems: (_c, v, items) => (calls.push(`items ${v} ${items.map((i) => i.sku).join(',')}`), Promise.resolve()),
    recordListPart: (_c, v, part) => (calls.push(`part ${v}/${part.index}`), Promise.resolve({ seen: false, complete })),
    flipPointerRetaining: (_c, _id, v, _from, today) => (calls.push(`flip ${v} on ${today}`), Promise.resolve('applied' as const)),
    pruneRetired: () => (calls.push('prune'), Promise.resolve({ versions: [], skus: 0 })),
    flipPointer: () => Promise.reject(new Error('the use-case flips with retention')),
    putContract: () => Promise.reject(new Error('unused')),
    putPromotion: () => Promise.reject(new Error('unused')),
    putTier: () => Promise.reject(new Error('unused')),
    context: () => Promise.reject(new Error('unused')),
    sheets: () => Promise.reject(new Error('unused')),
  };
  return { store, calls };
}

const part = (version: number, index: number, count: number): PriceListPublishedDetail => ({
  schemaVersion: 1,
  occurredAt: '2026-11-30T09:00:00Z',
  priceListId: 'LIST-USD',
  currency: 'USD',
  version,
  effectiveFrom: '2026-12-01',
  part: { index, count },
  items: [{ sku: 'A', amountMinor: 100 }, { sku: 'B', amountMinor: 200 }],
});
const live = (version: number): ListPointer => ({ currency: 'USD', priceListId: 'LIST-USD', versions: [{ version, effectiveFrom: '2026-01-01' }] });

describe('applyPriceListPart', () => {
  it('records the SKUs before writing them, and records the part after (a crash leaves nothing prune cannot find)', async () => {
    const { store, calls } = recordingStore(live(6), false);

    expect(await applyPriceListPart(part(7, 0, 2), { prices: store })).toBe('applied');

    expect(calls).toEqual(['skus 7/0 A,B', 'items 7 A,B', 'part 7/0']);
  });

  it('flips with today and prunes after the flip when the last part arrives', async () => {
    const { store, calls } = recordingStore(live(6), true);

    await applyPriceListPart(part(7, 1, 2), { prices: store, today: () => '2026-11-30' });

    expect(calls.slice(-2)).toEqual(['flip 7 on 2026-11-30', 'prune']);
  });

  it('writes nothing for a version at or below the pointer, but re-runs the pruning', async () => {
    for (const [pointer, outcome] of [
      [7, 'duplicate'],
      [8, 'stale'],
    ] as const) {
      const { store, calls } = recordingStore(live(pointer), true);

      expect(await applyPriceListPart(part(7, 0, 2), { prices: store })).toBe(outcome);

      expect(calls).toEqual(['prune']);
    }
  });
});
