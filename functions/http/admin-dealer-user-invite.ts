import { randomUUID } from 'node:crypto';
import { CognitoDirectory } from '#functions/adapters/cognito-directory';
import { DealerRepository } from '#functions/data/dealer-repository';
import { UserRepository } from '#functions/data/user-repository';
import { authenticatedRoute } from '#functions/shared/authenticated-route';
import { cognito } from '#functions/shared/cognito';
import { directoryEnv, readEnv, tableEnv } from '#functions/shared/config';
import { documentClient } from '#functions/shared/dynamodb';
import { parseJsonBody, parsePath, respond } from '#functions/shared/http';
import { onboardDealerUser } from '#functions/use-cases/dealer-users';
import { contract } from './contracts/admin-dealer-user-invite.ts';

const { TABLE_NAME, USER_POOL_ID } = readEnv({ ...tableEnv, ...directoryEnv });
const deps = {
  users: new UserRepository(documentClient, TABLE_NAME),
  dealers: new DealerRepository(documentClient, TABLE_NAME),
  directory: new CognitoDirectory(cognito, USER_POOL_ID),
  now: () => new Date().toISOString(),
  newAttempt: () => randomUUID(),
};

export const handler = authenticatedRoute(async ({ event, principal }) => {
  const { dealerId } = parsePath(event, contract.path);
  const body = parseJsonBody(event, contract.body);
  return respond(contract, await onboardDealerUser(principal, dealerId, body, deps));
});
