import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PortalUser } from '#domain/user';
import { categoryUpserted } from '#events/category-upserted';
import type { EventContract } from '#events/contract';
import { contractPriceUpserted } from '#events/contract-price-upserted';
import { dealerUpserted } from '#events/dealer-upserted';
import { priceListPublished } from '#events/price-list-published';
import { productUpserted } from '#events/product-upserted';
import { specialPriceApproved } from '#events/special-price-approved';
import type { EventPublisher } from '#functions/adapters/event-publisher';
import { SpecialPriceRepository } from '#functions/data/special-price-repository';
import { keys } from '#functions/data/table-design';
import { UserRepository } from '#functions/data/user-repository';
import { decideSpecialPrice } from '#functions/use-cases/special-prices';
import { publishErpEvents } from '#local/erp';
import { categoryDetail, productDetail } from '#test/support/catalog-fixtures';
import { dealerUpsertedDetail, dealerUser, subjectOf } from '#test/support/fixtures';
import { startTestStack, type TestStack } from '#test/support/local-stack';

/**
 * Special-price requests end to end: dealers ask (POST /quotes/special-price-requests), sales-ops
 * lists and decides through the real gateway and middleware on DynamoDB Local, approvals go out on
 * the bus, and the ERP's contract price comes back through the existing consumer.
 */
let stack: TestStack;
const buyerA = dealerUser('D-A', 'u-a-buyer', ['buyer']);
const viewerA = dealerUser('D-A', 'u-a-viewer', ['viewer']);
const buyerB = dealerUser('D-B', 'u-b-buyer', ['buyer']);
const staff = (userId: string, role: 'sales-ops' | 'portal-admin' | 'credit'): PortalUser => ({ userId, email: `${userId}@staff.test`, name: userId, roles: [role], status: 'active' });
const ops = staff('s-ops', 'sales-ops');
const ops2 = staff('s-ops-2', 'sales-ops');
const admin = staff('s-admin', 'portal-admin');
const credit = staff('s-credit', 'credit');
const at = '2026-11-30T09:00:00Z';

async function publish<S extends EventContract['detail']>(contract: EventContract<S>, details: readonly unknown[]) {
  await publishErpEvents(contract, details);
  await stack.bus.drain();
}

const as = async (user: PortalUser) => stack.token(subjectOf(user));
interface RequestBody {
  requestId: string;
  dealerId: string;
  status: string;
  sku: string;
  decidedBy: string | null;
  decidedAt: string | null;
  approved: { unitPriceMinor: number; currency: string; validFrom: string; validTo: string } | null;
  rejectionReason: string | null;
}
interface ListBody {
  requests: RequestBody[];
  nextCursor: string | null;
}

