import * as z from 'zod/mini';
import { defineContract, eventSources } from './contract.ts';
import { idSchema } from './schema-parts.ts';
import { isoDate, isoTimestamp, quantitySchema, skuSchema, sourceVersionSchema, warehouseIdSchema } from './inventory-parts.ts';

/**
 * An expected receipt (purchase order or production order line) into a warehouse: quantity and the
 * date it becomes promisable. Sent whole on every change; `quantity` 0 closes it (received — the
 * stock then arrives through adjustments or the next snapshot — or cancelled). Newest version wins.
 */
export const incomingSupplyUpdated = defineContract({
  source: eventSources.erp,
  detailType: 'IncomingSupplyUpdated',
  schemaVersion: 1,
  detail: z.object({
    schemaVersion: z.literal(1),
    supplyId: idSchema,
    warehouseId: warehouseIdSchema,
    sku: skuSchema,
    version: sourceVersionSchema,
    asOf: isoTimestamp,
    expectedDate: isoDate,
    quantity: quantitySchema,
  }),
});

export type IncomingSupplyUpdatedDetail = z.infer<typeof incomingSupplyUpdated.detail>;
