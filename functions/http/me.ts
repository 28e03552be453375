import { DealerRepository } from '#functions/data/dealer-repository';
import { readEnv, tableEnv } from '#functions/shared/config';
import { documentClient } from '#functions/shared/dynamodb';
import { authenticatedRoute } from '#functions/shared/authenticated-route';
import { json } from '#functions/shared/http';
import { describeCaller } from '#functions/use-cases/me';

const { TABLE_NAME } = readEnv(tableEnv);
const deps = { dealers: new DealerRepository(documentClient, TABLE_NAME) };

export const handler = authenticatedRoute(async ({ principal, user }) => json(200, await describeCaller(principal, user, deps)));
