import * as z from 'zod/mini';
import { skuSchema } from './catalog-parts.ts';
import { defineContract, eventSources } from './contract.ts';
import { amountMinorSchema, isoDate, volumeBreaksSchema, windowIsOrdered } from './price-parts.ts';
import { currencyCode, idSchema, isoTimestamp } from './schema-parts.ts';

/**
 * A dealer × SKU contract price with its validity window and optional quantity breaks. It replaces
 * list and tier while valid. `revision` is the ERP's version of this dealer × SKU price; the newest
 * wins (ContractPriceExpired shares the revision sequence).
 */
export const contractPriceUpserted = defineContract({
  source: eventSources.erp,
  detailType: 'ContractPriceUpserted',
  schemaVersion: 1,
  detail: z.object({
      schemaVersion: z.literal(1),
      revision: z.number().check(z.int(), z.nonnegative()),
      occurredAt: isoTimestamp,
      contractId: idSchema,
      dealerId: idSchema,
      sku: skuSchema,
      currency: currencyCode,
      amountMinor: amountMinorSchema,
      validFrom: isoDate,
      validTo: z.optional(isoDate),
      breaks: z.optional(volumeBreaksSchema),
    }).check(z.refine(windowIsOrdered, { message: 'validTo must be after validFrom', path: ['validTo'] })),
});

export type ContractPriceUpsertedDetail = z.infer<typeof contractPriceUpserted.detail>;
