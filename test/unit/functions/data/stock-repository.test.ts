import { afterEach, describe, expect, it, vi } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { DynamoDBClient, TransactionConflictException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { StockRepository } from '#functions/data/stock-repository';
import { keys } from '#functions/data/table-design';

const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }));
const ddb = mockClient(documentClient);
const stock = new StockRepository(documentClient, 't');
afterEach(() => {
  ddb.reset();
  vi.useRealTimers();
});

const level = { onHand: 10, safetyStock: 0, version: 5, asOf: '2026-11-30T10:00:00.000Z' };
const conflict = () => new TransactionConflictException({ message: 'Transaction is ongoing for the item', $metadata: {} });

describe('StockRepository single-item writes on the SKU item', () => {
  it('retry while a transaction holds the item (catalog ingest, a reservation), instead of failing the whole chunk', async () => {
    ddb.on(UpdateCommand).rejectsOnce(conflict()).rejectsOnce(conflict()).resolves({});

    await expect(stock.putLevel('WH-EAST', 'S-1', level)).resolves.toBe('applied');
    expect(ddb).toHaveReceivedCommandTimes(UpdateCommand, 3);
    expect(ddb).toHaveReceivedCommandWith(UpdateCommand, { Key: keys.product('S-1') });
  });

  it('give up after a bounded number of conflicts and let the event be redelivered', async () => {
    ddb.on(UpdateCommand).rejects(conflict());
    vi.useFakeTimers();

    const outcome = expect(stock.putSupply({ supplyId: 'PO-1', sku: 'S-1', warehouseId: 'WH-EAST', expectedDate: '2026-12-15', quantity: 5 }, 1)).rejects.toBeInstanceOf(TransactionConflictException);
    await vi.runAllTimersAsync();
    await outcome;
    expect(ddb).toHaveReceivedCommandTimes(UpdateCommand, 9);
  });
});
