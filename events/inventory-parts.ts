import * as z from 'zod/mini';
import { skuSchema } from './catalog-parts.ts';
import { idSchema, isoTimestamp } from './schema-parts.ts';

/**
 * Schema pieces of the ERP/WMS inventory feed. Every statement carries the source's `version` (a WMS
 * sequence number or epoch milliseconds, one order per warehouse) and `asOf`, when the source
 * observed it: the newest version wins per SKU and warehouse (domain/atp.ts `decideStock`).
 */
export const warehouseIdSchema = idSchema;
export const quantitySchema = z.number().check(z.int(), z.nonnegative(), z.lte(1_000_000_000));
export const sourceVersionSchema = z.number().check(z.int(), z.nonnegative(), z.lte(Number.MAX_SAFE_INTEGER));
export { isoTimestamp, skuSchema };
export const isoDate = z.iso.date();
