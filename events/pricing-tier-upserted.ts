import * as z from 'zod/mini';
import { categoryIdSchema } from './catalog-parts.ts';
import { defineContract, eventSources } from './contract.ts';
import { bpsSchema } from './price-parts.ts';
import { idSchema, isoTimestamp } from './schema-parts.ts';

/**
 * A pricing tier (the `tier` on DealerUpserted): its discount off list, and per-category discounts
 * that replace it for products in that category or below. Newest revision wins.
 */
export const pricingTierUpserted = defineContract({
  source: eventSources.erp,
  detailType: 'PricingTierUpserted',
  schemaVersion: 1,
  detail: z.object({
    schemaVersion: z.literal(1),
    revision: z.number().check(z.int(), z.nonnegative()),
    occurredAt: isoTimestamp,
    tierId: idSchema,
    discountBps: bpsSchema,
    categoryDiscountBps: z._default(z.record(categoryIdSchema, bpsSchema), {}),
  }),
});

export type PricingTierUpsertedDetail = z.infer<typeof pricingTierUpserted.detail>;
