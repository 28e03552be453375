import { CatalogSearchRepository } from '#functions/data/catalog-search-repository';
import { authenticatedRoute } from '#functions/shared/authenticated-route';
import { documentClient } from '#functions/shared/dynamodb';
import { parsePath, parseQuery, respond } from '#functions/shared/http';
import { pricingCoverage } from '#functions/use-cases/pricing-coverage';
import { contract } from './contracts/pricing-coverage.ts';
import { quoteDeps } from './quote-deps.ts';

const pricing = quoteDeps();
const deps = { ...pricing, search: new CatalogSearchRepository(documentClient, pricing.tableName, pricing.products) };

export const handler = authenticatedRoute(async ({ event, principal }) => {
  const { dealerId } = parsePath(event, contract.path);
  const { limit = 200 } = parseQuery(event, contract.query);
  return respond(contract, await pricingCoverage(principal, { dealerId, limit }, deps));
});
