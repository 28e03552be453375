import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { availableToPromise } from '#domain/atp';
import { orderAllocated, type OrderAllocatedDetail } from '#events/order-allocated';
import { stockAdjusted } from '#events/stock-adjusted';
import { warehouseStockSnapshotChunk } from '#events/warehouse-stock-snapshot';
import type { EventContract } from '#events/contract';
import { StockRepository } from '#functions/data/stock-repository';
import { keys } from '#functions/data/table-design';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { publishErpEvents } from '#local/erp';
import { startTestStack, type TestStack } from '#test/support/local-stack';

/**
 * Reservation → ERP allocation hand-over on DynamoDB Local: the OrderAllocated consumer, snapshots and
 * adjustments through the bus, in every order, replayed, and racing. Each unit counts exactly once.
 */
let stack: TestStack;
let stock: StockRepository;
const at = '2026-11-30T12:00:00.000Z';

async function publish<S extends EventContract['detail']>(contract: EventContract<S>, details: readonly unknown[]) {
  await publishErpEvents(contract, details);
  await stack.bus.drain();
}
const snapshot = (warehouseId: string, version: number, rows: { sku: string; onHand: number; safetyStock?: number }[]) => ({
  schemaVersion: 1,
  snapshotId: `S-${warehouseId}-${version}`,
  warehouseId,
  version,
  asOf: new Date(1_796_000_000_000 + version * 1000).toISOString(),
  chunk: 1,
  chunks: 1,
  rows: rows.map((r) => ({ safetyStock: 0, ...r })),
});
const adjustment = (warehouseId: string, sku: string, version: number, onHand: number, safetyStock = 0) => ({
  schemaVersion: 1, warehouseId, sku, version, asOf: new Date(1_796_000_000_000 + version * 1000).toISOString(), onHand, safetyStock,
});
const confirmation = (orderId: string, allocations: { warehouseId: string; stockVersion: number; lines: { sku: string; quantity: number }[] }[]): OrderAllocatedDetail => ({
  schemaVersion: 1, orderId, confirmedAt: at, allocations,
});
const row = async (sku: string, warehouseId = 'WH-EAST') => (await stock.get([sku])).get(sku)?.warehouses.find((w) => w.warehouseId === warehouseId);
const atp = async (sku: string, warehouseId = 'WH-EAST') => availableToPromise((await row(sku, warehouseId))!);
/** The stored `reserved#`/`net#` (what reservation conditions see), read raw. */
async function stored(sku: string, warehouseId = 'WH-EAST') {
  const { Items } = await stack.documentClient.send(new QueryCommand({ TableName: stack.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.stock(sku).pk }, ConsistentRead: true }));
  const item = Items![0]!;
  return { held: item[`reserved#${warehouseId}`] as number, net: item[`net#${warehouseId}`] as number, allocations: Object.keys(item).filter((k) => k.startsWith(`alloc#${warehouseId}#`)) };
}
async function handoverEntries(warehouseId = 'WH-EAST') {
  const { Items } = await stack.documentClient.send(new QueryCommand({ TableName: stack.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.handoverPartition(warehouseId) }, ConsistentRead: true }));
  return Items ?? [];
}

beforeAll(async () => {
  stack = await startTestStack();
  stock = new StockRepository(stack.documentClient, stack.tableName);
});
afterAll(() => stack?.stop());

