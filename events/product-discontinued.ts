import * as z from 'zod/mini';
import { defineContract, eventSources } from './contract.ts';
import { skuSchema } from './catalog-parts.ts';
import { isoTimestamp } from './schema-parts.ts';

/**
 * The ERP discontinues a SKU, naming its replacement when there is one. Same per-SKU `revision` as
 * ProductUpserted: it wins over an older upsert's lifecycle whichever arrives first, and a later
 * upsert may re-activate the SKU. Dealers keep seeing a discontinued SKU only when it has a
 * replacement to point to.
 */
export const productDiscontinued = defineContract({
  source: eventSources.erp,
  detailType: 'ProductDiscontinued',
  schemaVersion: 1,
  detail: z.object({
    schemaVersion: z.literal(1),
    revision: z.number().check(z.int(), z.nonnegative()),
    occurredAt: isoTimestamp,
    sku: skuSchema,
    replacementSku: z.optional(skuSchema),
  }),
});

export type ProductDiscontinuedDetail = z.infer<typeof productDiscontinued.detail>;
