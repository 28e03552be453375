import { afterEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { SpecialPriceRequest } from '#domain/special-price';
import { SpecialPriceRepository } from '#functions/data/special-price-repository';
import { keys } from '#functions/data/table-design';

const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }));
const ddb = mockClient(documentClient);
const repository = new SpecialPriceRepository(documentClient, 't');
afterEach(() => ddb.reset());

const pending: SpecialPriceRequest = {
  requestId: 'SPR-1',
  dealerId: 'D-A',
  requestedBy: 'u-1',
  shipToId: 'D-A-MAIN',
  sku: 'PMP-1',
  quantity: 10,
  currency: 'USD',
  requestedUnitPriceMinor: 7_000,
  quotedUnitPriceMinor: 10_000,
  quotedPriceVersion: 'v2:x',
  status: 'pending',
  createdAt: '2026-11-30T09:00:00.000Z',
};
const approved: SpecialPriceRequest = {
  ...pending,
  status: 'approved',
  decision: { decision: 'approved', unitPriceMinor: 7_200, currency: 'USD', validFrom: '2026-12-01', validTo: '2027-12-01' },
  decidedBy: 's-ops',
  decidedAt: '2026-11-30T10:00:00.000Z',
};
const conflict = () => new TransactionCanceledException({ message: 'conflict', $metadata: {}, CancellationReasons: [{ Code: 'TransactionConflict' }, { Code: 'None' }] });
const stored = (request: SpecialPriceRequest) => ({ Item: { ...keys.specialPriceRequest(request.requestId), entity: 'specialPriceRequest', ...request } });

describe('SpecialPriceRepository.decide under transaction conflicts', () => {
  it('tries again while the request is still pending, and stores the approval with its outbox entry', async () => {
    ddb.on(TransactWriteCommand).rejectsOnce(conflict()).resolves({});
    ddb.on(GetCommand).resolves(stored(pending));

    await expect(repository.decide(approved)).resolves.toEqual({ outcome: 'decided', request: approved });
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 2);
  });

  it('answers `closed` when the racing transaction decided it (409 for the caller, not 500)', async () => {
    const rejected: SpecialPriceRequest = { ...pending, status: 'rejected', decision: { decision: 'rejected', reason: 'No' }, decidedBy: 's-ops-2', decidedAt: '2026-11-30T10:00:00.000Z' };
    ddb.on(TransactWriteCommand).rejects(conflict());
    ddb.on(GetCommand).resolves(stored(rejected));

    await expect(repository.decide(approved)).resolves.toMatchObject({ outcome: 'closed', request: { status: 'rejected', decidedBy: 's-ops-2' } });
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
  });
});
