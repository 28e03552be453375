import * as z from 'zod';
import { defineContract, eventSources } from './contract.ts';
import { isoTimestamp, quantitySchema, skuSchema, sourceVersionSchema, warehouseIdSchema } from './inventory-parts.ts';

/**
 * One SKU's stock changed in one warehouse between snapshots (receipt, pick, count, ERP allocation).
 * It carries the resulting level, not only the delta: the newest version wins regardless of delivery
 * order, which a delta alone could not give. `delta` and `reason` are informational.
 */
export const stockAdjusted = defineContract({
  source: eventSources.erp,
  detailType: 'StockAdjusted',
  schemaVersion: 1,
  detail: z.object({
    schemaVersion: z.literal(1),
    warehouseId: warehouseIdSchema,
    sku: skuSchema,
    version: sourceVersionSchema,
    asOf: isoTimestamp,
    onHand: quantitySchema,
    safetyStock: quantitySchema,
    delta: z.number().int().optional(),
    reason: z.string().max(100).optional(),
  }),
});

export type StockAdjustedDetail = z.infer<typeof stockAdjusted.detail>;
