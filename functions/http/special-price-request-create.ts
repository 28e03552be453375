import { ulid } from 'ulidx';
import { CatalogRepository } from '#functions/data/catalog-repository';
import { DealerRepository } from '#functions/data/dealer-repository';
import { EntitlementRepository } from '#functions/data/entitlement-repository';
import { PriceRepository } from '#functions/data/price-repository';
import { SpecialPriceRepository } from '#functions/data/special-price-repository';
import { authenticatedRoute } from '#functions/shared/authenticated-route';
import { readEnv, tableEnv } from '#functions/shared/config';
import { documentClient } from '#functions/shared/dynamodb';
import { parseJsonBody, respond } from '#functions/shared/http';
import { requestSpecialPrice } from '#functions/use-cases/special-prices';
import { contract } from './contracts/special-price-request-create.ts';

const { TABLE_NAME } = readEnv(tableEnv);
const catalog = new CatalogRepository(documentClient, TABLE_NAME);
const deps = {
  dealers: new DealerRepository(documentClient, TABLE_NAME),
  entitlements: new EntitlementRepository(documentClient, TABLE_NAME),
  taxonomy: catalog,
  products: catalog,
  prices: new PriceRepository(documentClient, TABLE_NAME),
  requests: new SpecialPriceRepository(documentClient, TABLE_NAME),
  today: () => new Date().toISOString().slice(0, 10),
  now: () => new Date().toISOString(),
  newId: () => ulid(),
};

export const handler = authenticatedRoute(async ({ event, principal, user }) => {
  const body = parseJsonBody(event, contract.body);
  return respond(contract, await requestSpecialPrice(principal, user, body, deps));
});
