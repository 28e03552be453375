import * as z from 'zod/mini';
import { lifecycles } from '#domain/product';
import { defineContract, eventSources } from './contract.ts';
import { attributeCodeSchema, attributeValueSchema, categoryIdSchema, httpsUrl, skuSchema, unitOfMeasureSchema } from './catalog-parts.ts';
import { isoTimestamp } from './schema-parts.ts';

const quantity = z.number().check(z.int(), z.gte(1), z.lte(1_000_000));

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
    revision: z.number().check(z.int(), z.nonnegative()),
    occurredAt: isoTimestamp,
    product: z.object({
      sku: skuSchema,
      name: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
      description: z._default(z.string().check(z.maxLength(2000)), ''),
      categoryId: categoryIdSchema,
      attributes: z.record(attributeCodeSchema, attributeValueSchema).check(z.refine((a) => Object.keys(a).length <= 50, 'at most 50 attributes')),
      unitOfMeasure: unitOfMeasureSchema,
      packSize: quantity,
      minimumOrderQuantity: quantity,
      orderMultiple: quantity,
      lifecycle: z.enum(lifecycles),
      replacementSku: z.optional(skuSchema),
      imageUrls: z._default(z.array(httpsUrl).check(z.maxLength(10)), []),
      documents: z._default(z.array(z.strictObject({ title: z.string().check(z.minLength(1), z.maxLength(200)), url: httpsUrl })).check(z.maxLength(10)), []),
    }),
  }),
});

export type ProductUpsertedDetail = z.infer<typeof productUpserted.detail>;
