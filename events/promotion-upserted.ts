import * as z from 'zod/mini';
import { categoryIdSchema, skuSchema } from './catalog-parts.ts';
import { defineContract, eventSources } from './contract.ts';
import { amountMinorSchema, bpsSchema, isoDate, windowIsOrdered } from './price-parts.ts';
import { currencyCode, idSchema, isoTimestamp } from './schema-parts.ts';

const targetList = <S extends z.ZodMiniType>(item: S) => z.optional(z.array(item).check(z.minLength(1), z.maxLength(500)));

/**
 * A time-boxed promotion. Every target dimension it names must match a line (a dimension left out
 * matches everything). `exclusive` promotions never combine; `stackable` ones combine with each other;
 * the dealer gets the better of the best exclusive one and the stack (domain/pricing.ts). A fixed
 * price is always exclusive.
 */
export const promotionUpserted = defineContract({
  source: eventSources.erp,
  detailType: 'PromotionUpserted',
  schemaVersion: 1,
  detail: z.object({
      schemaVersion: z.literal(1),
      revision: z.number().check(z.int(), z.nonnegative()),
      occurredAt: isoTimestamp,
      promotionId: idSchema,
      name: z.string().check(z.minLength(1), z.maxLength(200)),
      target: z.strictObject({
        dealerIds: targetList(idSchema),
        tiers: targetList(idSchema),
        skus: targetList(skuSchema),
        categoryIds: targetList(categoryIdSchema),
        shipToIds: targetList(idSchema),
      }),
      benefit: z.discriminatedUnion('kind', [
        z.strictObject({ kind: z.literal('percent-off'), bps: bpsSchema }),
        z.strictObject({ kind: z.literal('amount-off'), amountMinor: amountMinorSchema, currency: currencyCode }),
        z.strictObject({ kind: z.literal('fixed-price'), amountMinor: amountMinorSchema, currency: currencyCode }),
      ]),
      stacking: z.enum(['exclusive', 'stackable']),
      minQuantity: z.optional(z.number().check(z.int(), z.gte(2))),
      validFrom: isoDate,
      validTo: isoDate.check(z.describe('Promotions are time-boxed: the first day it no longer applies')),
    }).check(
      z.refine(windowIsOrdered, { message: 'validTo must be after validFrom', path: ['validTo'] }),
      z.refine((p) => p.benefit.kind !== 'fixed-price' || p.stacking === 'exclusive', { message: 'a fixed price is always exclusive', path: ['stacking'] }),
    ),
});

export type PromotionUpsertedDetail = z.infer<typeof promotionUpserted.detail>;
