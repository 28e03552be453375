import * as z from 'zod/mini';
import { categoryIdSchema, skuSchema } from './catalog-parts.ts';
import { defineContract, eventSources } from './contract.ts';
import { idSchema, isoTimestamp } from './schema-parts.ts';

/**
 * Which part of the catalog a dealer may see and order, sent whole. `all`: every active product
 * (also what a dealer without any entitlement record gets). `restricted`: the union of the named
 * categories (each with its subtree) and the named SKUs; both empty means nothing. `revision` is
 * the ERP's version of the dealer's entitlement: the newest wins.
 */
export const dealerEntitlementsSet = defineContract({
  source: eventSources.erp,
  detailType: 'DealerEntitlementsSet',
  schemaVersion: 1,
  detail: z.object({
    schemaVersion: z.literal(1),
    revision: z.number().check(z.int(), z.nonnegative()),
    occurredAt: isoTimestamp,
    dealerId: idSchema,
    entitlement: z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('all') }),
      z.strictObject({
        kind: z.literal('restricted'),
        categoryIds: z._default(z.array(categoryIdSchema).check(z.maxLength(200)), []),
        skus: z._default(z.array(skuSchema).check(z.maxLength(200, 'at most 200 single SKUs; entitle categories for more')), []),
      }),
    ]),
  }),
});

export type DealerEntitlementsSetDetail = z.infer<typeof dealerEntitlementsSet.detail>;
