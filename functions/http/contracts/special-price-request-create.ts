import * as z from 'zod/mini';
import { skuSchema } from '#events/catalog-parts';
import { amountMinorSchema } from '#events/price-parts';
import { idSchema } from '#events/schema-parts';
import { specialPriceRequestSchema } from './parts/special-prices.ts';
import { defineRouteContract } from './route-contract.ts';

export const contract = defineRouteContract({
  route: 'POST /quotes/special-price-requests',
  summary:
    'Asks sales-ops for a better unit price on one line (dealer from the token). The line is quoted first and the request ' +
    'keeps that price and its version next to the asked price; it is stored pending (the approval workflow comes with ' +
    'ordering). An unknown ship-to or a SKU outside the dealer’s catalog answers 404.',
  body: z.strictObject({
    shipToId: idSchema,
    sku: skuSchema,
    quantity: z.number().check(z.int(), z.gte(1), z.lte(1_000_000)),
    requestedUnitPriceMinor: amountMinorSchema,
    note: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(1000))),
  }),
  status: 201,
  response: z.extend(z.pick(specialPriceRequestSchema, {
      requestId: true,
      dealerId: true,
      requestedBy: true,
      shipToId: true,
      sku: true,
      quantity: true,
      currency: true,
      requestedUnitPriceMinor: true,
      quotedUnitPriceMinor: true,
      quotedPriceVersion: true,
      note: true,
      createdAt: true,
    }), { status: z.literal('pending') }),
});
