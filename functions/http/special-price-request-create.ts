import { monotonicFactory } from 'ulidx';
import { SpecialPriceRepository } from '#functions/data/special-price-repository';
import { authenticatedRoute } from '#functions/shared/authenticated-route';
import { documentClient } from '#functions/shared/dynamodb';
import { parseJsonBody, respond } from '#functions/shared/http';
import { requestSpecialPrice } from '#functions/use-cases/special-prices';
import { contract } from './contracts/special-price-request-create.ts';
import { quoteDeps } from './quote-deps.ts';

const pricing = quoteDeps();
/** Request ids sort by creation time (listings read them newest first), strictly increasing within an instance. */
const ulid = monotonicFactory();
const deps = {
  ...pricing,
  requests: new SpecialPriceRepository(documentClient, pricing.tableName),
  now: () => new Date().toISOString(),
  newId: () => ulid(),
};

export const handler = authenticatedRoute(async ({ event, principal, user }) => {
  const body = parseJsonBody(event, contract.body);
  return respond(contract, await requestSpecialPrice(principal, user, body, deps));
});
