import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { PortalUser } from '#domain/user';
import { dealerUpserted } from '#events/dealer-upserted';
import { keys } from '#functions/data/table-design';
import { UserRepository } from '#functions/data/user-repository';
import { encodeCursor } from '#functions/shared/cursor';
import { publishErpEvents } from '#local/erp';
import { startTestStack, type TestStack } from '#test/support/local-stack';
import { dealerUpsertedDetail, dealerUser } from '#test/support/fixtures';

/**
 * Dealer accounts end to end through the gateway: dealer admins managing their users (the Cognito
 * calls answered by the local user directory), ship-tos with branches, and staff views of dealers.
 */
let stack: TestStack;
let users: UserRepository;

const address = { line1: '1 Main St', city: 'Springfield', postalCode: '62701', country: 'US' };
const adminA = dealerUser('D-A', 'u-a-admin', ['dealer-admin']);
const buyerA = dealerUser('D-A', 'u-a-buyer', ['buyer'], { orderLimit: { amountMinor: 50_000, currency: 'USD' } });
const yardA = dealerUser('D-A', 'u-a-yard', ['buyer'], { shipToIds: ['A-YARD'] });
const adminB = dealerUser('D-B', 'u-b-admin', ['dealer-admin']);
const buyerB = dealerUser('D-B', 'u-b-buyer', ['buyer']);
const staff = (role: 'portal-admin' | 'credit' | 'sales-ops'): PortalUser => ({ userId: `s-${role}`, email: `${role}@staff.test`, name: role, roles: [role], status: 'active' });

/** A user as an invite leaves it: in the directory (fixed id) and in the table with its email claim. */
async function seedUser(user: PortalUser) {
  stack.directory.add({ sub: user.userId, email: user.email, name: user.name, dealerId: user.dealerId, groups: user.roles });
  if (user.dealerId) await users.create({ ...user, dealerId: user.dealerId });
  else await users.put(user);
}

const tokenOf = (user: PortalUser | string) => stack.tokenFor(typeof user === 'string' ? user : user.userId);
const errorFields = (body: Record<string, unknown>) => ((body.errors ?? []) as { field: string }[]).map((e) => e.field).sort();
const ids = (list: unknown) => (list as { userId: string }[]).map((u) => u.userId).sort();

