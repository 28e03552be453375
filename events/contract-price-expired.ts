import * as z from 'zod/mini';
import { skuSchema } from './catalog-parts.ts';
import { defineContract, eventSources } from './contract.ts';
import { idSchema, isoTimestamp } from './schema-parts.ts';

/**
 * The dealer × SKU contract price ends now: list and tier apply again. Shares the revision sequence
 * of ContractPriceUpserted, so an older upsert arriving late cannot bring the price back.
 */
export const contractPriceExpired = defineContract({
  source: eventSources.erp,
  detailType: 'ContractPriceExpired',
  schemaVersion: 1,
  detail: z.object({
    schemaVersion: z.literal(1),
    revision: z.number().check(z.int(), z.nonnegative()),
    occurredAt: isoTimestamp,
    contractId: idSchema,
    dealerId: idSchema,
    sku: skuSchema,
  }),
});

export type ContractPriceExpiredDetail = z.infer<typeof contractPriceExpired.detail>;
