import { authenticatedRoute } from '#functions/shared/authenticated-route';
import { parseQuery, respond } from '#functions/shared/http';
import { listProducts } from '#functions/use-cases/catalog-read';
import { catalogReadDeps } from './catalog-read-deps.ts';
import { attributeFilterPrefix, contract } from './contracts/catalog-products-list.ts';

const deps = catalogReadDeps();

export const handler = authenticatedRoute(async ({ event, principal }) => {
  const { category, q, sort, limit, cursor, ...rest } = parseQuery(event, contract.query);
  const attributes = Object.fromEntries(Object.entries(rest).map(([key, value]) => [key.slice(attributeFilterPrefix.length), String(value)]));
  return respond(contract, await listProducts(principal, { category, q, sort, limit, cursor, attributes }, deps));
});
