import * as z from 'zod/mini';
import { defineRouteContract } from './route-contract.ts';
import { pageQuery } from './parts/accounts.ts';
import { specialPriceListResponse, specialPriceStatus } from './parts/special-prices.ts';

export const contract = defineRouteContract({
  route: 'GET /quotes/special-price-requests',
  summary:
    "The caller's dealer's special-price requests and their status and decision (dealer from the token), newest first, optionally of one status. " +
    'A user restricted to some ship-tos sees only the requests made for those; a page may then hold fewer than `limit` (follow `nextCursor`)',
  query: z.extend(pageQuery, { status: z.optional(specialPriceStatus) }),
  response: specialPriceListResponse,
});
