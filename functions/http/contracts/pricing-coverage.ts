import * as z from 'zod/mini';
import { idSchema } from '#events/schema-parts';
import { defineRouteContract } from './route-contract.ts';

export const contract = defineRouteContract({
  route: 'GET /admin/dealers/{dealerId}/pricing-coverage',
  summary:
    'Pricing-coverage readiness of one dealer (staff): of the SKUs the dealer is entitled to and can order (active, governed), ' +
    'how many a quote prices today and which it does not, with the quote’s reason. Computed by the quote itself (each SKU at ' +
    'its minimum order quantity, for the dealer’s first ship-to), so it agrees with what a quote says. Counts cover every SKU; ' +
    'the unpriced list is capped at `limit` (default 200, at most 1000) in SKU order, `unpricedTruncated` says when there are more.',
  path: z.object({ dealerId: idSchema }),
  query: z.object({
    limit: z.optional(z.coerce.number().check(z.int(), z.gte(1), z.lte(1000))).check(z.describe('Unpriced SKUs to list, 1–1000 (default 200)')),
  }),
  conflicts: { 'dealer-without-ship-to': 'the dealer has no ship-to, so no quote can be made for it' },
  response: z.object({
    dealerId: z.string(),
    dealerName: z.string(),
    currency: z.string(),
    pricedOn: z.string().check(z.describe('The pricing date (UTC)')),
    shipToId: z.string().check(z.describe('The ship-to the SKUs were quoted for')),
    entitledOrderableSkus: z.number().check(z.int()),
    pricedSkus: z.number().check(z.int()),
    unpricedSkus: z.number().check(z.int()),
    coveragePercent: z.number().check(z.describe('pricedSkus ÷ entitledOrderableSkus in percent, one decimal, rounded down; 100 when there are none')),
    unpriced: z.array(
      z.object({
        sku: z.string(),
        name: z.string(),
        categoryId: z.string(),
        quantity: z.number().check(z.int(), z.describe('The quantity quoted: the minimum order quantity')),
        reason: z.string().check(z.describe('The quote line problem code, e.g. no-price')),
        message: z.string(),
      }),
    ),
    unpricedTruncated: z.boolean(),
  }),
});
