import { randomUUID } from 'node:crypto';
import { CognitoDirectory } from '#functions/adapters/cognito-directory';
import { DealerRepository } from '#functions/data/dealer-repository';
import { UserRepository } from '#functions/data/user-repository';
import { cognito } from '#functions/shared/cognito';
import { directoryEnv, readEnv, tableEnv } from '#functions/shared/config';
import { documentClient } from '#functions/shared/dynamodb';

/**
 * The adapters managing a dealer's users need (invites by its admin or by staff onboarding it, user
 * changes), created once per cold start.
 */
export function dealerUserDeps() {
  const { TABLE_NAME, USER_POOL_ID } = readEnv({ ...tableEnv, ...directoryEnv });
  return {
    users: new UserRepository(documentClient, TABLE_NAME),
    dealers: new DealerRepository(documentClient, TABLE_NAME),
    directory: new CognitoDirectory(cognito, USER_POOL_ID),
    now: () => new Date().toISOString(),
    newAttempt: () => randomUUID(),
  };
}
