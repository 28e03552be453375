import * as z from 'zod/mini';
import { idSchema } from '#events/schema-parts';
import { defineRouteContract } from './route-contract.ts';
import { pageQuery } from './parts/accounts.ts';
import { specialPriceListResponse, specialPriceStatus } from './parts/special-prices.ts';

export const contract = defineRouteContract({
  route: 'GET /special-price-requests',
  summary:
    'Sales-ops’ queue of special-price requests of one status (default pending), optionally of one dealer, newest first, ' +
    'a page at a time (staff). Served by an index per status (and per dealer and status), never a scan.',
  query: z.extend(pageQuery, {
    status: z._default(specialPriceStatus, 'pending'),
    dealerId: z.optional(idSchema).check(z.describe('Only this dealer’s requests')),
  }),
  response: specialPriceListResponse,
});
