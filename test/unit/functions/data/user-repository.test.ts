import { afterEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { ConditionalCheckFailedException, DynamoDBClient, ProvisionedThroughputExceededException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { Conflict, NotFound, ValidationFailed } from '#domain/errors';
import type { InviteRecord } from '#domain/ports';
import { keys } from '#functions/data/table-design';
import { UserRepository } from '#functions/data/user-repository';
import { encodeCursor } from '#functions/shared/cursor';
import { dealerUser } from '#test/support/fixtures';

const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }));
const ddb = mockClient(documentClient);
afterEach(() => ddb.reset());

const repository = new UserRepository(documentClient, 't');
const invite: InviteRecord = { dealerId: 'D-1', email: 'ann@d.test', name: 'Ann', roles: ['buyer'], invitedBy: 'u-admin', attempt: 'a-2' };
const lease = { now: '2026-12-01T10:00:00.000Z', until: '2026-12-01T10:01:00.000Z' };
const conditionFailed = (item?: Record<string, { S: string }>) => new ConditionalCheckFailedException({ message: 'failed', $metadata: {}, ...(item ? { Item: item } : {}) });
const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: codes.map((Code) => ({ Code })) });

describe('UserRepository.reserveInvite', () => {
  it('claims a new email under attribute_not_exists', async () => {
    ddb.on(PutCommand).resolves({});

    await expect(repository.reserveInvite(invite, lease)).resolves.toEqual({ outcome: 'reserved', invite, resumed: false });
    expect(ddb).toHaveReceivedCommandWith(PutCommand, { ConditionExpression: 'attribute_not_exists(pk)', Item: expect.objectContaining({ ...keys.userEmail('D-1', 'ann@d.test'), state: 'pending', attempt: 'a-2' }) as Record<string, unknown> });
  });

  it('reports the user holding a taken email', async () => {
    ddb.on(PutCommand).rejects(conditionFailed({ state: { S: 'taken' }, userId: { S: 'u-ann' } }));

    await expect(repository.reserveInvite(invite, lease)).resolves.toEqual({ outcome: 'exists', userId: 'u-ann' });
    expect(ddb).not.toHaveReceivedCommand(UpdateCommand);
  });

  it('reports an invite under way while its lease runs', async () => {
    ddb.on(PutCommand).rejects(conditionFailed({ state: { S: 'pending' }, leaseUntil: { S: '2026-12-01T10:00:30.000Z' } }));

    await expect(repository.reserveInvite(invite, lease)).resolves.toEqual({ outcome: 'in-progress' });
    expect(ddb).not.toHaveReceivedCommand(UpdateCommand);
  });

  it('takes over an invite whose lease ran out, carrying on with what it recorded', async () => {
    ddb.on(PutCommand).rejects(conditionFailed({ state: { S: 'pending' }, leaseUntil: { S: '2026-12-01T09:59:00.000Z' } }));
    ddb.on(UpdateCommand).resolves({
      Attributes: { dealerId: 'D-1', email: 'ann@d.test', state: 'pending', userId: 'sub-1', attempt: 'a-2', invite: { name: 'First Ann', roles: ['viewer'], invitedBy: 'u-admin' } },
    });

    await expect(repository.reserveInvite(invite, lease)).resolves.toEqual({
      outcome: 'reserved',
      resumed: true,
      invite: { dealerId: 'D-1', email: 'ann@d.test', name: 'First Ann', roles: ['viewer'], invitedBy: 'u-admin', attempt: 'a-2', userId: 'sub-1' },
    });
    expect(ddb).toHaveReceivedCommandWith(UpdateCommand, { ConditionExpression: '#state = :pending AND leaseUntil < :now' });
  });

  it('reports an invite under way when another retry took it over first', async () => {
    ddb.on(PutCommand).rejects(conditionFailed({ state: { S: 'pending' }, leaseUntil: { S: '2026-12-01T09:59:00.000Z' } }));
    ddb.on(UpdateCommand).rejects(conditionFailed({ state: { S: 'pending' }, leaseUntil: { S: '2026-12-01T10:01:00.000Z' } }));

    await expect(repository.reserveInvite(invite, lease)).resolves.toEqual({ outcome: 'in-progress' });
  });

  it('rethrows throttling so the request fails and can be retried', async () => {
    ddb.on(PutCommand).rejects(new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} }));

    await expect(repository.reserveInvite(invite, lease)).rejects.toBeInstanceOf(ProvisionedThroughputExceededException);
  });
});

describe('UserRepository.completeInvite', () => {
  const user = dealerUser('D-1', 'sub-1', ['buyer'], { email: 'ann@d.test' });

  it('writes the user and the taken claim in one transaction, conditional on owning the invite', async () => {
    ddb.on(TransactWriteCommand).resolves({});

    await repository.completeInvite(invite, user);

    const items = (ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? []).map((i): unknown[] => [i.Put?.Item?.pk, i.Put?.ConditionExpression]);
    expect(items).toEqual([
      [keys.userEmail('D-1', 'ann@d.test').pk, 'attempt = :attempt AND #state = :pending'],
      [keys.dealerUser('D-1', 'sub-1').pk, 'attribute_not_exists(pk)'],
    ]);
  });

  it('answers 409 invite-in-progress when another attempt owns (or finished) the invite', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None'));

    await expect(repository.completeInvite(invite, user)).rejects.toMatchObject({ code: 'invite-in-progress', status: 409 });
  });

  it('rethrows a cancellation that is not a condition (throttling)', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('None', 'ThrottlingError'));

    await expect(repository.completeInvite(invite, user)).rejects.toBeInstanceOf(TransactionCanceledException);
  });
});

