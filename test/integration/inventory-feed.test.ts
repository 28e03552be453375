import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { incomingSupplyUpdated } from '#events/incoming-supply-updated';
import { stockAdjusted } from '#events/stock-adjusted';
import { warehouseStockSnapshotChunk, type WarehouseStockSnapshotChunkDetail } from '#events/warehouse-stock-snapshot';
import type { EventContract } from '#events/contract';
import { StockRepository } from '#functions/data/stock-repository';
import { publishErpEvents } from '#local/erp';
import { startTestStack, type TestStack } from '#test/support/local-stack';

/** The ERP/WMS inventory feed over the bus into the stock items: versions, replays, invalid chunks. */
let stack: TestStack;
let stock: StockRepository;

async function publish<S extends EventContract['detail']>(contract: EventContract<S>, details: readonly unknown[]) {
  await publishErpEvents(contract, details);
  await stack.bus.drain();
}

const chunk = (version: number, n: number, of: number, rows: WarehouseStockSnapshotChunkDetail['rows'], warehouseId = 'WH-EAST'): WarehouseStockSnapshotChunkDetail => ({
  schemaVersion: 1,
  snapshotId: `SNAP-${warehouseId}-${version}`,
  warehouseId,
  version,
  asOf: new Date(1_796_000_000_000 + version * 60_000).toISOString(),
  chunk: n,
  chunks: of,
  rows,
});
const level = async (sku: string, warehouseId = 'WH-EAST') => (await stock.get([sku])).get(sku)?.warehouses.find((w) => w.warehouseId === warehouseId);

beforeAll(async () => {
  stack = await startTestStack();
  stock = new StockRepository(stack.documentClient, stack.tableName);
});
afterAll(async () => {
  await stack.stop();
});

describe('inventory feed', () => {
  it('applies snapshot chunks; an older snapshot and a replay change nothing', async () => {
    await publish(warehouseStockSnapshotChunk, [
      chunk(2, 1, 2, [{ sku: 'S-1', onHand: 10, safetyStock: 1 }]),
      chunk(2, 2, 2, [{ sku: 'S-2', onHand: 4, safetyStock: 0 }]),
    ]);
    await publish(warehouseStockSnapshotChunk, [chunk(1, 1, 1, [{ sku: 'S-1', onHand: 99, safetyStock: 0 }]), chunk(2, 1, 2, [{ sku: 'S-1', onHand: 10, safetyStock: 1 }])]);
    expect(await level('S-1')).toMatchObject({ onHand: 10, safetyStock: 1, version: 2 });
    expect(await level('S-2')).toMatchObject({ onHand: 4, version: 2 });
    expect(stack.bus.deadLetters).toEqual([]);
    expect((await stock.feeds()).get('WH-EAST')).toMatchObject({ version: 2 });
  });

  it('an adjustment newer than the snapshot wins, an older one does not, in either delivery order', async () => {
    const adjustment = (sku: string, version: number, onHand: number) => ({ schemaVersion: 1, warehouseId: 'WH-EAST', sku, version, asOf: `2026-11-30T0${version}:00:00Z`, onHand, safetyStock: 0, delta: -1 });
    // S-2 (at version 2 from the snapshot) hears 4 then 3; S-1 hears 3 then 4, each delivered on its own.
    for (const detail of [adjustment('S-2', 4, 2), adjustment('S-2', 3, 3), adjustment('S-1', 3, 3), adjustment('S-1', 4, 2)]) await publish(stockAdjusted, [detail]);
    expect(await level('S-2')).toMatchObject({ onHand: 2, version: 4 });
    expect(await level('S-1')).toMatchObject({ onHand: 2, version: 4 });
    // Older than the snapshot: changes nothing.
    await publish(stockAdjusted, [adjustment('S-1', 1, 77)]);
    expect(await level('S-1')).toMatchObject({ onHand: 2, version: 4 });
  });

  it('an invalid chunk goes to the DLQ with reasons; the other chunks of the snapshot apply', async () => {
    await publish(warehouseStockSnapshotChunk, [
      chunk(5, 1, 3, [{ sku: 'S-10', onHand: 1, safetyStock: 0 }]),
      chunk(5, 2, 3, [
        { sku: 'S-11', onHand: -4, safetyStock: 0 },
        { sku: 'S-12', onHand: 1, safetyStock: 0 },
        { sku: 'S-12', onHand: 2, safetyStock: 0 },
      ]),
      chunk(5, 3, 3, [{ sku: 'S-13', onHand: 7, safetyStock: 0 }]),
    ]);
    expect(await level('S-10')).toMatchObject({ onHand: 1 });
    expect(await level('S-13')).toMatchObject({ onHand: 7 });
    expect(await level('S-12')).toBeUndefined();
    const dead = stack.bus.deadLetters.filter((l) => l.rule === 'warehouseStockSnapshotChunk');
    expect(dead).toHaveLength(1);
    expect(dead[0]!.error.type).toBe('InvalidEventError');
    const reasons = JSON.parse(dead[0]!.error.message) as { field: string }[];
    expect(reasons.map((r) => r.field).sort()).toEqual(['detail.rows.0.onHand', 'detail.rows.2.sku']);
  });

  it('a chunk redelivered after it was partly applied writes what is missing and keeps what a newer statement set', async () => {
    const rows = Array.from({ length: 120 }, (_, i) => ({ sku: `P-${String(i).padStart(3, '0')}`, onHand: 10 + i, safetyStock: 1 }));
    // The first delivery died after 40 rows; meanwhile a newer adjustment moved one of the missing rows.
    await stock.putLevels('WH-EAST', rows.slice(0, 40).map((r) => ({ sku: r.sku, level: { onHand: r.onHand, safetyStock: r.safetyStock, version: 7, asOf: '2026-11-30T11:00:00.000Z' } })));
    await stock.putLevel('WH-EAST', 'P-100', { onHand: 3, safetyStock: 0, version: 8, asOf: '2026-11-30T11:30:00.000Z' });
    await publish(warehouseStockSnapshotChunk, [{ ...chunk(7, 1, 1, rows), asOf: '2026-11-30T11:00:00.000Z' }]);
    // Still only the invalid chunk of the test above: this one applied, it was not parked.
    expect(stack.bus.deadLetters.filter((l) => l.rule === 'warehouseStockSnapshotChunk')).toHaveLength(1);
    const found = await stock.get(rows.map((r) => r.sku));
    for (const r of rows) {
      const expected = r.sku === 'P-100' ? { onHand: 3, version: 8 } : { onHand: r.onHand, safetyStock: 1, version: 7 };
      expect(found.get(r.sku)?.warehouses.find((w) => w.warehouseId === 'WH-EAST')).toMatchObject(expected);
    }
  });

  it('keeps the newest statement of each incoming supply', async () => {
    const supply = { schemaVersion: 1, supplyId: 'PO-1', warehouseId: 'WH-EAST', sku: 'S-1', asOf: '2026-11-30T10:00:00Z', expectedDate: '2026-12-09', quantity: 40 };
    await publish(incomingSupplyUpdated, [
      { ...supply, version: 2 },
      { ...supply, version: 1, quantity: 5 },
      { ...supply, version: 2 },
    ]);
    expect((await stock.get(['S-1'])).get('S-1')?.supply).toEqual([{ supplyId: 'PO-1', sku: 'S-1', warehouseId: 'WH-EAST', expectedDate: '2026-12-09', quantity: 40 }]);
  });
});
