import * as z from 'zod';
import { lifecycles } from '#domain/product';
import { defineContract, eventSources } from './contract.ts';
import { attributeCodeSchema, attributeValueSchema, categoryIdSchema, httpsUrl, skuSchema, unitOfMeasureSchema } from './catalog-parts.ts';
import { isoTimestamp } from './schema-parts.ts';

const quantity = z.number().int().min(1).max(1_000_000);

/**
 * The ERP's product master record for one SKU, sent whole on every change. `revision` is the ERP's
 * per-SKU record version, shared with ProductDiscontinued: the newest wins per part (data,
 * lifecycle), an older or repeated one changes nothing. A record that is well-formed but fails
 * governance (unknown category, template, SKU rules) is quarantined with reasons, not rejected.
 */
export const productUpserted = defineContract({
  source: eventSources.erp,
  detailType: 'ProductUpserted',
  schemaVersion: 1,
  detail: z.object({
    schemaVersion: z.literal(1),
    revision: z.number().int().nonnegative(),
    occurredAt: isoTimestamp,
    product: z.object({
      sku: skuSchema,
      name: z.string().trim().min(1).max(200),
      description: z.string().max(2000).default(''),
      categoryId: categoryIdSchema,
      attributes: z.record(attributeCodeSchema, attributeValueSchema).refine((a) => Object.keys(a).length <= 50, 'at most 50 attributes'),
      unitOfMeasure: unitOfMeasureSchema,
      packSize: quantity,
      minimumOrderQuantity: quantity,
      orderMultiple: quantity,
      lifecycle: z.enum(lifecycles),
      replacementSku: skuSchema.optional(),
      imageUrls: z.array(httpsUrl).max(10).default([]),
      documents: z.array(z.strictObject({ title: z.string().min(1).max(200), url: httpsUrl })).max(10).default([]),
    }),
  }),
});

export type ProductUpsertedDetail = z.infer<typeof productUpserted.detail>;
