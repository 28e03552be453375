import { authenticatedRoute } from '#functions/shared/authenticated-route';
import { parsePath, respond } from '#functions/shared/http';
import { getProduct } from '#functions/use-cases/catalog-read';
import { catalogReadDeps } from './catalog-read-deps.ts';
import { contract } from './contracts/catalog-product-get.ts';

const deps = catalogReadDeps();

export const handler = authenticatedRoute(async ({ event, principal }) => {
  const { sku } = parsePath(event, contract.path);
  return respond(contract, await getProduct(principal, sku, deps));
});
