import { allRoles } from '#domain/identity';
import { DealerRepository } from '#functions/data/dealer-repository';
import { UserRepository } from '#functions/data/user-repository';
import { readEnv, tableEnv } from '#functions/shared/config';
import { documentClient } from '#functions/shared/dynamodb';
import { authenticatedRoute, json } from '#functions/shared/http';
import { describeCaller } from '#functions/use-cases/me';

const { TABLE_NAME } = readEnv(tableEnv);
const deps = {
  users: new UserRepository(documentClient, TABLE_NAME),
  dealers: new DealerRepository(documentClient, TABLE_NAME),
};

export const handler = authenticatedRoute({ roles: allRoles }, async ({ principal }) =>
  json(200, await describeCaller(principal, deps)),
);
