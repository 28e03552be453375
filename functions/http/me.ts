import { DealerRepository } from '#functions/data/dealer-repository';
import { readEnv, tableEnv } from '#functions/shared/config';
import { documentClient } from '#functions/shared/dynamodb';
import { authenticatedRoute } from '#functions/shared/authenticated-route';
import { respond } from '#functions/shared/http';
import { contract } from './contracts/me.ts';
import { describeCaller } from '#functions/use-cases/me';

const { TABLE_NAME } = readEnv(tableEnv);
const deps = { dealers: new DealerRepository(documentClient, TABLE_NAME) };

export const handler = authenticatedRoute(async ({ principal, user }) => respond(contract, await describeCaller(principal, user, deps)));