async function ask(user: PortalUser, sku = 'PMP-1', requestedUnitPriceMinor = 7_000): Promise<string> {
  const response = await stack.call('POST', '/quotes/special-price-requests', {
    token: await as(user),
    body: { shipToId: `${user.dealerId}-MAIN`, sku, quantity: 100, requestedUnitPriceMinor },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.requestId as string;
}
const list = async (user: PortalUser, path: string) => {
  const response = await stack.call('GET', path, { token: await as(user) });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as unknown as ListBody;
};
const decide = async (user: PortalUser, requestId: string, body: unknown) => stack.call('POST', `/special-price-requests/${requestId}/decision`, { token: await as(user), body });
const approval = (overrides: Record<string, unknown> = {}) => ({ decision: 'approved', unitPriceMinor: 7_200, currency: 'USD', validFrom: '2026-12-01', validTo: '2099-01-01', ...overrides });
const approvedEvents = () => stack.bus.archive.filter((e) => e.source === specialPriceApproved.source && e['detail-type'] === specialPriceApproved.detailType);
const eventsFor = (requestId: string) => approvedEvents().filter((e) => (e.detail as { requestId: string }).requestId === requestId);

beforeAll(async () => {
  stack = await startTestStack();
  const users = new UserRepository(stack.documentClient, stack.tableName);
  await Promise.all([buyerA, viewerA, buyerB, ops, ops2, admin, credit].map((u) => users.put(u)));
  await publish(dealerUpserted, [dealerUpsertedDetail('D-A'), dealerUpsertedDetail('D-B')]);
  await publish(categoryUpserted, [categoryDetail('pumps', { name: 'Pumps' })]);
  await publish(productUpserted, ['PMP-1', 'PMP-2', 'PMP-3'].map((sku) => productDetail(sku, { categoryId: 'pumps', attributes: {}, packSize: 1, minimumOrderQuantity: 1, orderMultiple: 1 })));
  await publish(priceListPublished, [
    {
      schemaVersion: 1,
      occurredAt: at,
      priceListId: 'LIST-USD',
      currency: 'USD',
      version: 1,
      effectiveFrom: '2020-01-01',
      part: { index: 0, count: 1 },
      items: [
        { sku: 'PMP-1', amountMinor: 10_000 },
        { sku: 'PMP-2', amountMinor: 5_000 },
        { sku: 'PMP-3', amountMinor: 2_000 },
      ],
    },
  ]);
  expect(stack.bus.deadLetters).toEqual([]);
});
afterAll(() => stack?.stop());

describe('GET /special-price-requests (sales-ops queue)', () => {
  it('lists one status newest first, a page at a time, optionally of one dealer', async () => {
    const a1 = await ask(buyerA, 'PMP-1');
    const b1 = await ask(buyerB, 'PMP-2');
    const a2 = await ask(buyerA, 'PMP-3');

    const all = await list(ops, '/special-price-requests');
    expect(all.requests.map((r) => r.requestId).slice(0, 3)).toEqual([a2, b1, a1]);
    expect(all.requests.every((r) => r.status === 'pending')).toBe(true);

    const first = await list(ops, '/special-price-requests?status=pending&limit=2');
    const second = await list(ops, `/special-price-requests?status=pending&limit=2&cursor=${first.nextCursor}`);
    expect([...first.requests, ...second.requests].map((r) => r.requestId)).toEqual(all.requests.map((r) => r.requestId).slice(0, 4));

    const onlyA = await list(admin, '/special-price-requests?status=pending&dealerId=D-A');
    expect(onlyA.requests.map((r) => r.requestId)).toEqual([a2, a1]);
    expect(onlyA.nextCursor).toBeNull();
  });

  it('answers 400 for an unknown status or a forged cursor, 403 for credit and dealers', async () => {
    expect((await stack.call('GET', '/special-price-requests?status=maybe', { token: await as(ops) })).status).toBe(400);
    const forged = await stack.call('GET', '/special-price-requests?cursor=bm90LWEtY3Vyc29y', { token: await as(ops) });
    expect(forged.status).toBe(400);
    expect((forged.body.errors as { field: string }[])[0]?.field).toBe('query.cursor');
    expect((await stack.call('GET', '/special-price-requests', { token: await as(credit) })).status).toBe(403);
    expect((await stack.call('GET', '/special-price-requests', { token: await as(buyerA) })).status).toBe(403);
  });
});

describe('GET /quotes/special-price-requests (a dealer’s own requests)', () => {
  it('shows the caller’s dealer’s requests of every status, newest first, and never another dealer’s', async () => {
    const pending = await ask(buyerA, 'PMP-2');
    const rejected = await ask(buyerA, 'PMP-3');
    expect((await decide(ops, rejected, { decision: 'rejected', reason: 'Below floor' })).status).toBe(200);
    const approved = await ask(buyerA, 'PMP-1');
    expect((await decide(ops, approved, approval())).status).toBe(200);

    const mine = await list(viewerA, '/quotes/special-price-requests');
    expect(mine.requests.slice(0, 3).map((r) => [r.requestId, r.status])).toEqual([
      [approved, 'approved'],
      [rejected, 'rejected'],
      [pending, 'pending'],
    ]);
    expect(mine.requests.find((r) => r.requestId === rejected)?.rejectionReason).toBe('Below floor');
    expect(mine.requests.every((r) => r.dealerId === 'D-A')).toBe(true);

    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page: ListBody = await list(buyerA, `/quotes/special-price-requests?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      paged.push(...page.requests.map((r) => r.requestId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toEqual(mine.requests.map((r) => r.requestId));

    const onlyRejected = await list(buyerA, '/quotes/special-price-requests?status=rejected');
    expect(onlyRejected.requests.map((r) => r.status)).toEqual(onlyRejected.requests.map(() => 'rejected'));
    expect(onlyRejected.requests.map((r) => r.requestId)).toContain(rejected);
  });

  it('shows a user restricted to some ship-tos only the requests made for those', async () => {
    const id = await ask(buyerA, 'PMP-2');
    const elsewhere = dealerUser('D-A', 'u-a-branch-buyer', ['buyer'], { shipToIds: ['D-A-BRANCH'] });
    const here = dealerUser('D-A', 'u-a-main-buyer', ['buyer'], { shipToIds: ['D-A-MAIN'] });
    const users = new UserRepository(stack.documentClient, stack.tableName);
    await Promise.all([elsewhere, here].map((u) => users.put(u)));

    const all = await list(buyerA, '/quotes/special-price-requests');
    expect(all.requests.map((r) => r.requestId)).toContain(id);
    expect((await list(here, '/quotes/special-price-requests')).requests.map((r) => r.requestId)).toEqual(all.requests.map((r) => r.requestId));
    for (const path of ['/quotes/special-price-requests', '/quotes/special-price-requests?status=pending']) {
      const page = await list(elsewhere, path);
      expect(page.requests).toEqual([]);
    }
  });

  it('cross-dealer: dealer B sees none of dealer A’s requests, even with a cursor taken from dealer A’s listing', async () => {
    await ask(buyerA, 'PMP-1');
    const a = await list(buyerA, '/quotes/special-price-requests?limit=1');
    const b = await list(buyerB, '/quotes/special-price-requests');
    const bWithACursor = await list(buyerB, `/quotes/special-price-requests?cursor=${a.nextCursor}`);

    expect(b.requests.length).toBeGreaterThan(0);
    for (const page of [b, bWithACursor]) expect(page.requests.every((r) => r.dealerId === 'D-B')).toBe(true);
    expect((await stack.call('GET', '/quotes/special-price-requests', { token: await as(ops) })).status).toBe(403);
  });
});

describe('POST /special-price-requests/{requestId}/decision', () => {
  it('approves once: stores who and when, moves it to the approved queue and publishes SpecialPriceApproved', async () => {
    const requestId = await ask(buyerA, 'PMP-2', 4_000);

    const response = await decide(ops, requestId, approval({ unitPriceMinor: 4_200, comment: 'Matches competitor' }));

    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({ requestId, status: 'approved', decidedBy: 's-ops', approved: { unitPriceMinor: 4_200, currency: 'USD', validFrom: '2026-12-01', validTo: '2099-01-01', comment: 'Matches competitor' } });
    expect(Date.parse(response.body.decidedAt as string)).not.toBeNaN();
    const { Item } = await stack.documentClient.send(new GetCommand({ TableName: stack.tableName, Key: keys.specialPriceRequest(requestId) }));
    expect(Item).toMatchObject({ status: 'approved', decidedBy: 's-ops', gsi1pk: 'SPECIALPRICE#approved', gsi2pk: 'SPECIALPRICE#D-A#approved' });
    expect(Item?.publishedAt).toBeDefined();

    const events = eventsFor(requestId);
    expect(events).toHaveLength(1);
    expect(specialPriceApproved.detail.parse(events[0]?.detail)).toMatchObject({ dealerId: 'D-A', sku: 'PMP-2', unitPriceMinor: 4_200, currency: 'USD', approvedBy: 's-ops', requestedUnitPriceMinor: 4_000, quotedUnitPriceMinor: 5_000 });

    expect((await list(ops, '/special-price-requests?status=pending')).requests.map((r) => r.requestId)).not.toContain(requestId);
    expect((await list(ops, '/special-price-requests?status=approved')).requests.map((r) => r.requestId)).toContain(requestId);
  });

  it('rejects with a reason and publishes nothing; a second decision is 409 special-price-request-closed', async () => {
    const requestId = await ask(buyerA, 'PMP-3');

    const rejected = await decide(ops, requestId, { decision: 'rejected', reason: 'Below cost' });
    const again = await decide(ops2, requestId, approval());

    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', rejectionReason: 'Below cost', approved: null });
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toBe('application/problem+json');
    expect(again.body.code).toBe('special-price-request-closed');
    expect(eventsFor(requestId)).toEqual([]);
  });

  it('of two concurrent decisions exactly one wins; the other gets 409 and changes nothing', async () => {
    for (let round = 0; round < 5; round++) {
      const requestId = await ask(buyerA, 'PMP-1');
      const [first, second] = await Promise.all([decide(ops, requestId, approval({ unitPriceMinor: 7_100 + round })), decide(ops2, requestId, { decision: 'rejected', reason: `race ${round}` })]);

      const statuses = [first.status, second.status].sort();
      expect(statuses).toEqual([200, 409]);
      const loser = first.status === 409 ? first : second;
      expect(loser.body.code).toBe('special-price-request-closed');
      const winner = first.status === 200 ? first : second;
      const { Item } = await stack.documentClient.send(new GetCommand({ TableName: stack.tableName, Key: keys.specialPriceRequest(requestId), ConsistentRead: true }));
      expect(Item?.status).toBe(winner.body.status);
      expect(Item?.decidedBy).toBe(first.status === 200 ? 's-ops' : 's-ops-2');
      expect(eventsFor(requestId)).toHaveLength(Item?.status === 'approved' ? 1 : 0);
    }
  });

  it('lets exactly one of ten racing sales-ops decisions through', async () => {
    const requestId = await ask(buyerA, 'PMP-2');
    const responses = await Promise.all(Array.from({ length: 10 }, (_, i) => decide(i % 2 ? ops : ops2, requestId, approval({ unitPriceMinor: 4_000 + i }))));

    expect(responses.filter((r) => r.status === 200)).toHaveLength(1);
    expect(responses.filter((r) => r.status === 409 && r.body.code === 'special-price-request-closed')).toHaveLength(9);
    expect(eventsFor(requestId)).toHaveLength(1);
  });

  it('checks the decision against the request: currency, price, window; reasons per field', async () => {
    const requestId = await ask(buyerA, 'PMP-1');

    const wrong = await decide(ops, requestId, approval({ currency: 'CAD', unitPriceMinor: 0, validFrom: '2020-01-01', validTo: '2020-06-01' }));
    const malformed = await decide(ops, requestId, { decision: 'approved', unitPriceMinor: 10.5, currency: 'usd', validFrom: 'tomorrow' });
    const noReason = await decide(ops, requestId, { decision: 'rejected' });

    expect(wrong.status).toBe(400);
    expect((wrong.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['body.currency', 'body.unitPriceMinor', 'body.validTo']);
    expect(malformed.status).toBe(400);
    expect((malformed.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['body.currency', 'body.unitPriceMinor', 'body.validFrom', 'body.validTo']);
    expect(noReason.status).toBe(400);
    expect((await decide(ops, requestId, approval())).status).toBe(200);
  });

  it('answers 404 for an unknown request and 403 for portal admins and dealers', async () => {
    const requestId = await ask(buyerA, 'PMP-3');
    expect((await decide(ops, '01J0000000000000000000NOPE', approval())).status).toBe(404);
    expect((await decide(admin, requestId, approval())).status).toBe(403);
    expect((await decide(buyerA, requestId, approval())).status).toBe(403);
    expect(eventsFor(requestId)).toEqual([]);
  });

  it('becomes quotable when the ERP sends the contract price back (ContractPriceUpserted)', async () => {
    const requestId = await ask(buyerA, 'PMP-3', 1_500);
    await decide(ops, requestId, approval({ unitPriceMinor: 1_600 }));
    const detail = specialPriceApproved.detail.parse(eventsFor(requestId)[0]?.detail);

    // The ERP's side of the loop: a contract price from the approval.
    await publish(contractPriceUpserted, [
      { schemaVersion: 1, revision: 1, occurredAt: at, contractId: `SP-${detail.requestId}`, dealerId: detail.dealerId, sku: detail.sku, currency: detail.currency, amountMinor: detail.unitPriceMinor, validFrom: '2020-01-01', validTo: detail.validTo },
    ]);
    const quoted = await stack.call('POST', '/quotes', { token: await as(buyerA), body: { shipToId: 'D-A-MAIN', lines: [{ sku: 'PMP-3', quantity: 1 }] } });
    const quotedB = await stack.call('POST', '/quotes', { token: await as(buyerB), body: { shipToId: 'D-B-MAIN', lines: [{ sku: 'PMP-3', quantity: 1 }] } });

    expect((quoted.body.lines as { unitPriceMinor: number }[])[0]?.unitPriceMinor).toBe(1_600);
    expect((quotedB.body.lines as { unitPriceMinor: number }[])[0]?.unitPriceMinor).toBe(2_000);
  });
});

describe('a failed publish', () => {
  it('keeps the decision, and the same decision repeated publishes it; a different one is still 409', async () => {
    const requestId = await ask(buyerA, 'PMP-1');
    const published: unknown[] = [];
    let failures = 1;
    const events: EventPublisher = {
      async publish(contract, detail) {
        if (failures-- > 0) throw new Error('bus unavailable');
        published.push(contract.detail.parse(detail));
      },
    };
    const deps = { requests: new SpecialPriceRepository(stack.documentClient, stack.tableName), events, now: () => new Date().toISOString() };
    const principal = { kind: 'staff' as const, userId: 's-ops', roles: ['sales-ops' as const] };
    const decision = { decision: 'approved' as const, unitPriceMinor: 7_300, currency: 'USD', validFrom: '2026-12-01', validTo: '2099-01-01' };

    await expect(decideSpecialPrice(principal, requestId, decision, deps)).rejects.toThrow(/bus unavailable/);
    const stored = await deps.requests.get(requestId);
    expect(stored).toMatchObject({ status: 'approved', decidedBy: 's-ops' });
    expect(stored?.publishedAt).toBeUndefined();

    await expect(decideSpecialPrice({ ...principal, userId: 's-ops-2' }, requestId, decision, deps)).rejects.toMatchObject({ code: 'special-price-request-closed' });
    await expect(decideSpecialPrice(principal, requestId, { ...decision, unitPriceMinor: 1 }, deps)).rejects.toMatchObject({ code: 'special-price-request-closed' });
    expect(await decideSpecialPrice(principal, requestId, decision, deps)).toMatchObject({ status: 'approved' });
    expect(published).toHaveLength(1);
    expect((await deps.requests.get(requestId))?.publishedAt).toBeDefined();
    await expect(decideSpecialPrice(principal, requestId, decision, deps)).rejects.toMatchObject({ code: 'special-price-request-closed' });
  });
});
