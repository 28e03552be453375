import { afterEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { DynamoDBClient, TransactionCanceledException, ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { DealerRepository } from '#functions/data/dealer-repository';

const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }));
const ddb = mockClient(documentClient);
afterEach(() => ddb.reset());

const dealer = {
  dealerId: 'D-1',
  name: 'One',
  tier: 'gold',
  currency: 'USD',
  paymentTerms: 'NET30',
  creditLimit: { amountMinor: 100, currency: 'USD' },
  status: 'active' as const,
  revision: 2,
  updatedAt: '2026-11-30T00:00:00Z',
};

describe('DealerRepository.upsert error paths', () => {
  it('reports a duplicate when the stored revision equals the incoming one', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: [{ Code: 'ConditionalCheckFailed', Item: { revision: { N: '2' } } }, { Code: 'None' }] }),
    );
    await expect(new DealerRepository(documentClient, 't').upsert(dealer, [])).resolves.toBe('duplicate');
  });

  it('rethrows a cancellation that is not the revision guard (e.g. throttling on a ship-to)', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: [{ Code: 'None' }, { Code: 'ThrottlingError' }] }),
    );
    await expect(new DealerRepository(documentClient, 't').upsert(dealer, [])).rejects.toBeInstanceOf(TransactionCanceledException);
  });

  it('rethrows throughput errors so the platform retries the event', async () => {
    ddb.on(QueryCommand).rejects(new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} }));
    await expect(new DealerRepository(documentClient, 't').upsert(dealer, [])).rejects.toBeInstanceOf(ProvisionedThroughputExceededException);
    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
  });
});
