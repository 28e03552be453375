import type { StockStore, UpsertOutcome } from '#domain/ports';
import type { IncomingSupplyUpdatedDetail } from '#events/incoming-supply-updated';
import type { StockAdjustedDetail } from '#events/stock-adjusted';
import type { WarehouseStockSnapshotChunkDetail } from '#events/warehouse-stock-snapshot';

export interface InventoryIngestDeps {
  readonly stock: StockStore;
  /** Rows written at once per chunk (each is one conditional update). */
  readonly concurrency?: number;
}

/** 'applied' when anything applied; 'duplicate' when everything was a replay; otherwise 'stale'. */
export function combineOutcomes(outcomes: readonly UpsertOutcome[]): UpsertOutcome {
  if (outcomes.includes('applied')) return 'applied';
  return outcomes.every((o) => o === 'duplicate') ? 'duplicate' : 'stale';
}

/**
 * One snapshot chunk: every row is a versioned statement of its SKU in the warehouse, written with a
 * condition (newest version wins, reservations kept). Rows are independent, so a redelivered chunk
 * after a partial failure re-applies only what is missing.
 */
export async function applySnapshotChunk(detail: WarehouseStockSnapshotChunkDetail, deps: InventoryIngestDeps): Promise<UpsertOutcome> {
  const { warehouseId, version, asOf } = detail;
  const outcomes: UpsertOutcome[] = new Array<UpsertOutcome>(detail.rows.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < detail.rows.length; i = next++) {
      const row = detail.rows[i]!;
      outcomes[i] = await deps.stock.putLevel(warehouseId, row.sku, { onHand: row.onHand, safetyStock: row.safetyStock, version, asOf });
    }
  };
  await Promise.all(Array.from({ length: Math.min(deps.concurrency ?? 32, detail.rows.length) }, worker));
  await deps.stock.recordFeed(warehouseId, version, asOf);
  return combineOutcomes(outcomes);
}

export async function applyStockAdjustment(detail: StockAdjustedDetail, deps: InventoryIngestDeps): Promise<UpsertOutcome> {
  const { warehouseId, sku, version, asOf, onHand, safetyStock } = detail;
  const outcome = await deps.stock.putLevel(warehouseId, sku, { onHand, safetyStock, version, asOf });
  await deps.stock.recordFeed(warehouseId, version, asOf);
  return outcome;
}

export async function applyIncomingSupply(detail: IncomingSupplyUpdatedDetail, deps: InventoryIngestDeps): Promise<UpsertOutcome> {
  const { supplyId, sku, warehouseId, expectedDate, quantity, version } = detail;
  return deps.stock.putSupply({ supplyId, sku, warehouseId, expectedDate, quantity }, version);
}
