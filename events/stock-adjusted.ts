import * as z from 'zod/mini';
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
    delta: z.optional(z.number().check(z.int())),
    reason: z.optional(z.string().check(z.maxLength(100))),
  }),
});

export type StockAdjustedDetail = z.infer<typeof stockAdjusted.detail>;
