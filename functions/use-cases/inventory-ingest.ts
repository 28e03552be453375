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
 * One snapshot chunk: every row is a versioned statement of its SKU in the warehouse, written with its
 * own condition (newest version wins, reservations kept; the store bounds how many are in flight).
 * Rows are independent items, so a redelivered chunk after a partial failure re-applies only what is
 * missing, and a replayed or older row is an outcome, not a failure.
 */
export async function applySnapshotChunk(detail: WarehouseStockSnapshotChunkDetail, deps: InventoryIngestDeps): Promise<UpsertOutcome> {
  const { warehouseId, version, asOf } = detail;
  const rows = detail.rows.map((row) => ({ sku: row.sku, level: { onHand: row.onHand, safetyStock: row.safetyStock, version, asOf } }));
  const outcomes = await deps.stock.putLevels(warehouseId, rows);
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
