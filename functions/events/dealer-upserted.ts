import { dealerUpserted } from '#events/dealer-upserted';
import { DealerRepository } from '#functions/data/dealer-repository';
import { readEnv, tableEnv } from '#functions/shared/config';
import { documentClient } from '#functions/shared/dynamodb';
import { eventConsumer } from '#functions/shared/event-consumer';
import { applyDealerUpsert } from '#functions/use-cases/dealer-master';

const { TABLE_NAME } = readEnv(tableEnv);
const deps = { dealers: new DealerRepository(documentClient, TABLE_NAME) };

export const handler = eventConsumer(dealerUpserted, (event) => applyDealerUpsert(event.detail, deps));