async function listAll(token: string, path: string, key: 'users' | 'dealers', limit: number) {
  const seen: Record<string, unknown>[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const response = await stack.call('GET', `${path}?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token });
    expect(response.status).toBe(200);
    const items = response.body[key] as Record<string, unknown>[];
    expect(items.length).toBeLessThanOrEqual(limit);
    seen.push(...items);
    cursor = response.body.nextCursor as string | null;
    pages++;
  } while (cursor && pages < 50);
  return { seen, pages };
}

beforeAll(async () => {
  stack = await startTestStack();
  users = new UserRepository(stack.documentClient, stack.tableName);
  const detailA = dealerUpsertedDetail('D-A', {
    dealer: {
      name: 'Alpha Supply',
      branches: [{ branchId: 'BR-NORTH', name: 'North' }],
      shipTos: [
        { shipToId: 'A-MAIN', name: 'Main yard', address, preferredWarehouseId: 'WH-EAST', branchId: 'BR-NORTH' },
        { shipToId: 'A-YARD', name: 'Back yard', address, preferredWarehouseId: 'WH-WEST' },
      ],
    },
  });
  await publishErpEvents(dealerUpserted, [
    detailA,
    dealerUpsertedDetail('D-B', { dealer: { name: 'Bravo Parts', tier: 'gold' } }),
    dealerUpsertedDetail('D-C', { dealer: { name: 'charlie Hydraulics', currency: 'CAD', status: 'on-hold' } }),
  ]);
  await stack.bus.drain();
  expect(stack.bus.deadLetters).toEqual([]);
  for (const user of [adminA, buyerA, yardA, adminB, buyerB, staff('portal-admin'), staff('credit'), staff('sales-ops')]) await seedUser(user);
});
afterAll(() => stack?.stop());

describe('GET /dealer/users', () => {
  it("lists the admin's own dealer's users only", async () => {
    const response = await stack.call('GET', '/dealer/users', { token: await tokenOf(adminA) });

    expect(response.status).toBe(200);
    expect(ids(response.body.users)).toEqual(expect.arrayContaining(['u-a-admin', 'u-a-buyer', 'u-a-yard']));
    expect(JSON.stringify(response.body)).not.toContain('D-B');
    expect(JSON.stringify(response.body)).not.toContain('u-b-');
    expect((response.body.users as Record<string, unknown>[]).find((u) => u.userId === 'u-a-buyer')).toEqual({
      userId: 'u-a-buyer',
      email: buyerA.email,
      name: buyerA.name,
      roles: ['buyer'],
      status: 'active',
      orderLimit: { amountMinor: 50_000, currency: 'USD' },
      shipToIds: null,
    });
  });

  it('pages with an opaque cursor: every user once, then a null cursor', async () => {
    const { seen, pages } = await listAll(await tokenOf(adminB), '/dealer/users', 'users', 1);

    expect(ids(seen)).toEqual(['u-b-admin', 'u-b-buyer']);
    expect(pages).toBeGreaterThanOrEqual(2);
  });

  it("keeps a cursor edited to point at dealer B's users inside dealer A", async () => {
    const forged = encodeCursor({ u: 'u-b-admin' });
    const response = await stack.call('GET', `/dealer/users?cursor=${forged}`, { token: await tokenOf(adminA) });

    expect(response.status).toBe(200);
    expect(JSON.stringify(response.body)).not.toContain('u-b-');
  });

  it.each([
    ['limit=0', ['query.limit']],
    ['limit=abc', ['query.limit']],
    ['limit=101', ['query.limit']],
    ['cursor=not-a-cursor', ['query.cursor']],
  ])('answers 400 problem+json for %s', async (query, fields) => {
    const response = await stack.call('GET', `/dealer/users?${query}`, { token: await tokenOf(adminA) });

    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(errorFields(response.body)).toEqual(fields);
  });
});

describe('POST /dealer/users', () => {
  it('invites a user: directory user with the dealer and groups, portal user, a token that works', async () => {
    const invitations = stack.directory.invitations.length;
    const response = await stack.call('POST', '/dealer/users', {
      token: await tokenOf(adminA),
      body: { email: 'New.Buyer@Alpha.test', name: 'Nora New', roles: ['buyer'], orderLimit: { amountMinor: 120_000, currency: 'USD' }, shipToIds: ['A-MAIN'] },
    });

    expect(response.status).toBe(201);
    const directoryUser = stack.directory.find('new.buyer@alpha.test');
    expect(directoryUser).toBeDefined();
    expect(response.body).toEqual({
      userId: directoryUser?.sub,
      email: 'new.buyer@alpha.test',
      name: 'Nora New',
      roles: ['buyer'],
      status: 'active',
      orderLimit: { amountMinor: 120_000, currency: 'USD' },
      shipToIds: ['A-MAIN'],
    });
    expect(directoryUser?.attributes['custom:dealerId']).toBe('D-A');
    expect([...(directoryUser?.groups ?? [])]).toEqual(['buyer']);
    expect(stack.directory.invitations.length).toBe(invitations + 1);

    // The invited user signs in (the local token endpoint) and is who the admin said.
    const signIn = await fetch(`${stack.awsUrl}/local-pool/token/${encodeURIComponent('new.buyer@alpha.test')}`);
    const { token } = (await signIn.json()) as { token: string };
    const me = await stack.call('GET', '/me', { token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ roles: ['buyer'], dealer: { dealerId: 'D-A' }, user: { orderLimit: { amountMinor: 120_000, currency: 'USD' } } });
    expect((me.body.shipTos as { shipToId: string }[]).map((s) => s.shipToId)).toEqual(['A-MAIN']);
  });

  it('answers 409 user-exists for an email the dealer already has, in any case, and changes nothing', async () => {
    const before = stack.directory.invitations.length;
    const response = await stack.call('POST', '/dealer/users', {
      token: await tokenOf(adminA),
      body: { email: buyerA.email.toUpperCase(), name: 'Twin', roles: ['viewer'] },
    });

    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ code: 'user-exists' });
    expect(response.body.detail).toContain(buyerA.userId);
    expect(stack.directory.invitations.length).toBe(before);
    expect((await users.get(buyerA))?.roles).toEqual(['buyer']);
  });

  it('lets exactly one of several concurrent invites of one email create a user', async () => {
    const token = await tokenOf(adminA);
    const body = { email: 'racer@alpha.test', name: 'Racer', roles: ['viewer'] };
    const responses = await Promise.all(Array.from({ length: 6 }, () => stack.call('POST', '/dealer/users', { token, body })));

    expect(responses.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    for (const loser of responses.filter((r) => r.status === 409)) expect(['user-exists', 'invite-in-progress']).toContain(loser.body.code);
    const { seen } = await listAll(token, '/dealer/users', 'users', 100);
    expect(seen.filter((u) => u.email === 'racer@alpha.test')).toHaveLength(1);
    expect(stack.directory.invitations.filter((i) => i.email === 'racer@alpha.test')).toHaveLength(1);
  });

  it("answers 409 email-in-use for an email another dealer's user signs in with, and releases the claim", async () => {
    const response = await stack.call('POST', '/dealer/users', { token: await tokenOf(adminA), body: { email: buyerB.email, name: 'Poacher', roles: ['buyer'] } });

    expect(response.status).toBe(409);
    expect(response.body.code).toBe('email-in-use');
    const claim = await stack.documentClient.send(new GetCommand({ TableName: stack.tableName, Key: keys.userEmail('D-A', buyerB.email) }));
    expect(claim.Item).toBeUndefined();
    expect(stack.directory.find(buyerB.email)?.attributes['custom:dealerId']).toBe('D-B');
  });

  it('answers 400 with a reason per field for a malformed invite, and creates nothing', async () => {
    const before = { invitations: stack.directory.invitations.length, users: (await listAll(await tokenOf(adminA), '/dealer/users', 'users', 100)).seen.length };
    const response = await stack.call('POST', '/dealer/users', {
      token: await tokenOf(adminA),
      body: { email: 'not-an-email', name: '', roles: ['portal-admin'], orderLimit: { amountMinor: 1.5, currency: 'USD' }, extra: true },
    });

    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.body.code).toBe('validation-failed');
    expect(errorFields(response.body)).toEqual(['body', 'body.email', 'body.name', 'body.orderLimit.amountMinor', 'body.roles.0']);
    expect(stack.directory.invitations.length).toBe(before.invitations);
    expect((await listAll(await tokenOf(adminA), '/dealer/users', 'users', 100)).seen.length).toBe(before.users);
  });

  it("answers 400 for a limit in another currency and ship-tos that are not the dealer's, and creates nothing", async () => {
    const before = stack.directory.invitations.length;
    const response = await stack.call('POST', '/dealer/users', {
      token: await tokenOf(adminA),
      body: { email: 'wrong@alpha.test', name: 'Wrong', roles: ['buyer'], orderLimit: { amountMinor: 100, currency: 'EUR' }, shipToIds: ['A-MAIN', 'D-B-MAIN'] },
    });

    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      { field: 'body.orderLimit.currency', code: 'currency_mismatch', message: 'the dealer trades in USD' },
      { field: 'body.shipToIds.1', code: 'unknown_ship_to', message: 'D-B-MAIN is not a ship-to of the dealer' },
    ]);
    expect(stack.directory.find('wrong@alpha.test')).toBeUndefined();
    expect(stack.directory.invitations.length).toBe(before);
  });
});

describe('PATCH /dealer/users/{userId}', () => {
  it('changes roles, limit and ship-tos; the directory groups follow', async () => {
    const target = dealerUser('D-A', 'u-a-change', ['viewer']);
    await seedUser(target);
    const response = await stack.call('PATCH', `/dealer/users/${target.userId}`, {
      token: await tokenOf(adminA),
      body: { roles: ['buyer', 'approver'], orderLimit: { amountMinor: 75_000, currency: 'USD' }, shipToIds: ['A-YARD'] },
    });

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ roles: ['buyer', 'approver'], orderLimit: { amountMinor: 75_000, currency: 'USD' }, shipToIds: ['A-YARD'] });
    expect([...(stack.directory.find(target.userId)?.groups ?? [])].sort()).toEqual(['approver', 'buyer']);
    expect(await users.get(target)).toMatchObject({ roles: ['buyer', 'approver'], shipToIds: ['A-YARD'] });

    const cleared = await stack.call('PATCH', `/dealer/users/${target.userId}`, { token: await tokenOf(adminA), body: { orderLimit: null, shipToIds: null } });
    expect(cleared.status).toBe(200);
    expect(cleared.body).toMatchObject({ orderLimit: null, shipToIds: null, roles: ['buyer', 'approver'] });
  });

  it("answers 404 to dealer B's admin for dealer A's user, and changes nothing (another dealer's ids cannot be probed)", async () => {
    const before = await users.get(buyerA);
    const response = await stack.call('PATCH', `/dealer/users/${buyerA.userId}`, { token: await tokenOf(adminB), body: { status: 'deactivated', roles: ['viewer'] } });
    const unknown = await stack.call('PATCH', '/dealer/users/u-nobody', { token: await tokenOf(adminB), body: { status: 'deactivated' } });

    expect(response.status).toBe(404);
    expect(response.body.code).toBe('not-found');
    expect({ ...unknown.body, instance: undefined, detail: undefined }).toEqual({ ...response.body, instance: undefined, detail: undefined });
    expect(await users.get(buyerA)).toEqual(before);
    expect(await users.get({ userId: buyerA.userId, dealerId: 'D-B' })).toBeUndefined();
    expect(stack.directory.find(buyerA.userId)).toMatchObject({ enabled: true });
    expect([...(stack.directory.find(buyerA.userId)?.groups ?? [])]).toEqual(['buyer']);
  });

  it.each([
    ['an empty change', {}, ['body']],
    ['no roles', { roles: [] }, ['body.roles']],
    ['a staff role', { roles: ['credit'] }, ['body.roles.0']],
    ['a negative limit', { orderLimit: { amountMinor: -1, currency: 'USD' } }, ['body.orderLimit.amountMinor']],
    ['an unknown status', { status: 'paused' }, ['body.status']],
    ['a ship-to of another dealer', { shipToIds: ['D-B-MAIN'] }, ['body.shipToIds.0']],
  ])('answers 400 for %s and changes nothing', async (_label, body, fields) => {
    const before = await users.get(buyerA);
    const response = await stack.call('PATCH', `/dealer/users/${buyerA.userId}`, { token: await tokenOf(adminA), body });

    expect(response.status).toBe(400);
    expect(errorFields(response.body)).toEqual(fields);
    expect(await users.get(buyerA)).toEqual(before);
  });

  it('answers 400 for a user id that cannot be one', async () => {
    const response = await stack.call('PATCH', '/dealer/users/bad%23id', { token: await tokenOf(adminA), body: { status: 'active' } });
    expect(response.status).toBe(400);
    expect(errorFields(response.body)).toEqual(['path.userId']);
  });

  it('refuses an admin locking themselves out: no self-deactivation, no dropping their own dealer-admin role', async () => {
    const token = await tokenOf(adminA);
    const deactivate = await stack.call('PATCH', `/dealer/users/${adminA.userId}`, { token, body: { status: 'deactivated' } });
    const demote = await stack.call('PATCH', `/dealer/users/${adminA.userId}`, { token, body: { roles: ['buyer'] } });

    expect([deactivate.status, deactivate.body.code, demote.status, demote.body.code]).toEqual([409, 'self-lockout', 409, 'self-lockout']);
    expect(await users.get(adminA)).toMatchObject({ status: 'active', roles: ['dealer-admin'] });

    const widen = await stack.call('PATCH', `/dealer/users/${adminA.userId}`, { token, body: { roles: ['dealer-admin', 'approver'] } });
    expect(widen.status).toBe(200);
  });

  it('keeps a dealer an active admin when two admins remove each other at once: exactly one change passes, the other is 409 last-dealer-admin', async () => {
    // Dealer C has no users of its own in these tests: its two admins are the whole roster.
    const one = dealerUser('D-C', 'u-c-admin-1', ['dealer-admin']);
    const two = dealerUser('D-C', 'u-c-admin-2', ['dealer-admin']);
    for (const user of [one, two]) await seedUser(user);
    const [tokenOne, tokenTwo] = await Promise.all([tokenOf(one), tokenOf(two)]);
    const activeAdmins = async () => (await Promise.all([one, two].map((u) => users.get(u)))).filter((u) => u?.status === 'active' && u.roles.includes('dealer-admin')).length;

    // Each way of removing an admin, raced both ways round: deactivation, then dropping the role.
    for (const body of [{ status: 'deactivated' }, { roles: ['buyer'] }]) {
      const [byOne, byTwo] = await Promise.all([
        stack.call('PATCH', `/dealer/users/${two.userId}`, { token: tokenOne, body }),
        stack.call('PATCH', `/dealer/users/${one.userId}`, { token: tokenTwo, body }),
      ]);
      const outcomes = [byOne, byTwo].map((r) => `${r.status} ${typeof r.body.code === 'string' ? r.body.code : ''}`).sort();
      // Overlapping, the loser is decided again and refused as the last admin; had the winner finished
      // first, the loser would be refused at the door (no longer an active admin) — never both 200.
      expect(outcomes[0]).toBe('200 ');
      expect(['409 last-dealer-admin', '403 user-inactive', '403 forbidden']).toContain(outcomes[1]);
      expect(await activeAdmins()).toBe(1);

      // The remaining admin restores the other (adding an admin is never refused).
      const [winner, loser] = byOne.status === 200 ? [tokenOne, two] : [tokenTwo, one];
      const restore = await stack.call('PATCH', `/dealer/users/${loser.userId}`, { token: winner, body: { status: 'active', roles: ['dealer-admin'] } });
      expect(restore.status).toBe(200);
      expect(await activeAdmins()).toBe(2);
    }
  });

  it("refuses a deactivated user's next request although their token is still valid; reactivation lets them back", async () => {
    const leaver = dealerUser('D-A', 'u-a-leaver', ['buyer']);
    await seedUser(leaver);
    const stillValid = await tokenOf(leaver);
    expect((await stack.call('GET', '/me', { token: stillValid })).status).toBe(200);

    const deactivated = await stack.call('PATCH', `/dealer/users/${leaver.userId}`, { token: await tokenOf(adminA), body: { status: 'deactivated' } });
    expect(deactivated.status).toBe(200);
    expect(deactivated.body.status).toBe('deactivated');

    const refused = await stack.call('GET', '/me', { token: stillValid });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    expect(refused.body.code).toBe('user-inactive');
    expect((await stack.call('GET', '/dealer/ship-tos', { token: stillValid })).status).toBe(403);
    // Nor can they sign in again: the directory user is disabled.
    expect(stack.directory.find(leaver.userId)?.enabled).toBe(false);
    await expect(tokenOf(leaver)).rejects.toThrow(/disabled/);

    const reactivated = await stack.call('PATCH', `/dealer/users/${leaver.userId}`, { token: await tokenOf(adminA), body: { status: 'active' } });
    expect(reactivated.status).toBe(200);
    expect((await stack.call('GET', '/me', { token: stillValid })).status).toBe(200);
    expect(stack.directory.find(leaver.userId)?.enabled).toBe(true);
  });
});

describe('GET /dealer/ship-tos', () => {
  it("shows the dealer's branches and ship-tos with their branch", async () => {
    const response = await stack.call('GET', '/dealer/ship-tos', { token: await tokenOf(adminA) });

    expect(response.status).toBe(200);
    expect(response.body.branches).toEqual([{ branchId: 'BR-NORTH', name: 'North' }]);
    expect((response.body.shipTos as { shipToId: string; branchId: string | null }[]).map((s) => [s.shipToId, s.branchId])).toEqual([
      ['A-MAIN', 'BR-NORTH'],
      ['A-YARD', null],
    ]);
  });

  it('shows a restricted user only their ship-tos', async () => {
    const response = await stack.call('GET', '/dealer/ship-tos', { token: await tokenOf(yardA) });
    expect((response.body.shipTos as { shipToId: string }[]).map((s) => s.shipToId)).toEqual(['A-YARD']);
  });

  it("never shows dealer B dealer A's ship-tos", async () => {
    const response = await stack.call('GET', '/dealer/ship-tos', { token: await tokenOf(buyerB) });
    expect((response.body.shipTos as { shipToId: string }[]).map((s) => s.shipToId)).toEqual(['D-B-MAIN']);
    expect(response.body.branches).toEqual([]);
  });
});

describe('GET /admin/dealers', () => {
  it('lists every dealer by name (case-insensitive) with tier, currency and status, a page at a time', async () => {
    const { seen, pages } = await listAll(await tokenOf(staff('portal-admin')), '/admin/dealers', 'dealers', 2);

    expect(pages).toBe(2);
    expect(seen).toEqual([
      { dealerId: 'D-A', name: 'Alpha Supply', tier: 'silver', currency: 'USD', status: 'active' },
      { dealerId: 'D-B', name: 'Bravo Parts', tier: 'gold', currency: 'USD', status: 'active' },
      { dealerId: 'D-C', name: 'charlie Hydraulics', tier: 'silver', currency: 'CAD', status: 'on-hold' },
    ]);
  });

  it('answers 400 for a cursor it did not make', async () => {
    const response = await stack.call('GET', `/admin/dealers?cursor=${encodeCursor({ d: 'D-A', s: 'PRODUCT#x' })}`, { token: await tokenOf(staff('credit')) });
    expect(response.status).toBe(400);
    expect(errorFields(response.body)).toEqual(['query.cursor']);
  });
});

describe('GET /admin/dealers/{dealerId}', () => {
  it('shows one dealer with branches, ship-tos and every user with roles and status', async () => {
    const response = await stack.call('GET', '/admin/dealers/D-B', { token: await tokenOf(staff('credit')) });

    expect(response.status).toBe(200);
    expect(response.body.dealer).toMatchObject({ dealerId: 'D-B', name: 'Bravo Parts', tier: 'gold', status: 'active', creditLimit: { amountMinor: 1_000_000, currency: 'USD' } });
    expect((response.body.users as { userId: string; roles: string[]; status: string }[]).map((u) => [u.userId, u.roles, u.status])).toEqual([
      ['u-b-admin', ['dealer-admin'], 'active'],
      ['u-b-buyer', ['buyer'], 'active'],
    ]);
    expect((response.body.shipTos as { shipToId: string }[]).map((s) => s.shipToId)).toEqual(['D-B-MAIN']);
  });

  it('answers 404 for an unknown dealer and 400 for an id that cannot be one', async () => {
    const token = await tokenOf(staff('sales-ops'));
    expect((await stack.call('GET', '/admin/dealers/D-NONE', { token })).status).toBe(404);
    const bad = await stack.call('GET', '/admin/dealers/a%23b', { token });
    expect(bad.status).toBe(400);
    expect(errorFields(bad.body)).toEqual(['path.dealerId']);
  });
});

describe('POST /admin/dealers/{dealerId}/users', () => {
  it('lets a portal admin onboard a new dealer’s first admin, who then manages the dealer’s users', async () => {
    await publishErpEvents(dealerUpserted, [dealerUpsertedDetail('D-NEW', { dealer: { name: 'Newco Supply' } })]);
    await stack.bus.drain();
    const response = await stack.call('POST', '/admin/dealers/D-NEW/users', {
      token: await tokenOf(staff('portal-admin')),
      body: { email: 'First.Admin@Newco.test', name: 'Fay First', roles: ['dealer-admin'] },
    });

    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body).toMatchObject({ email: 'first.admin@newco.test', roles: ['dealer-admin'], status: 'active' });
    const first = response.body.userId as string;
    expect(stack.directory.find(first)).toMatchObject({ attributes: { 'custom:dealerId': 'D-NEW' } });
    const token = await tokenOf(first);
    const own = await stack.call('GET', '/dealer/users', { token });
    expect(ids(own.body.users)).toEqual([first]);
    const invited = await stack.call('POST', '/dealer/users', { token, body: { email: 'buyer@newco.test', name: 'Bo Buyer', roles: ['buyer'] } });
    expect(invited.status).toBe(201);
  });

  it('is refused to other staff roles and to dealer users (403), 404 for an unknown dealer, 409 for a closed one, 400 for a bad body — each changing nothing', async () => {
    await publishErpEvents(dealerUpserted, [dealerUpsertedDetail('D-SHUT', { dealer: { name: 'Shut Down Ltd', status: 'closed' } })]);
    await stack.bus.drain();
    const body = { email: 'someone@newco.test', name: 'Some One', roles: ['dealer-admin'] };
    const admin = await tokenOf(staff('portal-admin'));
    const calls = {
      credit: await stack.call('POST', '/admin/dealers/D-A/users', { token: await tokenOf(staff('credit')), body }),
      dealerAdmin: await stack.call('POST', '/admin/dealers/D-A/users', { token: await tokenOf(adminA), body }),
      unknown: await stack.call('POST', '/admin/dealers/D-NOPE/users', { token: admin, body }),
      closed: await stack.call('POST', '/admin/dealers/D-SHUT/users', { token: admin, body }),
      bad: await stack.call('POST', '/admin/dealers/D-A/users', { token: admin, body: { ...body, roles: ['credit'] } }),
    };

    expect(Object.values(calls).map((r) => `${r.status} ${typeof r.body.code === 'string' ? r.body.code : ''}`)).toEqual([
      '403 forbidden',
      '403 forbidden',
      '404 not-found',
      '409 dealer-closed',
      '400 validation-failed',
    ]);
    expect(errorFields(calls.bad.body)).toEqual(['body.roles.0']);
    expect(stack.directory.find('someone@newco.test')).toBeUndefined();
    for (const dealerId of ['D-A', 'D-SHUT']) expect((await users.list(dealerId, { limit: 100 })).items.map((u) => u.email)).not.toContain(body.email);
  });
});

describe('DealerUpserted branches', () => {
  it('parks an event whose ship-to names a branch the dealer does not have, and stores nothing', async () => {
    const before = stack.bus.deadLetters.length;
    await publishErpEvents(dealerUpserted, [
      dealerUpsertedDetail('D-X', { dealer: { shipTos: [{ shipToId: 'X-1', name: 'X', address, preferredWarehouseId: 'WH-EAST', branchId: 'BR-GHOST' }] } }),
    ]);
    await stack.bus.drain();

    const letters = stack.bus.deadLetters.slice(before);
    expect(letters).toHaveLength(1);
    expect((JSON.parse(letters[0]!.error.message) as { field: string }[]).map((r) => r.field)).toEqual(['detail.dealer.shipTos.0.branchId']);
    expect((await stack.call('GET', '/admin/dealers/D-X', { token: await tokenOf(staff('portal-admin')) })).status).toBe(404);
  });
});
