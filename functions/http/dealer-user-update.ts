import { CognitoDirectory } from '#functions/adapters/cognito-directory';
import { DealerRepository } from '#functions/data/dealer-repository';
import { UserRepository } from '#functions/data/user-repository';
import { cognito } from '#functions/shared/cognito';
import { directoryEnv, readEnv, tableEnv } from '#functions/shared/config';
import { documentClient } from '#functions/shared/dynamodb';
import { authenticatedRoute } from '#functions/shared/authenticated-route';
import { parseJsonBody, parsePath, respond } from '#functions/shared/http';
import { updateDealerUser } from '#functions/use-cases/dealer-users';
import { contract } from './contracts/dealer-user-update.ts';

const { TABLE_NAME, USER_POOL_ID } = readEnv({ ...tableEnv, ...directoryEnv });
const deps = {
  users: new UserRepository(documentClient, TABLE_NAME),
  dealers: new DealerRepository(documentClient, TABLE_NAME),
  directory: new CognitoDirectory(cognito, USER_POOL_ID),
};

export const handler = authenticatedRoute(async ({ event, principal }) => {
  const { userId } = parsePath(event, contract.path);
  const change = parseJsonBody(event, contract.body);
  return respond(contract, await updateDealerUser(principal, userId, change, deps));
});
