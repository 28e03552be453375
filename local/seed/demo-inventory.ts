import type { IncomingSupplyUpdatedDetail } from '#events/incoming-supply-updated';
import { maxSnapshotChunkRows, type WarehouseStockSnapshotChunkDetail } from '#events/warehouse-stock-snapshot';
import { demoProductEvents } from './demo-catalog.ts';

const hour = 3600_000;

/**
 * Stock of the demo catalog as the WMS reports it, relative to `now` so every case shows right after
 * `npm start`: WH-EAST reported an hour ago (fresh); WH-WEST 20 hours ago, past its 12-hour freshness
 * limit, so its figures come back `stale`. Every tenth SKU is out of stock in WH-EAST, the next one low
 * (on-hand at safety stock + 2); the out-of-stock ones have incoming supply in 1–3 weeks. WH-WEST
 * stocks every other SKU.
 */
export function demoInventory(now: number): { snapshots: WarehouseStockSnapshotChunkDetail[]; supply: IncomingSupplyUpdatedDetail[] } {
  const skus = demoProductEvents().map((p) => p.product.sku);
  const east = skus.map((sku, i) => ({ sku, onHand: i % 10 === 0 ? 0 : i % 10 === 1 ? 7 : 40 + ((i * 37) % 400), safetyStock: 5 }));
  const west = skus.filter((_, i) => i % 2 === 0).map((sku, i) => ({ sku, onHand: 10 + ((i * 13) % 90), safetyStock: 0 }));
  const supply = skus
    .filter((_, i) => i % 10 === 0)
    .map((sku, i): IncomingSupplyUpdatedDetail => ({
      schemaVersion: 1,
      supplyId: `PO-DEMO-${i + 1}`,
      warehouseId: 'WH-EAST',
      sku,
      version: 1,
      asOf: new Date(now - hour).toISOString(),
      expectedDate: new Date(now + (7 + (i % 3) * 7) * 24 * hour).toISOString().slice(0, 10),
      quantity: 100 + (i % 4) * 50,
    }));
  // The WMS also reports FAS-109001, which governance quarantined (demo-catalog.ts): ATP never shows its stock.
  east.push({ sku: 'FAS-109001', onHand: 120, safetyStock: 0 });
  return { snapshots: [...snapshot('WH-EAST', now - hour, east), ...snapshot('WH-WEST', now - 20 * hour, west)], supply };
}

function snapshot(warehouseId: string, at: number, rows: WarehouseStockSnapshotChunkDetail['rows']): WarehouseStockSnapshotChunkDetail[] {
  const chunks = Math.ceil(rows.length / maxSnapshotChunkRows);
  return Array.from({ length: chunks }, (_, i) => ({
    schemaVersion: 1,
    snapshotId: `SNAP-${warehouseId}-${at}`,
    warehouseId,
    version: at,
    asOf: new Date(at).toISOString(),
    chunk: i + 1,
    chunks,
    rows: rows.slice(i * maxSnapshotChunkRows, (i + 1) * maxSnapshotChunkRows),
  }));
}
