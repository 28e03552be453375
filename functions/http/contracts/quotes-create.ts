import * as z from 'zod/mini';
import { skuSchema } from '#events/catalog-parts';
import { idSchema } from '#events/schema-parts';
import { defineRouteContract } from './route-contract.ts';

export const maxQuoteLines = 500;

const stepSchema = z.object({
  step: z.enum(['list', 'tier', 'contract', 'volume-break', 'promotion', 'floor']),
  rule: z.string().check(z.describe('What the rule did, for people')),
  source: z.object({ kind: z.string(), id: z.string(), revision: z.number().check(z.int()) }).check(z.describe('The price record that set this step')),
  unitPriceMinor: z.number().check(z.int(), z.describe('The unit price after this step')),
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
      .array(z.strictObject({ sku: skuSchema, quantity: z.number().check(z.int(), z.gte(1), z.lte(1_000_000)) }))
      .check(z.minLength(1), z.maxLength(maxQuoteLines)),
  }),
  response: z.object({
    dealerId: z.string(),
    shipToId: z.string(),
    currency: z.string(),
    pricedOn: z.string().check(z.describe('The pricing date (UTC)')),
    lines: z.array(
      z.object({
        lineNumber: z.number().check(z.int()),
        sku: z.string(),
        quantity: z.number().check(z.int()),
        unitPriceMinor: z.nullable(z.number().check(z.int())),
        extendedPriceMinor: z.nullable(z.number().check(z.int())),
        priceVersion: z.nullable(z.string()),
        explanation: z.array(stepSchema),
        problems: z.array(z.object({ code: z.string(), message: z.string() })),
      }),
    ),
    totalMinor: z.number().check(z.int(), z.describe('Sum of the priced lines’ extended prices')),
    complete: z.boolean().check(z.describe('Every line priced and without problems')),
    priceVersion: z.string().check(z.describe('Changes when any line’s price version changes')),
  }),
});
