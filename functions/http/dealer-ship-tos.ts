import { DealerRepository } from '#functions/data/dealer-repository';
import { readEnv, tableEnv } from '#functions/shared/config';
import { documentClient } from '#functions/shared/dynamodb';
import { authenticatedRoute } from '#functions/shared/authenticated-route';
import { respond } from '#functions/shared/http';
import { listShipTos } from '#functions/use-cases/ship-tos';
import { contract } from './contracts/dealer-ship-tos.ts';

const { TABLE_NAME } = readEnv(tableEnv);
const deps = { dealers: new DealerRepository(documentClient, TABLE_NAME) };

export const handler = authenticatedRoute(async ({ principal, user }) => respond(contract, await listShipTos(principal, user, deps)));
