import type { AvailabilityContext, SkuFacts } from '#domain/ports';
import { AvailabilityContextRepository, AvailabilitySkuRepository } from '#functions/data/availability-context-repository';
import { CatalogRepository } from '#functions/data/catalog-repository';
import { authenticatedRoute } from '#functions/shared/authenticated-route';
import { readEnv, stockFreshnessEnv, tableEnv } from '#functions/shared/config';
import { documentClient } from '#functions/shared/dynamodb';
import { parseQuery, respond } from '#functions/shared/http';
import { readAvailability, type AvailabilityDeps } from '#functions/use-cases/availability';
import { contract } from './contracts/availability.ts';

const { TABLE_NAME, STOCK_FRESHNESS } = readEnv({ ...tableEnv, ...stockFreshnessEnv });
const catalog = new CatalogRepository(documentClient, TABLE_NAME);
const context = new AvailabilityContextRepository(documentClient, TABLE_NAME);
const skuFacts = new AvailabilitySkuRepository(documentClient, TABLE_NAME);
const deps = { context, skus: skuFacts, taxonomy: catalog, freshness: STOCK_FRESHNESS, now: () => new Date() };

interface Prefetched {
  readonly query: ReturnType<typeof contract.query.parse>;
  readonly dealerId?: string;
  readonly skus?: ReadonlySet<string>;
  readonly context?: AvailabilityContext;
  readonly facts?: SkuFacts;
}

/**
 * The two reads every answer needs (the token's dealer's context; the asked SKUs' stock and products,
 * together in the same BatchGets) start with the user-record read (authenticatedRoute `prefetch`);
 * the use-case then gets them from these stores instead of asking DynamoDB again. Anything else it
 * asks goes to DynamoDB.
 */
function primed(pre: Prefetched): Pick<AvailabilityDeps, 'context' | 'skus'> {
  const same = (skus: readonly string[]) => pre.skus !== undefined && skus.length === pre.skus.size && skus.every((s) => pre.skus!.has(s));
  return {
    context: { get: (dealerId) => (pre.context && dealerId === pre.dealerId ? Promise.resolve(pre.context) : context.get(dealerId)) },
    skus: { get: (skus) => (pre.facts && same(skus) ? Promise.resolve(pre.facts) : skuFacts.get(skus)) },
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
      const [dealerContext, facts] = await Promise.all([context.get(claimed.dealerId), skuFacts.get([...skus])]);
      return { query, dealerId: claimed.dealerId, skus, context: dealerContext, facts };
    },
  },
);
