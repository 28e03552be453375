import * as z from 'zod/mini';
import { skuSchema } from './catalog-parts.ts';
import { defineContract, eventSources } from './contract.ts';
import { amountMinorSchema, isoDate, volumeBreaksSchema } from './price-parts.ts';
import { currencyCode, idSchema, isoTimestamp } from './schema-parts.ts';

/**
 * One part of a whole, versioned price list for one currency. A list is too big for one event, so
 * the ERP sends it in `part.count` parts of at most 500 items; the portal makes the version visible
 * only when every part has arrived (write the items, record the part, then flip the currency's
 * pointer with a conditional write). Until then quotes keep using the previous version, so a half
 * delivered list is never visible. Each item may carry the SKU's cost floor and list quantity breaks.
 */
export const priceListPublished = defineContract({
  source: eventSources.erp,
  detailType: 'PriceListPublished',
  schemaVersion: 1,
  detail: z.object({
    schemaVersion: z.literal(1),
    occurredAt: isoTimestamp,
    priceListId: idSchema,
    currency: currencyCode,
    version: z.number().check(z.int(), z.positive(), z.describe('The list version; higher supersedes lower')),
    effectiveFrom: isoDate,
    part: z
      .strictObject({ index: z.number().check(z.int(), z.nonnegative()), count: z.number().check(z.int(), z.positive(), z.lte(1_000)) })
      .check(z.refine((p) => p.index < p.count, { message: 'index must be below count', path: ['index'] })),
    items: z.array(
        z.strictObject({
          sku: skuSchema,
          amountMinor: amountMinorSchema,
          floorMinor: z.optional(amountMinorSchema),
          breaks: z.optional(volumeBreaksSchema),
        }),
      ).check(z.minLength(1), z.maxLength(500), z.refine((items) => new Set(items.map((i) => i.sku)).size === items.length, 'one item per SKU')),
  }),
});

export type PriceListPublishedDetail = z.infer<typeof priceListPublished.detail>;
