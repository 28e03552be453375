import { DealerRepository } from '#functions/data/dealer-repository';
import { UserRepository } from '#functions/data/user-repository';
import { readEnv, tableEnv } from '#functions/shared/config';
import { documentClient } from '#functions/shared/dynamodb';
import { authenticatedRoute } from '#functions/shared/authenticated-route';
import { parsePath, respond } from '#functions/shared/http';
import { describeDealer } from '#functions/use-cases/dealer-admin';
import { contract } from './contracts/admin-dealer-detail.ts';

const { TABLE_NAME } = readEnv(tableEnv);
const deps = {
  dealers: new DealerRepository(documentClient, TABLE_NAME),
  users: new UserRepository(documentClient, TABLE_NAME),
};

export const handler = authenticatedRoute(async ({ event }) => {
  const { dealerId } = parsePath(event, contract.path);
  return respond(contract, await describeDealer(dealerId, deps));
});
