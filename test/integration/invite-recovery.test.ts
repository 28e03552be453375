import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { Conflict } from '#domain/errors';
import type { Principal } from '#domain/identity';
import type { DealerUserStore, IdentityDirectory } from '#domain/ports';
import { dealerUpserted } from '#events/dealer-upserted';
import { CognitoDirectory } from '#functions/adapters/cognito-directory';
import { DealerRepository } from '#functions/data/dealer-repository';
import { keys } from '#functions/data/table-design';
import { UserRepository } from '#functions/data/user-repository';
import { inviteDealerUser, inviteLeaseSeconds, updateDealerUser, type DealerUserDeps } from '#functions/use-cases/dealer-users';
import { publishErpEvents } from '#local/erp';
import { localUserPoolId } from '#local/stack';
import { startTestStack, type TestStack } from '#test/support/local-stack';
import { dealerUpsertedDetail, dealerUser } from '#test/support/fixtures';

/**
 * What a failure half-way through an invite leaves, and how a retry recovers — with the real
 * conditional writes (DynamoDB Local) and the real Cognito adapter (the local user directory behind
 * the local endpoint). Failures are injected around the real store and directory; the clock is ours,
 * so a lease can run out without waiting for it.
 */
let stack: TestStack;
let store: UserRepository;
let directory: CognitoDirectory;
let dealers: DealerRepository;
let clock = Date.parse('2026-12-01T10:00:00.000Z');
let attempt = 0;
const admin: Principal = { kind: 'dealer', userId: 'u-r-admin', dealerId: 'D-R', roles: ['dealer-admin'] };

class Injected extends Error {}

/** `real`, except that the first call fails (after running `before`, if given). */
function failingOnce<A extends unknown[], R>(real: (...args: A) => Promise<R>, before?: (...args: A) => Promise<unknown>) {
  let failed = false;
  return async (...args: A): Promise<R> => {
    if (failed) return real(...args);
    failed = true;
    await before?.(...args);
    throw new Injected('injected failure');
  };
}

function deps(overrides: { users?: Partial<DealerUserStore>; directory?: Partial<IdentityDirectory> } = {}): DealerUserDeps {
  const users: DealerUserStore = Object.assign(Object.create(store) as DealerUserStore, overrides.users);
  const dir: IdentityDirectory = Object.assign(Object.create(directory) as IdentityDirectory, overrides.directory);
  return { users, dealers, directory: dir, now: () => new Date(clock).toISOString(), newAttempt: () => `attempt-${++attempt}` };
}

const invite = (email: string, d: DealerUserDeps) => inviteDealerUser(admin, { email, name: 'Rita Retry', roles: ['buyer'] }, d);
const claimOf = async (email: string) =>
  (await stack.documentClient.send(new GetCommand({ TableName: stack.tableName, Key: keys.userEmail('D-R', email), ConsistentRead: true }))).Item;
const leaseRunsOut = () => (clock += (inviteLeaseSeconds + 1) * 1000);
const conflictCode = (error: unknown) => (error instanceof Conflict ? error.code : String(error));

beforeAll(async () => {
  stack = await startTestStack();
  store = new UserRepository(stack.documentClient, stack.tableName);
  dealers = new DealerRepository(stack.documentClient, stack.tableName);
  directory = new CognitoDirectory(new CognitoIdentityProviderClient({}), localUserPoolId);
  await publishErpEvents(dealerUpserted, [dealerUpsertedDetail('D-R'), dealerUpsertedDetail('D-OTHER')]);
  await stack.bus.drain();
});
afterAll(() => stack?.stop());

