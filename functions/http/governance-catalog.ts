import { CatalogRepository } from '#functions/data/catalog-repository';
import { GovernanceRepository } from '#functions/data/governance-repository';
import { readEnv, tableEnv } from '#functions/shared/config';
import { documentClient } from '#functions/shared/dynamodb';
import { authenticatedRoute } from '#functions/shared/authenticated-route';
import { parseQuery, respond } from '#functions/shared/http';
import { catalogGovernanceReport } from '#functions/use-cases/catalog-governance';
import { contract } from './contracts/governance-catalog.ts';

const { TABLE_NAME } = readEnv(tableEnv);
const deps = { taxonomy: new CatalogRepository(documentClient, TABLE_NAME), governance: new GovernanceRepository(documentClient, TABLE_NAME) };

export const handler = authenticatedRoute(async ({ event }) => respond(contract, await catalogGovernanceReport(parseQuery(event, contract.query), deps)));
