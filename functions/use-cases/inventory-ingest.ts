import type { StockStore, UpsertOutcome } from '#domain/ports';
import type { IncomingSupplyUpdatedDetail } from '#events/incoming-supply-updated';
import type { StockAdjustedDetail } from '#events/stock-adjusted';
import type { WarehouseStockSnapshotChunkDetail } from '#events/warehouse-stock-snapshot';

export interface InventoryIngestDeps {
  readonly stock: StockStore;
}

/** 'applied' when anything applied; 'duplicate' when everything was a replay; otherwise 'stale'. */
export function combineOutcomes(outcomes: readonly UpsertOutcome[]): UpsertOutcome {
  if (outcomes.includes('applied')) return 'applied';
  return outcomes.every((o) => o === 'duplicate') ? 'duplicate' : 'stale';
}

/**
 * One snapshot chunk: every row is a versioned statement of its SKU in the warehouse, written with a
 * condition (newest version wins, reservations kept), 100 rows per transaction. Rows are independent
 * items, so a redelivered chunk after a partial failure re-applies only what is missing.
 */
export async function applySnapshotChunk(detail: WarehouseStockSnapshotChunkDetail, deps: InventoryIngestDeps): Promise<UpsertOutcome> {
  const { warehouseId, version, asOf } = detail;
  const rows = detail.rows.map((row) => ({ sku: row.sku, level: { onHand: row.onHand, safetyStock: row.safetyStock, version, asOf } }));
  // Groups of 100 rows (one transaction each), written in parallel.
  const groups: (typeof rows)[] = [];
  for (let i = 0; i < rows.length; i += 100) groups.push(rows.slice(i, i + 100));
  const outcomes = (await Promise.all(groups.map((group) => deps.stock.putLevels(warehouseId, group)))).flat();
  await deps.stock.recordFeed(warehouseId, version, asOf);
  // Confirmed orders' handovers this statement now includes leave `reserved` (one Query, usually empty).
  await deps.stock.settleHandovers(warehouseId, version, detail.rows.map((row) => row.sku));
  return combineOutcomes(outcomes);
}

export async function applyStockAdjustment(detail: StockAdjustedDetail, deps: InventoryIngestDeps): Promise<UpsertOutcome> {
  const { warehouseId, sku, version, asOf, onHand, safetyStock } = detail;
  const outcome = await deps.stock.putLevel(warehouseId, sku, { onHand, safetyStock, version, asOf });
  await deps.stock.recordFeed(warehouseId, version, asOf);
  await deps.stock.settleHandovers(warehouseId, version, [sku]);
  return outcome;
}

export async function applyIncomingSupply(detail: IncomingSupplyUpdatedDetail, deps: InventoryIngestDeps): Promise<UpsertOutcome> {
  const { supplyId, sku, warehouseId, expectedDate, quantity, version } = detail;
  return deps.stock.putSupply({ supplyId, sku, warehouseId, expectedDate, quantity }, version);
}
