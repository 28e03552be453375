import { incomingSupplyUpdated } from '#events/incoming-supply-updated';
import { warehouseStockSnapshotChunk } from '#events/warehouse-stock-snapshot';
import type { LocalStack } from '../stack.ts';
import { publishErpEvents } from '../erp.ts';
import { demoInventory } from './demo-inventory.ts';

/** Demo stock arrives as the WMS sends it: snapshot chunks per warehouse, then incoming supply. */
export async function seedInventory(stack: LocalStack, now = Date.now()): Promise<{ stockRows: number; supply: number }> {
  const letters = stack.bus.deadLetters.length;
  const { snapshots, supply } = demoInventory(now);
  await publishErpEvents(warehouseStockSnapshotChunk, snapshots);
  await stack.bus.drain();
  await publishErpEvents(incomingSupplyUpdated, supply);
  await stack.bus.drain();
  const rejected = stack.bus.deadLetters.slice(letters);
  if (rejected.length > 0) throw new Error(`inventory seed events were rejected: ${JSON.stringify(rejected[0]?.error)}`);
  return { stockRows: snapshots.reduce((n, s) => n + s.rows.length, 0), supply: supply.length };
}