describe('OrderAllocated: reservation hands over to the ERP allocation', () => {
  it('confirmation before the snapshot: counted by the reservation until the snapshot that includes the allocation, then by the feed only', async () => {
    await publish(warehouseStockSnapshotChunk, [snapshot('WH-EAST', 10, [{ sku: 'H-1', onHand: 100, safetyStock: 5 }])]);
    expect(await stock.reserve('o-h1', [{ sku: 'H-1', warehouseId: 'WH-EAST', quantity: 30 }], at)).toEqual({ outcome: 'reserved' });
    expect(await atp('H-1')).toBe(65);

    await publish(orderAllocated, [confirmation('o-h1', [{ warehouseId: 'WH-EAST', stockVersion: 12, lines: [{ sku: 'H-1', quantity: 30 }] }])]);
    // The feed (version 10) does not include the allocation yet: still counted once, by the reservation.
    expect(await atp('H-1')).toBe(65);
    expect(await stored('H-1')).toMatchObject({ held: 30, allocations: ['alloc#WH-EAST#o-h1'] });

    // An adjustment at version 11 still predates the allocation.
    await publish(stockAdjusted, [adjustment('WH-EAST', 'H-1', 11, 101, 5)]);
    expect(await atp('H-1')).toBe(66);

    // The snapshot at version 12 is net of the allocation (on-hand 71): counted once, by the feed.
    await publish(warehouseStockSnapshotChunk, [snapshot('WH-EAST', 12, [{ sku: 'H-1', onHand: 71, safetyStock: 5 }])]);
    expect(await atp('H-1')).toBe(66);
    // Settled by the snapshot consumer: stored figures exact, index entry gone.
    expect(await stored('H-1')).toEqual({ held: 0, net: 66, allocations: [] });
    expect(await handoverEntries()).toEqual([]);
    expect(stack.bus.deadLetters).toEqual([]);
  });

  it('snapshot before confirmation: released at once when the confirmation arrives', async () => {
    await publish(warehouseStockSnapshotChunk, [snapshot('WH-EAST', 20, [{ sku: 'H-2', onHand: 50 }])]);
    await stock.reserve('o-h2', [{ sku: 'H-2', warehouseId: 'WH-EAST', quantity: 10 }], at);
    // The ERP allocated at version 21 and its snapshot 21 (on-hand 40) is delivered first.
    await publish(warehouseStockSnapshotChunk, [snapshot('WH-EAST', 21, [{ sku: 'H-2', onHand: 40 }])]);
    // The portal cannot know yet: the reservation still holds (the safe side, for the delivery skew).
    expect(await atp('H-2')).toBe(30);
    await publish(orderAllocated, [confirmation('o-h2', [{ warehouseId: 'WH-EAST', stockVersion: 21, lines: [{ sku: 'H-2', quantity: 10 }] }])]);
    expect(await atp('H-2')).toBe(40);
    expect(await stored('H-2')).toEqual({ held: 0, net: 40, allocations: [] });
    expect(await handoverEntries()).toEqual([]);
  });

  it('replays and old statements change nothing; partial allocation releases the rest; release after confirmation is refused', async () => {
    await publish(warehouseStockSnapshotChunk, [
      snapshot('WH-EAST', 30, [{ sku: 'H-3', onHand: 20 }]),
      snapshot('WH-WEST', 30, [{ sku: 'H-3', onHand: 20 }]),
    ]);
    await stock.reserve('o-h3', [
      { sku: 'H-3', warehouseId: 'WH-EAST', quantity: 8 },
      { sku: 'H-3', warehouseId: 'WH-WEST', quantity: 5 },
    ], at);
    const confirm = confirmation('o-h3', [{ warehouseId: 'WH-EAST', stockVersion: 33, lines: [{ sku: 'H-3', quantity: 6 }] }]);
    await publish(orderAllocated, [confirm, confirm]);
    // WH-EAST: 6 handed over (still counted), 2 released; WH-WEST: nothing allocated there, 5 released.
    expect([await atp('H-3', 'WH-EAST'), await atp('H-3', 'WH-WEST')]).toEqual([14, 20]);
    expect(await stock.release('o-h3')).toBe('handed-over');
    await publish(warehouseStockSnapshotChunk, [snapshot('WH-EAST', 29, [{ sku: 'H-3', onHand: 99 }]), snapshot('WH-EAST', 30, [{ sku: 'H-3', onHand: 20 }])]);
    expect(await atp('H-3', 'WH-EAST')).toBe(14);
    await publish(warehouseStockSnapshotChunk, [snapshot('WH-EAST', 34, [{ sku: 'H-3', onHand: 14 }])]);
    await publish(orderAllocated, [confirm]);
    await publish(warehouseStockSnapshotChunk, [snapshot('WH-EAST', 34, [{ sku: 'H-3', onHand: 14 }])]);
    expect(await atp('H-3', 'WH-EAST')).toBe(14);
    expect(await stored('H-3', 'WH-EAST')).toEqual({ held: 0, net: 14, allocations: [] });
  });

  it('units the ERP allocated from a warehouse the order did not reserve count from the confirmation until that warehouse’s statement, once', async () => {
    await publish(warehouseStockSnapshotChunk, [snapshot('WH-EAST', 50, [{ sku: 'H-5', onHand: 20 }]), snapshot('WH-WEST', 50, [{ sku: 'H-5', onHand: 30 }])]);
    await stock.reserve('o-h5', [{ sku: 'H-5', warehouseId: 'WH-EAST', quantity: 10 }], at);
    // The ERP sourced 4 from WH-EAST and 6 from WH-WEST instead.
    await publish(orderAllocated, [confirmation('o-h5', [
      { warehouseId: 'WH-EAST', stockVersion: 51, lines: [{ sku: 'H-5', quantity: 4 }] },
      { warehouseId: 'WH-WEST', stockVersion: 52, lines: [{ sku: 'H-5', quantity: 6 }] },
    ])]);
    expect([await atp('H-5', 'WH-EAST'), await atp('H-5', 'WH-WEST')]).toEqual([16, 24]);
    await publish(warehouseStockSnapshotChunk, [snapshot('WH-WEST', 52, [{ sku: 'H-5', onHand: 24 }]), snapshot('WH-EAST', 51, [{ sku: 'H-5', onHand: 16 }])]);
    expect([await atp('H-5', 'WH-EAST'), await atp('H-5', 'WH-WEST')]).toEqual([16, 24]);
    expect([await stored('H-5', 'WH-EAST'), await stored('H-5', 'WH-WEST')]).toEqual([
      { held: 0, net: 16, allocations: [] },
      { held: 0, net: 24, allocations: [] },
    ]);
  });

  it('a confirmation for an order the portal holds nothing for changes nothing', async () => {
    await publish(orderAllocated, [confirmation('o-unknown', [{ warehouseId: 'WH-EAST', stockVersion: 1, lines: [{ sku: 'H-9', quantity: 1 }] }])]);
    expect(await stock.get(['H-9'])).toEqual(new Map());
    expect(stack.bus.deadLetters).toEqual([]);
  });

  it('a reservation refused on a stored net that still holds covered handovers settles them and succeeds', async () => {
    await stock.putLevel('WH-EAST', 'H-4', { version: 40, onHand: 10, safetyStock: 0, asOf: at });
    expect(await stock.reserve('o-h4a', [{ sku: 'H-4', warehouseId: 'WH-EAST', quantity: 10 }], at)).toEqual({ outcome: 'reserved' });
    await stock.confirm('o-h4a', [{ warehouseId: 'WH-EAST', version: 41, lines: [{ sku: 'H-4', quantity: 10 }] }], at);
    // The ERP restocked: at version 41 on-hand is 25, net of the 10 allocated. Applied without settling (no ingest call).
    await stock.putLevel('WH-EAST', 'H-4', { version: 41, onHand: 25, safetyStock: 0, asOf: at });
    expect(await stored('H-4')).toMatchObject({ held: 10, net: 15 });
    expect(await atp('H-4')).toBe(25);
    expect(await stock.reserve('o-h4b', [{ sku: 'H-4', warehouseId: 'WH-EAST', quantity: 20 }], at)).toEqual({ outcome: 'reserved' });
    expect(await stored('H-4')).toEqual({ held: 20, net: 5, allocations: [] });
    expect(await stock.reserve('o-h4c', [{ sku: 'H-4', warehouseId: 'WH-EAST', quantity: 6 }], at)).toMatchObject({ outcome: 'insufficient', lines: [{ available: 5 }] });
  });

  it('confirmations racing snapshots and reservations: never oversold, every unit counted once', async () => {
    await stock.putLevel('WH-EAST', 'H-RACE', { version: 100, onHand: 200, safetyStock: 0, asOf: at });
    const orders = Array.from({ length: 20 }, (_, i) => `o-race-${i}`);
    await Promise.all(orders.map((o) => stock.reserve(o, [{ sku: 'H-RACE', warehouseId: 'WH-EAST', quantity: 5 }], at)));
    // The ERP allocates every order at version 101..120; its snapshots 101..120 arrive interleaved.
    const snapshots = Array.from({ length: 20 }, (_, i) => 101 + i);
    const onHandAt = (v: number) => 200 - 5 * (v - 100);
    await Promise.all([
      ...orders.map((o, i) => stock.confirm(o, [{ warehouseId: 'WH-EAST', version: 101 + i, lines: [{ sku: 'H-RACE', quantity: 5 }] }], at)),
      ...snapshots.sort(() => Math.random() - 0.5).map(async (v) => {
        await stock.putLevel('WH-EAST', 'H-RACE', { version: v, onHand: onHandAt(v), safetyStock: 0, asOf: at });
        await stock.settleHandovers('WH-EAST', v, ['H-RACE']);
      }),
      // Racing new reservations: 100 units are truly free throughout, at most that many can be taken.
      ...Array.from({ length: 40 }, (_, i) => stock.reserve(`o-new-${i}`, [{ sku: 'H-RACE', warehouseId: 'WH-EAST', quantity: 5 }], at)),
    ]);
    await stock.settleHandovers('WH-EAST', 120, ['H-RACE']);
    const after = await stored('H-RACE');
    const newOnes = (await Promise.all(Array.from({ length: 40 }, (_, i) => stock.release(`o-new-${i}`)))).filter((r) => r === 'released').length;
    expect(newOnes).toBeLessThanOrEqual(20);
    // The level at 120 includes all 20 allocations (100 units); the new reservations held 5 each.
    expect(after).toEqual({ held: newOnes * 5, net: 100 - newOnes * 5, allocations: [] });
    expect(await stored('H-RACE')).toEqual({ held: 0, net: 100, allocations: [] });
  });
});

