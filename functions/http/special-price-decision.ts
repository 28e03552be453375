import { busPublisher } from '#functions/adapters/event-publisher';
import { SpecialPriceRepository } from '#functions/data/special-price-repository';
import { authenticatedRoute } from '#functions/shared/authenticated-route';
import { busEnv, readEnv, tableEnv } from '#functions/shared/config';
import { documentClient } from '#functions/shared/dynamodb';
import { eventBridge } from '#functions/shared/eventbridge';
import { parseJsonBody, parsePath, respond } from '#functions/shared/http';
import { decideSpecialPrice } from '#functions/use-cases/special-prices';
import { contract } from './contracts/special-price-decision.ts';

const { TABLE_NAME, EVENT_BUS_NAME } = readEnv({ ...tableEnv, ...busEnv });
const deps = {
  requests: new SpecialPriceRepository(documentClient, TABLE_NAME),
  events: busPublisher(eventBridge, EVENT_BUS_NAME),
  now: () => new Date().toISOString(),
};

export const handler = authenticatedRoute(async ({ event, principal }) => {
  const { requestId } = parsePath(event, contract.path);
  const body = parseJsonBody(event, contract.body);
  return respond(contract, await decideSpecialPrice(principal, requestId, body, deps));
});
