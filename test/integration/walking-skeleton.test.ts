import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { dealerUpserted } from '#events/dealer-upserted';
import { DealerRepository } from '#functions/data/dealer-repository';
import { UserRepository } from '#functions/data/user-repository';
import { publishErpEvents } from '#local/erp';
import { createTokenIssuer } from '#local/token-issuer';
import { startTestStack, type TestStack } from '#test/support/local-stack';
import { dealerUpsertedDetail, dealerUser, subjectOf } from '#test/support/fixtures';

let stack: TestStack;
const buyerA = dealerUser('D-A', 'u-a-buyer', ['buyer']);
const buyerB = dealerUser('D-B', 'u-b-buyer', ['buyer']);
const restrictedA = dealerUser('D-A', 'u-a-yard', ['buyer'], { shipToIds: ['D-A-YARD'] });

beforeAll(async () => {
  stack = await startTestStack();
  const yard = {
    shipToId: 'D-A-YARD',
    name: 'Yard',
    address: { line1: '9 Dock Rd', city: 'Reno', postalCode: '89501', country: 'US' },
    preferredWarehouseId: 'WH-WEST',
  };
  await publishErpEvents(dealerUpserted, [
    dealerUpsertedDetail('D-A', { dealer: { name: 'Dealer A', shipTos: [dealerUpsertedDetail('D-A').dealer.shipTos[0]!, yard] } }),
    dealerUpsertedDetail('D-B', { dealer: { name: 'Dealer B' } }),
  ]);
  await stack.bus.drain();
  const users = new UserRepository(stack.documentClient, stack.tableName);
  await Promise.all([buyerA, buyerB, restrictedA].map((u) => users.put(u)));
});
afterAll(() => stack?.stop());

describe('GET /health', () => {
  it('answers without a token', async () => {
    const response = await stack.call('GET', '/health');
    expect(response.status).toBe(200);
    expect(response.body.status).toBe('ok');
  });
});

describe('routing', () => {
  it('answers 404 for a route the API does not declare, as API Gateway does', async () => {
    const response = await stack.call('GET', '/nope');
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ message: 'Not Found' });
  });
});

describe('GET /me', () => {
  it('returns the caller, their dealer and ship-tos', async () => {
    const response = await stack.call('GET', '/me', { token: await stack.token(subjectOf(buyerA)) });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      user: { userId: 'u-a-buyer' },
      roles: ['buyer'],
      dealer: { dealerId: 'D-A', name: 'Dealer A' },
    });
    expect((response.body.shipTos as { shipToId: string }[]).map((s) => s.shipToId).sort()).toEqual(['D-A-MAIN', 'D-A-YARD']);
  });

  it('shows a restricted user only their ship-tos', async () => {
    const response = await stack.call('GET', '/me', { token: await stack.token(subjectOf(restrictedA)) });
    expect((response.body.shipTos as { shipToId: string }[]).map((s) => s.shipToId)).toEqual(['D-A-YARD']);
  });

  it("never shows dealer B another dealer's data", async () => {
    const response = await stack.call('GET', '/me', { token: await stack.token(subjectOf(buyerB)) });
    expect(response.status).toBe(200);
    expect(response.body.dealer).toMatchObject({ dealerId: 'D-B' });
    expect(JSON.stringify(response.body)).not.toContain('D-A');
  });

  it('refuses a dealer-B user whose token claims dealer A (user unknown there)', async () => {
    const forged = await stack.token({ ...subjectOf(buyerB), dealerId: 'D-A' });
    const response = await stack.call('GET', '/me', { token: forged });
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.body.code).toBe('user-inactive');
  });

  it.each([
    ['no token', async () => undefined],
    ['a malformed token', async () => 'not-a-jwt'],
    ['an expired token', async () => stack.token(subjectOf(buyerA), { expiresInSeconds: -60 })],
    [
      'a tampered token',
      async () => {
        const [header, payload, signature] = (await stack.token(subjectOf(buyerB))).split('.');
        const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
        const altered = Buffer.from(JSON.stringify({ ...claims, 'custom:dealerId': 'D-A' })).toString('base64url');
        return `${header}.${altered}.${signature}`;
      },
    ],
    [
      'a token signed by another key with the same issuer',
      async () => {
        const other = await createTokenIssuer();
        other.setBaseUrl(stack.awsUrl);
        return other.mint(subjectOf(buyerA));
      },
    ],
    [
      'a token from another issuer',
      async () => {
        const other = await createTokenIssuer();
        other.setBaseUrl('http://127.0.0.1:9');
        return other.mint(subjectOf(buyerA));
      },
    ],
  ])('answers 401 for %s', async (_label, makeToken) => {
    const response = await stack.call('GET', '/me', { token: await makeToken() });
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ message: 'Unauthorized' });
  });
});

describe('DealerUpserted through the bus', () => {
  const dealers = () => new DealerRepository(stack.documentClient, stack.tableName);

  it('applies a newer revision, ignores a replay and an older revision', async () => {
    await publishErpEvents(dealerUpserted, [dealerUpsertedDetail('D-V', { revision: 5, dealer: { name: 'Five' } })]);
    await stack.bus.drain();
    await publishErpEvents(dealerUpserted, [
      dealerUpsertedDetail('D-V', { revision: 5, dealer: { name: 'Five again' } }),
      dealerUpsertedDetail('D-V', { revision: 3, dealer: { name: 'Three' } }),
    ]);
    await stack.bus.drain();
    expect((await dealers().get('D-V'))?.name).toBe('Five');

    await publishErpEvents(dealerUpserted, [dealerUpsertedDetail('D-V', { revision: 6, dealer: { name: 'Six', shipTos: [] } })]);
    await stack.bus.drain();
    const six = await dealers().getWithShipTos('D-V');
    expect(six.dealer).toMatchObject({ name: 'Six', revision: 6 });
    expect(six.shipTos).toEqual([]);
  });

  it('converges to the newest revision whatever the delivery order', async () => {
    const revisions = [4, 9, 1, 7, 9, 2];
    await publishErpEvents(
      dealerUpserted,
      revisions.map((r) => dealerUpsertedDetail('D-O', { revision: r, dealer: { name: `rev ${r}`, creditLimitMinor: r * 1000 } })),
    );
    await stack.bus.drain();
    expect(await dealers().get('D-O')).toMatchObject({ revision: 9, name: 'rev 9', creditLimit: { amountMinor: 9000, currency: 'USD' } });
  });

  it('parks an invalid event in the DLQ with reasons and stores nothing', async () => {
    const before = stack.bus.deadLetters.length;
    const bad = dealerUpsertedDetail('D-X', { dealer: { currency: 'dollars', creditLimitMinor: 10.5 } });
    await publishErpEvents(dealerUpserted, [bad]);
    await stack.bus.drain();
    const letters = stack.bus.deadLetters.slice(before);
    expect(letters).toHaveLength(1);
    expect(letters[0]!.error.type).toBe('InvalidEventError');
    const reasons = JSON.parse(letters[0]!.error.message) as { field: string }[];
    expect(reasons.map((r) => r.field).sort()).toEqual(['detail.dealer.creditLimitMinor', 'detail.dealer.currency']);
    expect(await dealers().get('D-X')).toBeUndefined();
  });
});
