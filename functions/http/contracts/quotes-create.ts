import * as z from 'zod';
import { skuSchema } from '#events/catalog-parts';
import { idSchema } from '#events/schema-parts';
import { defineRouteContract } from './route-contract.ts';

export const maxQuoteLines = 500;

const stepSchema = z.object({
  step: z.enum(['list', 'tier', 'contract', 'volume-break', 'promotion', 'floor']),
  rule: z.string().describe('What the rule did, for people'),
  source: z.object({ kind: z.string(), id: z.string(), revision: z.number().int() }).describe('The price record that set this step'),
  unitPriceMinor: z.number().int().describe('The unit price after this step'),
});

export const contract = defineRouteContract({
  route: 'POST /quotes',
  summary:
    "Prices up to 500 lines for the caller's dealer (from the token) and one of its ship-tos, today. Each line has its unit " +
    'and extended price in minor units, the explanation (list → tier → contract → volume break → promotion → floor, each ' +
    'naming its source record), a price version that changes when any record that set the price changes, and its problems ' +
    '(unknown-sku — also for SKUs outside the dealer’s catalog —, discontinued, no-price, below-minimum-order-quantity, ' +
    'not-order-multiple). A ship-to the caller may not use answers 404.',
  body: z.strictObject({
    shipToId: idSchema,
    lines: z
      .array(z.strictObject({ sku: skuSchema, quantity: z.number().int().min(1).max(1_000_000) }))
      .min(1)
      .max(maxQuoteLines),
  }),
  response: z.object({
    dealerId: z.string(),
    shipToId: z.string(),
    currency: z.string(),
    pricedOn: z.string().describe('The pricing date (UTC)'),
    lines: z.array(
      z.object({
        lineNumber: z.number().int(),
        sku: z.string(),
        quantity: z.number().int(),
        unitPriceMinor: z.number().int().nullable(),
        extendedPriceMinor: z.number().int().nullable(),
        priceVersion: z.string().nullable(),
        explanation: z.array(stepSchema),
        problems: z.array(z.object({ code: z.string(), message: z.string() })),
      }),
    ),
    totalMinor: z.number().int().describe('Sum of the priced lines’ extended prices'),
    complete: z.boolean().describe('Every line priced and without problems'),
    priceVersion: z.string().describe('Changes when any line’s price version changes'),
  }),
});