describe('UserRepository.releaseInvite', () => {
  it('leaves an invite alone that another attempt owns now', async () => {
    ddb.on(DeleteCommand).rejects(conditionFailed());

    await expect(repository.releaseInvite(invite)).resolves.toBeUndefined();
  });
});

describe('UserRepository.update', () => {
  const seen = { roles: ['dealer-admin' as const], status: 'active' as const };
  it('sets what the change names and removes what it clears', async () => {
    ddb.on(UpdateCommand).resolves({ Attributes: { ...keys.dealerUser('D-1', 'u-1'), entity: 'user', userId: 'u-1', roles: ['viewer'] } });

    await expect(repository.update('D-1', 'u-1', { roles: ['viewer'], orderLimit: null }, seen)).resolves.toEqual({ userId: 'u-1', roles: ['viewer'] });
    expect(ddb).toHaveReceivedCommandWith(UpdateCommand, {
      Key: keys.dealerUser('D-1', 'u-1'),
      UpdateExpression: 'SET #roles = :roles REMOVE #orderLimit',
      ConditionExpression: 'attribute_exists(#pk) AND #roles = :seenRoles AND #status = :seenStatus',
    });
  });

  it('answers 404 for a user the dealer does not have, never creating one', async () => {
    ddb.on(UpdateCommand).rejects(conditionFailed());
    ddb.on(GetCommand).resolves({});

    await expect(repository.update('D-1', 'u-of-another-dealer', { status: 'deactivated' }, seen)).rejects.toBeInstanceOf(NotFound);
  });

  it('answers `stale` when another transaction was writing the user or the roster at that moment', async () => {
    ddb.on(TransactWriteCommand).rejects(new TransactionCanceledException({ message: 'conflict', $metadata: {}, CancellationReasons: [{ Code: 'TransactionConflict' }, { Code: 'None' }] }));
    ddb.on(GetCommand).resolves({ Item: { ...keys.dealerUser('D-1', 'u-1'), userId: 'u-1', roles: ['dealer-admin'], status: 'active' } });

    await expect(repository.update('D-1', 'u-1', { status: 'deactivated' }, { ...seen, rosterVersion: 3 })).resolves.toBe('stale');
  });

  it('answers `stale` when the user changed since the decision was made', async () => {
    ddb.on(UpdateCommand).rejects(conditionFailed());
    ddb.on(GetCommand).resolves({ Item: { ...keys.dealerUser('D-1', 'u-1'), userId: 'u-1', roles: ['buyer'], status: 'active' } });

    await expect(repository.update('D-1', 'u-1', { status: 'deactivated' }, seen)).resolves.toBe('stale');
  });
});

describe('UserRepository.roster', () => {
  it('reads the roster version before the users, never at the same time (a removal in between must move the version the decision carries)', async () => {
    const order: string[] = [];
    ddb.on(GetCommand).callsFake(async () => {
      order.push('version sent');
      await new Promise((resolve) => setTimeout(resolve, 5));
      order.push('version read');
      return { Item: { ...keys.adminRoster('D-1'), version: 4 } };
    });
    ddb.on(QueryCommand).callsFake(() => {
      order.push('users sent');
      return { Items: [{ userId: 'u-1', roles: ['dealer-admin'], status: 'active' }] };
    });

    await expect(repository.roster('D-1')).resolves.toEqual({ version: 4, users: [{ userId: 'u-1', roles: ['dealer-admin'], status: 'active' }] });
    expect(order).toEqual(['version sent', 'version read', 'users sent']);
    expect(ddb).toHaveReceivedCommandWith(QueryCommand, { ConsistentRead: true });
    expect(ddb).toHaveReceivedCommandWith(GetCommand, { ConsistentRead: true });
  });
});

describe('UserRepository.list', () => {
  it("continues from a cursor inside the caller's dealer partition only", async () => {
    ddb.on(QueryCommand).resolves({ Items: [], LastEvaluatedKey: undefined });

    await repository.list('D-1', { limit: 10, cursor: encodeCursor({ u: 'u-7' }) });

    expect(ddb).toHaveReceivedCommandWith(QueryCommand, {
      ExpressionAttributeValues: { ':pk': keys.dealerPartition('D-1'), ':users': keys.userPrefix },
      ExclusiveStartKey: keys.dealerUser('D-1', 'u-7'),
      Limit: 10,
    });
  });

  it('hands out a cursor only while DynamoDB says there may be more', async () => {
    const item = { ...keys.dealerUser('D-1', 'u-1'), userId: 'u-1' };
    ddb.on(QueryCommand).resolvesOnce({ Items: [item], LastEvaluatedKey: keys.dealerUser('D-1', 'u-1') }).resolvesOnce({ Items: [item] });

    expect((await repository.list('D-1', { limit: 1 })).nextCursor).toBe(encodeCursor({ u: 'u-1' }));
    expect((await repository.list('D-1', { limit: 1 })).nextCursor).toBeUndefined();
  });

  it.each([['garbage'], [encodeCursor({ u: 'a#b' })], [Buffer.from('[1,2]').toString('base64url')]])('answers 400 on query.cursor for %s', async (cursor) => {
    const error = await repository.list('D-1', { limit: 1, cursor }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ValidationFailed);
    expect((error as ValidationFailed).problems.map((p) => p.field)).toEqual(['query.cursor']);
    expect(ddb).not.toHaveReceivedCommand(QueryCommand);
  });
});

describe('UserRepository.create', () => {
  it('answers 409 user-exists when the email claim or the user already exists', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None'));

    await expect(repository.create({ ...dealerUser('D-1', 'u-1', ['buyer']), dealerId: 'D-1' })).rejects.toEqual(expect.any(Conflict));
  });
});
