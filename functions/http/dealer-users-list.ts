import { UserRepository } from '#functions/data/user-repository';
import { readEnv, tableEnv } from '#functions/shared/config';
import { documentClient } from '#functions/shared/dynamodb';
import { authenticatedRoute } from '#functions/shared/authenticated-route';
import { parseQuery, respond } from '#functions/shared/http';
import { listDealerUsers } from '#functions/use-cases/dealer-users';
import { contract } from './contracts/dealer-users-list.ts';
import { defaultPageSize } from './contracts/parts/accounts.ts';

const { TABLE_NAME } = readEnv(tableEnv);
const deps = { users: new UserRepository(documentClient, TABLE_NAME) };

export const handler = authenticatedRoute(async ({ event, principal }) => {
  const { limit = defaultPageSize, cursor } = parseQuery(event, contract.query);
  return respond(contract, await listDealerUsers(principal, { limit, cursor }, deps));
});