describe('hand-over on DynamoDB Local matches the domain model for random interleavings', () => {
  it('any order of confirmation, statements (old and new) and replays converges to the same figures', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 12 }),
        fc.uniqueArray(fc.integer({ min: 2, max: 9 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 2, max: 9 }),
        fc.infiniteStream(fc.nat()),
        async (reserved, allocated, versions, allocationVersion, randomness) => {
          run += 1;
          const sku = `P-${run}`;
          const orderId = `o-p-${run}`;
          const onHandAt = (v: number) => 60 - (v >= allocationVersion ? allocated : 0);
          await stock.putLevel('WH-EAST', sku, { version: 1, onHand: 60, safetyStock: 0, asOf: at });
          await stock.reserve(orderId, [{ sku, warehouseId: 'WH-EAST', quantity: reserved }], at);
          type Step = () => Promise<unknown>;
          const confirm: Step = () => stock.confirm(orderId, [{ warehouseId: 'WH-EAST', version: allocationVersion, lines: [{ sku, quantity: allocated }] }], at);
          const statementAt = (v: number): Step => async () => {
            await stock.putLevel('WH-EAST', sku, { version: v, onHand: onHandAt(v), safetyStock: 0, asOf: at });
            await stock.settleHandovers('WH-EAST', v, [sku]);
          };
          const steps = [confirm, confirm, ...versions.flatMap((v) => [statementAt(v), statementAt(v)])];
          const it = randomness[Symbol.iterator]();
          const order = steps.map((s) => ({ s, k: it.next().value as number })).sort((a, b) => a.k - b.k);
          for (const { s } of order) await s();
          const newest = Math.max(1, ...versions);
          const counted = newest >= allocationVersion ? 0 : allocated;
          expect(await atp(sku)).toBe(onHandAt(newest) - counted);
          await stock.settleHandovers('WH-EAST', newest, [sku]);
          expect(await stored(sku)).toEqual({ held: counted, net: onHandAt(newest) - counted, allocations: counted > 0 ? [`alloc#WH-EAST#${orderId}`] : [] });
        },
      ),
      { numRuns: 15 },
    );
  });
});
