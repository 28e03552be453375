import { incomingSupplyUpdated } from '#events/incoming-supply-updated';
import { StockRepository } from '#functions/data/stock-repository';
import { readEnv, tableEnv } from '#functions/shared/config';
import { documentClient } from '#functions/shared/dynamodb';
import { eventConsumer } from '#functions/shared/event-consumer';
import { applyIncomingSupply } from '#functions/use-cases/inventory-ingest';

const { TABLE_NAME } = readEnv(tableEnv);
const deps = { stock: new StockRepository(documentClient, TABLE_NAME) };

export const handler = eventConsumer(incomingSupplyUpdated, (event) => applyIncomingSupply(event.detail, deps));
