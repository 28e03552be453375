import * as z from 'zod';
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
  query: z.object({ limit: z.coerce.number().int().min(1).max(1000).optional().describe('Unpriced SKUs to list, 1–1000 (default 200)') }),
  conflicts: { 'dealer-without-ship-to': 'the dealer has no ship-to, so no quote can be made for it' },
  response: z.object({
    dealerId: z.string(),
    dealerName: z.string(),
    currency: z.string(),
    pricedOn: z.string().describe('The pricing date (UTC)'),
    shipToId: z.string().describe('The ship-to the SKUs were quoted for'),
    entitledOrderableSkus: z.number().int(),
    pricedSkus: z.number().int(),
    unpricedSkus: z.number().int(),
    coveragePercent: z.number().describe('pricedSkus ÷ entitledOrderableSkus in percent, one decimal, rounded down; 100 when there are none'),
    unpriced: z.array(
      z.object({
        sku: z.string(),
        name: z.string(),
        categoryId: z.string(),
        quantity: z.number().int().describe('The quantity quoted: the minimum order quantity'),
        reason: z.string().describe('The quote line problem code, e.g. no-price'),
        message: z.string(),
      }),
    ),
    unpricedTruncated: z.boolean(),
  }),
});
