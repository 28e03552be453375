import * as z from 'zod/mini';
import { amountMinorSchema, isoDate } from '#events/price-parts';
import { currencyCode, idSchema } from '#events/schema-parts';
import { defineRouteContract } from './route-contract.ts';
import { specialPriceRequestSchema } from './parts/special-prices.ts';

export const contract = defineRouteContract({
  route: 'POST /special-price-requests/{requestId}/decision',
  summary:
    'Sales-ops approves a pending special-price request with a unit price (minor units, the request’s currency) and a validity ' +
    'window, or rejects it with a reason — exactly once. An approval is published as SpecialPriceApproved for the ERP, ' +
    'which creates the contract price and sends it back as ContractPriceUpserted (the price is quotable from then on). ' +
    'The approval and its outbox entry are one write: if the event cannot be published now the call fails (500) with the decision kept, ' +
    'and it is published within minutes by the outbox schedule (or at once if the same decision is sent again).',
  path: z.object({ requestId: idSchema }),
  body: z.discriminatedUnion('decision', [
    z.strictObject({
      decision: z.literal('approved'),
      unitPriceMinor: amountMinorSchema,
      currency: currencyCode,
      validFrom: isoDate,
      validTo: isoDate.check(z.describe('Exclusive; after validFrom and after today')),
      comment: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(1000))),
    }),
    z.strictObject({ decision: z.literal('rejected'), reason: z.string().check(z.trim(), z.minLength(1), z.maxLength(1000)) }),
  ]),
  conflicts: {
    'special-price-request-closed': 'the request was already approved or rejected (another decision won)',
  },
  response: specialPriceRequestSchema,
});
