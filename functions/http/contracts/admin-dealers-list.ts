import * as z from 'zod/mini';
import { defineRouteContract } from './route-contract.ts';
import { dealerStatus, nextCursor, pageQuery } from './parts/accounts.ts';

export const contract = defineRouteContract({
  route: 'GET /admin/dealers',
  summary: 'All dealers ordered by name, with tier, currency and status (staff; a page at a time)',
  query: pageQuery,
  response: z.object({
    dealers: z.array(z.object({ dealerId: z.string(), name: z.string(), tier: z.string(), status: dealerStatus, currency: z.string() })),
    nextCursor,
  }),
});
