import { orderAllocated } from '#events/order-allocated';
import { StockRepository } from '#functions/data/stock-repository';
import { readEnv, tableEnv } from '#functions/shared/config';
import { documentClient } from '#functions/shared/dynamodb';
import { eventConsumer } from '#functions/shared/event-consumer';
import { applyOrderAllocation } from '#functions/use-cases/reservation-handover';

const { TABLE_NAME } = readEnv(tableEnv);
const deps = { stock: new StockRepository(documentClient, TABLE_NAME) };

export const handler = eventConsumer(orderAllocated, (event) => applyOrderAllocation(event.detail, deps));
