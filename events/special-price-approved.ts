import * as z from 'zod/mini';
import { skuSchema } from './catalog-parts.ts';
import { defineContract, eventSources } from './contract.ts';
import { amountMinorSchema, isoDate, windowIsOrdered } from './price-parts.ts';
import { currencyCode, idSchema, isoTimestamp } from './schema-parts.ts';

/**
 * Published by the portal when sales-ops approves a special-price request. The ERP stays the price
 * master: it creates (or replaces) the dealer × SKU contract price from this event and sends it back
 * as `ContractPriceUpserted`, which the portal applies like any other contract price — so the price
 * is quotable only once the ERP has it. `requestId` is unique per approval: the ERP deduplicates on it
 * (a repeated decision after a failed publish, or the `specialPriceOutbox` schedule publishing an
 * approval whose deciding call lost the bus's answer, sends the same detail again).
 */
export const specialPriceApproved = defineContract({
  source: eventSources.portal,
  detailType: 'SpecialPriceApproved',
  schemaVersion: 1,
  detail: z.object({
      schemaVersion: z.literal(1),
      occurredAt: isoTimestamp,
      requestId: idSchema,
      dealerId: idSchema,
      sku: skuSchema,
      /** The quantity the dealer asked the price for (informational; the price applies per unit). */
      quantity: z.number().check(z.int(), z.gte(1)),
      currency: currencyCode,
      unitPriceMinor: amountMinorSchema,
      validFrom: isoDate,
      /** Exclusive, as contract prices. */
      validTo: isoDate,
      approvedBy: z.string().check(z.minLength(1)),
      /** What the dealer asked for and what a quote said at the time, for the ERP's audit trail. */
      requestedUnitPriceMinor: amountMinorSchema,
      quotedUnitPriceMinor: z.nullable(amountMinorSchema),
      comment: z.optional(z.string().check(z.maxLength(1000))),
    }).check(z.refine(windowIsOrdered, { message: 'validTo must be after validFrom', path: ['validTo'] })),
});

export type SpecialPriceApprovedDetail = z.infer<typeof specialPriceApproved.detail>;
