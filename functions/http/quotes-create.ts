import type { Principal } from '#domain/identity';
import type { QuoteContext } from '#domain/quoting';
import { authenticatedRoute } from '#functions/shared/authenticated-route';
import { parseJsonBody, respond, type HttpEvent } from '#functions/shared/http';
import { quote } from '#functions/use-cases/quotes';
import { contract } from './contracts/quotes-create.ts';
import { primedQuoteReads, quoteDeps } from './quote-deps.ts';

const deps = quoteDeps();

interface Prefetched {
  readonly body: ReturnType<typeof contract.body.parse>;
  readonly dealerId?: string;
  readonly context?: QuoteContext;
}

/**
 * The quote's dealer context depends only on the token's dealer and the body's ship-to, so its
 * BatchGet starts together with the user-record read (authenticatedRoute `prefetch`: it reaches the
 * use-case only once the caller is allowed). Then the SKU items: two round trips, ceil(SKUs/100) + 2
 * requests in all.
 */
export const handler = authenticatedRoute<Prefetched>(
  async ({ principal, user, prefetched }) => respond(contract, await quote(principal, user, prefetched.body, { ...deps, reads: primedQuoteReads(deps.reads, prefetched) })),
  {
    prefetch: async (claimed: Principal, event: HttpEvent) => {
      const body = parseJsonBody(event, contract.body);
      if (claimed.kind !== 'dealer') return { body };
      return { body, dealerId: claimed.dealerId, context: await deps.reads.quoteContext(claimed.dealerId, body.shipToId) };
    },
  },
);
