import * as z from 'zod';
import { skuSchema } from '#events/catalog-parts';
import { amountMinorSchema } from '#events/price-parts';
import { idSchema } from '#events/schema-parts';
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
    quantity: z.number().int().min(1).max(1_000_000),
    requestedUnitPriceMinor: amountMinorSchema,
    note: z.string().trim().min(1).max(1000).optional(),
  }),
  status: 201,
  response: z.object({
    requestId: z.string(),
    dealerId: z.string(),
    requestedBy: z.string(),
    shipToId: z.string(),
    sku: z.string(),
    quantity: z.number().int(),
    currency: z.string(),
    requestedUnitPriceMinor: z.number().int(),
    quotedUnitPriceMinor: z.number().int().nullable(),
    quotedPriceVersion: z.string().nullable(),
    note: z.string().nullable(),
    status: z.literal('pending'),
    createdAt: z.string(),
  }),
});
