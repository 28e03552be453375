import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { stockAdjusted } from '#events/stock-adjusted';
import { warehouseStockSnapshotChunk } from '#events/warehouse-stock-snapshot';
import type { EventContract } from '#events/contract';
import { StockRepository } from '#functions/data/stock-repository';
import { metrics } from '#functions/shared/powertools';
import { measureFeedAges } from '#functions/use-cases/stock-feed-age';
import { publishErpEvents } from '#local/erp';
import { localStockFreshness } from '#local/stack';
import { startTestStack, type TestStack } from '#test/support/local-stack';

/**
 * The scheduled feed-age measurement: the snapshot and adjustment consumers keep each warehouse's
 * feed-status item; the stockFeedAge function reads them and emits StockFeedAgeSeconds per watched
 * warehouse, with no availability reader involved.
 */
let stack: TestStack;
const hour = 3600_000;
const now = Date.parse('2026-11-30T12:00:00Z');

async function publish<S extends EventContract['detail']>(contract: EventContract<S>, details: readonly unknown[]) {
  await publishErpEvents(contract, details);
  await stack.bus.drain();
}

beforeAll(async () => {
  stack = await startTestStack();
  await publish(warehouseStockSnapshotChunk, [
    { schemaVersion: 1, snapshotId: 'S-W', warehouseId: 'WH-WEST', version: now - 20 * hour, asOf: new Date(now - 20 * hour).toISOString(), chunk: 1, chunks: 1, rows: [{ sku: 'F-1', onHand: 1, safetyStock: 0 }] },
    { schemaVersion: 1, snapshotId: 'S-E', warehouseId: 'WH-EAST', version: now - 3 * hour, asOf: new Date(now - 3 * hour).toISOString(), chunk: 1, chunks: 1, rows: [{ sku: 'F-1', onHand: 1, safetyStock: 0 }] },
  ]);
  // A newer adjustment moves WH-EAST's feed forward; an older snapshot replayed afterwards does not move it back.
  await publish(stockAdjusted, [{ schemaVersion: 1, warehouseId: 'WH-EAST', sku: 'F-1', version: now - hour, asOf: new Date(now - hour).toISOString(), onHand: 2, safetyStock: 0 }]);
  await publish(warehouseStockSnapshotChunk, [
    { schemaVersion: 1, snapshotId: 'S-E0', warehouseId: 'WH-EAST', version: now - 9 * hour, asOf: new Date(now - 9 * hour).toISOString(), chunk: 1, chunks: 1, rows: [{ sku: 'F-1', onHand: 1, safetyStock: 0 }] },
  ]);
  expect(stack.bus.deadLetters).toEqual([]);
});
afterAll(() => stack?.stop());

describe('measureFeedAges', () => {
  it('reports every warehouse that reported and every watched one, from the newest statement applied, against its limit', async () => {
    const freshness = { defaultSeconds: 2 * 3600, byWarehouse: { 'WH-WEST': 24 * 3600, 'WH-NORTH': 3600 } };
    const ages = await measureFeedAges({ stock: new StockRepository(stack.documentClient, stack.tableName), freshness, now: () => new Date(now) });
    expect(ages).toEqual([
      // WH-EAST has no limit of its own: the default applies, and it is measured because it reported.
      { warehouseId: 'WH-EAST', ageSeconds: 3600, asOf: new Date(now - hour).toISOString(), limitSeconds: 2 * 3600, stale: false },
      { warehouseId: 'WH-NORTH', ageSeconds: null, asOf: null, limitSeconds: 3600, stale: true },
      { warehouseId: 'WH-WEST', ageSeconds: 20 * 3600, asOf: new Date(now - 20 * hour).toISOString(), limitSeconds: 24 * 3600, stale: false },
    ]);
    const tighter = await measureFeedAges({ stock: new StockRepository(stack.documentClient, stack.tableName), freshness: { defaultSeconds: 1800, byWarehouse: {} }, now: () => new Date(now) });
    expect(tighter.map((a) => [a.warehouseId, a.stale])).toEqual([
      ['WH-EAST', true],
      ['WH-WEST', true],
    ]);
  });
});

