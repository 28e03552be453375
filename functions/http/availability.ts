import type { AvailabilityRead } from '#domain/ports';
import type { PortalUser } from '#domain/user';
import { AvailabilityRepository } from '#functions/data/availability-repository';
import { CatalogRepository } from '#functions/data/catalog-repository';
import { authenticatedRoute } from '#functions/shared/authenticated-route';
import { readEnv, stockFreshnessEnv, tableEnv } from '#functions/shared/config';
import { documentClient } from '#functions/shared/dynamodb';
import { parseQuery, respond } from '#functions/shared/http';
import { readAvailability, type AvailabilityDeps } from '#functions/use-cases/availability';
import { contract } from './contracts/availability.ts';

const { TABLE_NAME, STOCK_FRESHNESS } = readEnv({ ...tableEnv, ...stockFreshnessEnv });
const catalog = new CatalogRepository(documentClient, TABLE_NAME);
const reads = new AvailabilityRepository(documentClient, TABLE_NAME);
const deps = { reads, taxonomy: catalog, freshness: STOCK_FRESHNESS, now: () => new Date() };

interface Prefetched {
  readonly query: ReturnType<typeof contract.query.parse>;
  readonly asked?: { readonly dealerId: string; readonly shipToId: string; readonly skus: ReadonlySet<string> };
  readonly read?: AvailabilityRead;
  /** The caller's user record, read in the same BatchGets (absent: the prefetch did not read it). */
  readonly user?: { readonly user: PortalUser | undefined };
}

/**
 * The read every answer needs (the token's dealer's context and the asked SKUs' stock and products)
 * is the route's prefetch, and the caller's user record is read in the same BatchGets (authenticatedRoute
 * `userFromPrefetch`): ceil((5 + skus)/100) requests per call, the feed freshness and the user included. The use-case then gets
 * the read from this store instead of asking DynamoDB again. Anything else it asks goes to DynamoDB.
 */
function primed(pre: Prefetched): Pick<AvailabilityDeps, 'reads'> {
  const same = (dealerId: string, shipToId: string, skus: readonly string[]) =>
    pre.asked !== undefined &&
    dealerId === pre.asked.dealerId &&
    shipToId === pre.asked.shipToId &&
    skus.length === pre.asked.skus.size &&
    skus.every((s) => pre.asked!.skus.has(s));
  return {
    reads: { read: (dealerId, shipToId, skus) => (pre.read && same(dealerId, shipToId, skus) ? Promise.resolve(pre.read) : reads.read(dealerId, shipToId, skus)) },
  };
}

export const handler = authenticatedRoute<Prefetched>(
  async ({ principal, user, prefetched }) => {
    // Feed age is measured by the scheduled stockFeedAge function, not here: one source for the
    // staleness alarm, whether or not anyone reads.
    return respond(contract, await readAvailability(principal, user, prefetched.query, { ...deps, ...primed(prefetched) }));
  },
  {
    prefetch: async (claimed, event) => {
      const query = parseQuery(event, contract.query);
      if (claimed.kind !== 'dealer') return { query };
      const skus = new Set(query.skus);
      const { read, user } = await reads.readWithUser(claimed.dealerId, claimed.userId, query.shipToId, [...skus]);
      return { query, asked: { dealerId: claimed.dealerId, shipToId: query.shipToId, skus }, read, user: { user } };
    },
    userFromPrefetch: (prefetched) => prefetched.user,
  },
);
