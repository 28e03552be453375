import * as z from 'zod/mini';
import { defineContract, eventSources } from './contract.ts';
import { idSchema } from './schema-parts.ts';
import { isoTimestamp, quantitySchema, skuSchema, sourceVersionSchema, warehouseIdSchema } from './inventory-parts.ts';

/** EventBridge entries are at most 256 KB; 1,000 rows of ~80 bytes stay well below. */
export const maxSnapshotChunkRows = 1000;

/**
 * One chunk of a full warehouse snapshot: a warehouse of tens of thousands of SKUs arrives as `chunks`
 * events of at most 1,000 rows, each carrying the snapshot's `version` and `asOf`. `onHand` is net of
 * the ERP's own allocations (confirmed orders); see docs/data-model.md for how portal reservations
 * hand over to those allocations. Chunks are independent: an invalid chunk is rejected whole (DLQ with
 * reasons) and the others apply.
 *
 * A snapshot states only the SKUs in its rows: a SKU the warehouse no longer holds must be sent with
 * `onHand` 0 (at least in the first snapshot after it ran out or left). A SKU left out keeps the
 * level of its newest statement, because a SKU left out cannot be told from one whose chunk is still
 * on its way or in the DLQ, and "newest version wins" per SKU would not converge if a left-out SKU
 * counted as zero (a late older adjustment could not tell which snapshots had left it out).
 */
export const warehouseStockSnapshotChunk = defineContract({
  source: eventSources.erp,
  detailType: 'WarehouseStockSnapshotChunk',
  schemaVersion: 1,
  detail: z.object({
      schemaVersion: z.literal(1),
      snapshotId: idSchema,
      warehouseId: warehouseIdSchema,
      version: sourceVersionSchema,
      asOf: isoTimestamp,
      chunk: z.number().check(z.int(), z.positive()),
      chunks: z.number().check(z.int(), z.positive(), z.lte(10_000)),
      rows: z
        .array(z.strictObject({ sku: skuSchema, onHand: quantitySchema, safetyStock: quantitySchema }))
        .check(z.minLength(1), z.maxLength(maxSnapshotChunkRows)),
    }).check(z.superRefine((detail, ctx) => {
      if (detail.chunk > detail.chunks) ctx.addIssue({ code: 'custom', path: ['chunk'], message: `chunk ${detail.chunk} of ${detail.chunks}` });
      const seen = new Set<string>();
      detail.rows.forEach((row, i) => {
        if (seen.has(row.sku)) ctx.addIssue({ code: 'custom', path: ['rows', i, 'sku'], message: `${row.sku} appears twice in the chunk` });
        seen.add(row.sku);
      });
    })),
});

export type WarehouseStockSnapshotChunkDetail = z.infer<typeof warehouseStockSnapshotChunk.detail>;