describe('StockRepository.retireFeed', () => {
  it('forgets a retired warehouse, so it is no longer measured or counted stale; a feed that reported since is kept', async () => {
    const stock = new StockRepository(stack.documentClient, stack.tableName);
    await stock.recordFeed('WH-CLOSED', 5, new Date(now - 90 * 24 * hour).toISOString());
    const freshness = { defaultSeconds: 2 * 3600, byWarehouse: {} };
    const before = await measureFeedAges({ stock, freshness, now: () => new Date(now) });
    expect(before.find((a) => a.warehouseId === 'WH-CLOSED')).toMatchObject({ stale: true });
    // Seen at version 4, but it has reported version 5 since: kept.
    expect(await stock.retireFeed('WH-CLOSED', 4)).toBe(false);
    expect(await stock.retireFeed('WH-CLOSED', 5)).toBe(true);
    expect(await stock.retireFeed('WH-CLOSED', 5)).toBe(false);
    const after = await measureFeedAges({ stock, freshness, now: () => new Date(now) });
    expect(after.map((a) => a.warehouseId)).toEqual(before.map((a) => a.warehouseId).filter((w) => w !== 'WH-CLOSED'));
    // A warehouse that reports again is watched again.
    await stock.recordFeed('WH-CLOSED', 6, new Date(now).toISOString());
    expect((await stock.feeds()).get('WH-CLOSED')).toEqual({ version: 6, asOf: new Date(now).toISOString() });
    expect(await stock.retireFeed('WH-CLOSED', 6)).toBe(true);
  });
});

describe('stockFeedAge function (what the 5-minute schedule invokes)', () => {
  it('emits StockFeedAgeSeconds per watched warehouse with the warehouse dimension, none for a warehouse never heard from', async () => {
    // Metrics are disabled in the local stack (no EMF on stdout): record what the handler emits.
    const emitted: { dimensions: Record<string, string>; name: string; unit: string; value: number }[] = [];
    const single = vi.spyOn(metrics, 'singleMetric').mockImplementation(() => {
      const dimensions: Record<string, string> = {};
      const fake = {
        addDimension: (name: string, value: string) => ((dimensions[name] = value), fake),
        addMetric: (name: string, unit: string, value: number) => void emitted.push({ dimensions, name, unit, value }),
      };
      return fake as unknown as ReturnType<typeof metrics.singleMetric>;
    });
    try {
      const scheduled = { version: '0', id: 'sched-1', 'detail-type': 'Scheduled Event', source: 'aws.events', time: new Date().toISOString(), resources: [], detail: {} };
      const result = (await stack.functions.invoke('stockFeedAge', scheduled)) as { ages: { warehouseId: string; ageSeconds: number | null }[] };
      // The local stack watches WH-EAST and WH-WEST (localStockFreshness), as the stage config does.
      expect(result.ages.map((a) => a.warehouseId)).toEqual(Object.keys(localStockFreshness.byWarehouse).sort());
    } finally {
      single.mockRestore();
    }
    expect(emitted.map((m) => [m.dimensions.warehouseId, m.name, m.unit])).toEqual([
      ['WH-EAST', 'StockFeedAgeSeconds', 'Seconds'],
      ['WH-WEST', 'StockFeedAgeSeconds', 'Seconds'],
      [undefined, 'StaleStockFeeds', 'Count'],
    ]);
    // Measured against now: both feeds (1 and 20 hours before the test's clock) are past the local limits.
    expect(emitted.at(-1)!.value).toBe(2);
    const age = (wh: string) => emitted.find((m) => m.dimensions.warehouseId === wh)!.value;
    expect(age('WH-WEST') - age('WH-EAST')).toBe(19 * 3600);
  });
});