describe('invite: Cognito succeeds, DynamoDB fails', () => {
  it('keeps the claim pending with the directory user, refuses a retry inside the lease, completes one after it', async () => {
    const email = 'complete-fails@r.test';
    const failing = deps({ users: { completeInvite: failingOnce(store.completeInvite.bind(store)) } });

    await expect(invite(email, failing)).rejects.toBeInstanceOf(Injected);
    const created = stack.directory.find(email);
    expect(created).toMatchObject({ groups: new Set(['buyer']) });
    expect(await claimOf(email)).toMatchObject({ state: 'pending', userId: created?.sub });
    expect(await store.get({ userId: created!.sub, dealerId: 'D-R' })).toBeUndefined();

    expect(conflictCode(await invite(email, failing).catch((e: unknown) => e))).toBe('invite-in-progress');

    leaseRunsOut();
    await expect(invite(email, failing)).resolves.toMatchObject({ userId: created?.sub, email, roles: ['buyer'], status: 'active' });
    expect(await store.get({ userId: created!.sub, dealerId: 'D-R' })).toMatchObject({ email, status: 'active' });
    expect(await claimOf(email)).toEqual(expect.objectContaining({ state: 'taken', userId: created?.sub }));
    expect(stack.directory.invitations.filter((i) => i.email === email)).toHaveLength(1);

    expect(conflictCode(await invite(email, deps()).catch((e: unknown) => e))).toBe('user-exists');
  });

  it('finds the directory user an attempt created but could not record, instead of creating a second one', async () => {
    const email = 'record-fails@r.test';
    let creations = 0;
    const counting = (d: DealerUserDeps): DealerUserDeps => ({
      ...d,
      directory: Object.assign(Object.create(d.directory) as IdentityDirectory, {
        createUser: async (user: Parameters<IdentityDirectory['createUser']>[0]) => {
          creations++;
          return directory.createUser(user);
        },
      }),
    });

    await expect(invite(email, counting(deps({ users: { recordDirectoryUser: failingOnce(store.recordDirectoryUser.bind(store)) } })))).rejects.toBeInstanceOf(Injected);
    const created = stack.directory.find(email);
    expect((await claimOf(email))?.userId).toBeUndefined();

    leaseRunsOut();
    await expect(invite(email, counting(deps()))).resolves.toMatchObject({ userId: created?.sub });
    expect(creations).toBe(1);
    // The second attempt recovered the id by re-sending the invitation.
    expect(stack.directory.invitations.filter((i) => i.email === email)).toHaveLength(2);
  });

  it('sets the groups a failed attempt did not, when the invite is retried', async () => {
    const email = 'groups-fail@r.test';
    await expect(invite(email, deps({ directory: { setGroups: failingOnce(directory.setGroups.bind(directory)) } }))).rejects.toBeInstanceOf(Injected);
    expect(stack.directory.find(email)?.groups.size).toBe(0);

    leaseRunsOut();
    await invite(email, deps());
    expect([...(stack.directory.find(email)?.groups ?? [])]).toEqual(['buyer']);
  });

  it('lets one of two racing retries take an expired invite over; the other is told it is under way', async () => {
    const email = 'race-retry@r.test';
    await expect(invite(email, deps({ users: { completeInvite: failingOnce(store.completeInvite.bind(store)) } }))).rejects.toBeInstanceOf(Injected);

    leaseRunsOut();
    const results = await Promise.allSettled([invite(email, deps()), invite(email, deps())]);

    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = results.find((r) => r.status === 'rejected');
    expect(['invite-in-progress', 'user-exists']).toContain(conflictCode(rejected?.reason));
  });

  it("gives the email back when it turns out to belong to another account's sign-in user", async () => {
    const email = 'taken-meanwhile@r.test';
    await expect(invite(email, deps({ directory: { createUser: failingOnce(directory.createUser.bind(directory)) } }))).rejects.toBeInstanceOf(Injected);
    expect(await claimOf(email)).toMatchObject({ state: 'pending' });
    stack.directory.add({ sub: 'u-other-dealer', email, dealerId: 'D-OTHER', groups: ['viewer'] });

    leaseRunsOut();
    expect(conflictCode(await invite(email, deps()).catch((e: unknown) => e))).toBe('email-in-use');
    expect(await claimOf(email)).toBeUndefined();
    expect(stack.directory.find(email)?.attributes['custom:dealerId']).toBe('D-OTHER');
  });
});

describe('change: DynamoDB first, then Cognito', () => {
  it('a deactivation stands even when Cognito then fails; sending it again converges the directory', async () => {
    const leaver = dealerUser('D-R', 'u-r-leaver', ['buyer']);
    stack.directory.add({ sub: leaver.userId, email: leaver.email, dealerId: 'D-R', groups: leaver.roles });
    await store.create({ ...leaver, dealerId: 'D-R' });

    const failing = deps({ directory: { setEnabled: failingOnce(directory.setEnabled.bind(directory)) } });
    await expect(updateDealerUser(admin, leaver.userId, { status: 'deactivated' }, failing)).rejects.toBeInstanceOf(Injected);
    expect((await store.get(leaver))?.status).toBe('deactivated');
    expect(stack.directory.find(leaver.userId)?.enabled).toBe(true);

    await expect(updateDealerUser(admin, leaver.userId, { status: 'deactivated' }, failing)).resolves.toMatchObject({ status: 'deactivated' });
    expect(stack.directory.find(leaver.userId)?.enabled).toBe(false);
  });
});
