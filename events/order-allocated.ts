import * as z from 'zod/mini';
import { defineContract, eventSources } from './contract.ts';
import { idSchema } from './schema-parts.ts';
import { isoTimestamp, skuSchema, sourceVersionSchema, warehouseIdSchema } from './inventory-parts.ts';

/** One portal reservation holds at most 99 SKUs (functions/data/stock-repository.ts `maxReservationSkus`). */
export const maxAllocatedLines = 99;

/**
 * The ERP confirmed a portal order and allocated its stock. Per warehouse it allocated from: the lines
 * and `stockVersion`, the version of that warehouse's stock statements (snapshot `version`, adjustment
 * `version`) from which on-hand is net of this allocation. The portal's reservation of the order then
 * hands over to the allocation without counting any unit twice (docs/data-model.md, "From portal
 * reservation to ERP allocation"). Sent once per order; a redelivery changes nothing.
 */
export const orderAllocated = defineContract({
  source: eventSources.erp,
  detailType: 'OrderAllocated',
  schemaVersion: 1,
  detail: z.object({
    schemaVersion: z.literal(1),
    /** The portal's order id (the reservation's key). */
    orderId: idSchema,
    erpOrderId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
    confirmedAt: isoTimestamp,
    allocations: z.array(
        z.object({
          warehouseId: warehouseIdSchema,
          stockVersion: sourceVersionSchema,
          lines: z
            .array(z.strictObject({ sku: skuSchema, quantity: z.number().check(z.int(), z.positive(), z.lte(1_000_000_000)) }))
            .check(z.minLength(1), z.maxLength(maxAllocatedLines)),
        }),
      ).check(z.minLength(1), z.maxLength(20), z.superRefine((allocations, ctx) => {
        const warehouses = new Set<string>();
        allocations.forEach((a, i) => {
          if (warehouses.has(a.warehouseId)) ctx.addIssue({ code: 'custom', path: [i, 'warehouseId'], message: `${a.warehouseId} appears twice` });
          warehouses.add(a.warehouseId);
          const skus = new Set<string>();
          a.lines.forEach((line, j) => {
            if (skus.has(line.sku)) ctx.addIssue({ code: 'custom', path: [i, 'lines', j, 'sku'], message: `${line.sku} appears twice in ${a.warehouseId}` });
            skus.add(line.sku);
          });
        });
      })),
  }),
});

export type OrderAllocatedDetail = z.infer<typeof orderAllocated.detail>;
