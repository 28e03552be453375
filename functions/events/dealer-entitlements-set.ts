import { dealerEntitlementsSet } from '#events/dealer-entitlements-set';
import { EntitlementRepository } from '#functions/data/entitlement-repository';
import { readEnv, tableEnv } from '#functions/shared/config';
import { documentClient } from '#functions/shared/dynamodb';
import { eventConsumer } from '#functions/shared/event-consumer';
import { applyEntitlements } from '#functions/use-cases/catalog-ingest';

const { TABLE_NAME } = readEnv(tableEnv);
const deps = { entitlements: new EntitlementRepository(documentClient, TABLE_NAME) };

export const handler = eventConsumer(dealerEntitlementsSet, (event) => applyEntitlements(event.detail, deps));
