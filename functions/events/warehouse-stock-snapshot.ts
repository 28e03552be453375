import { warehouseStockSnapshotChunk } from '#events/warehouse-stock-snapshot';
import { StockRepository } from '#functions/data/stock-repository';
import { readEnv, tableEnv } from '#functions/shared/config';
import { documentClient } from '#functions/shared/dynamodb';
import { eventConsumer } from '#functions/shared/event-consumer';
import { applySnapshotChunk } from '#functions/use-cases/inventory-ingest';

const { TABLE_NAME } = readEnv(tableEnv);
const deps = { stock: new StockRepository(documentClient, TABLE_NAME) };

export const handler = eventConsumer(warehouseStockSnapshotChunk, (event) => applySnapshotChunk(event.detail, deps));
