import { SpecialPriceRepository } from '#functions/data/special-price-repository';
import { authenticatedRoute } from '#functions/shared/authenticated-route';
import { readEnv, tableEnv } from '#functions/shared/config';
import { documentClient } from '#functions/shared/dynamodb';
import { parseQuery, respond } from '#functions/shared/http';
import { listOwnSpecialPriceRequests } from '#functions/use-cases/special-prices';
import { contract } from './contracts/special-price-requests-own.ts';
import { defaultPageSize } from './contracts/parts/accounts.ts';

const { TABLE_NAME } = readEnv(tableEnv);
const deps = { requests: new SpecialPriceRepository(documentClient, TABLE_NAME) };

export const handler = authenticatedRoute(async ({ event, principal, user }) => {
  const { limit = defaultPageSize, cursor, status } = parseQuery(event, contract.query);
  return respond(contract, await listOwnSpecialPriceRequests(principal, user, { status, limit, cursor }, deps));
});
