import { DealerRepository } from '#functions/data/dealer-repository';
import { readEnv, tableEnv } from '#functions/shared/config';
import { documentClient } from '#functions/shared/dynamodb';
import { authenticatedRoute } from '#functions/shared/authenticated-route';
import { parseQuery, respond } from '#functions/shared/http';
import { listDealers } from '#functions/use-cases/dealer-admin';
import { contract } from './contracts/admin-dealers-list.ts';
import { defaultPageSize } from './contracts/parts/accounts.ts';

const { TABLE_NAME } = readEnv(tableEnv);
const deps = { dealerListing: new DealerRepository(documentClient, TABLE_NAME) };

export const handler = authenticatedRoute(async ({ event }) => {
  const { limit = defaultPageSize, cursor } = parseQuery(event, contract.query);
  return respond(contract, await listDealers({ limit, cursor }, deps));
});
