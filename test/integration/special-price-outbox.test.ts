import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '#domain/identity';
import type { SpecialPriceRequest } from '#domain/special-price';
import type { EventPublisher } from '#functions/adapters/event-publisher';
import { SpecialPriceRepository } from '#functions/data/special-price-repository';
import { keys } from '#functions/data/table-design';
import { decideSpecialPrice, publishPendingApprovals } from '#functions/use-cases/special-prices';
import { startTestStack, type TestStack } from '#test/support/local-stack';

/**
 * The approval outbox on DynamoDB Local: an approval and its outbox entry are one write, so an approval
 * whose event the deciding call could not publish is published by the `specialPriceOutbox` schedule —
 * once, and only after the deciding call had its chance.
 */
let stack: TestStack;
let requests: SpecialPriceRepository;
const ops: Principal = { kind: 'staff', userId: 's-ops', roles: ['sales-ops'] };
const approval = { decision: 'approved' as const, unitPriceMinor: 7_200, currency: 'USD', validFrom: '2026-12-01', validTo: '2027-12-01' };
const decidedAt = '2026-11-30T10:00:00.000Z';
const minutesAfter = (minutes: number) => new Date(Date.parse(decidedAt) + minutes * 60_000).toISOString();

function pending(requestId: string): SpecialPriceRequest {
  return {
    requestId,
    dealerId: 'D-A',
    requestedBy: 'u-a-buyer',
    shipToId: 'D-A-MAIN',
    sku: 'PMP-1',
    quantity: 100,
    currency: 'USD',
    requestedUnitPriceMinor: 7_000,
    quotedUnitPriceMinor: 10_000,
    quotedPriceVersion: 'v2:abc',
    status: 'pending',
    createdAt: '2026-11-30T09:00:00.000Z',
  };
}

/** Records what it publishes; `failing` makes every publish throw as a refused PutEvents would. */
function publisher(failing = false) {
  const published: { requestId: string }[] = [];
  const events: EventPublisher = {
    publish: async (_contract, detail) => {
      if (failing) throw new Error('PutEvents failed');
      published.push(detail as { requestId: string });
    },
  };
  return { events, published };
}
const outbox = () => requests.unpublished('9999', 100);

beforeAll(async () => {
  stack = await startTestStack();
  requests = new SpecialPriceRepository(stack.documentClient, stack.tableName);
});
afterAll(() => stack?.stop());

describe('special-price approval outbox', () => {
  it('publishes an approval the deciding call could not, after the grace period, exactly once', async () => {
    await requests.create(pending('SPR-1'));
    const down = publisher(true);
    await expect(decideSpecialPrice(ops, 'SPR-1', approval, { requests, events: down.events, now: () => decidedAt })).rejects.toThrow('PutEvents failed');
    expect(await outbox()).toEqual([{ requestId: 'SPR-1', decidedAt }]);
    const stored = await requests.get('SPR-1');
    expect(stored?.status).toBe('approved');
    expect(stored).not.toHaveProperty('publishedAt');

    const up = publisher();
    // Within the grace period the deciding call may still be publishing: left alone.
    expect(await publishPendingApprovals({ requests, events: up.events, now: () => minutesAfter(1) })).toMatchObject({ published: 0 });
    expect(up.published).toEqual([]);

    expect(await publishPendingApprovals({ requests, events: up.events, now: () => minutesAfter(3) })).toEqual({ published: 1, cleared: 0, failed: 0, oldestAgeSeconds: 0 });
    expect(up.published).toMatchObject([{ requestId: 'SPR-1', unitPriceMinor: 7_200, dealerId: 'D-A' }]);
    expect(await outbox()).toEqual([]);
    expect((await requests.get('SPR-1'))?.publishedAt).toBe(minutesAfter(3));

    expect(await publishPendingApprovals({ requests, events: up.events, now: () => minutesAfter(8) })).toMatchObject({ published: 0, cleared: 0 });
    expect(up.published).toHaveLength(1);
  });

  it('leaves nothing in the outbox when the deciding call publishes, and writes none for a rejection', async () => {
    await Promise.all(['SPR-2', 'SPR-3'].map((id) => requests.create(pending(id))));
    const up = publisher();
    await decideSpecialPrice(ops, 'SPR-2', approval, { requests, events: up.events, now: () => decidedAt });
    await decideSpecialPrice(ops, 'SPR-3', { decision: 'rejected', reason: 'Below floor' }, { requests, events: up.events, now: () => decidedAt });

    expect(up.published.map((e) => e.requestId)).toEqual(['SPR-2']);
    expect(await outbox()).toEqual([]);
  });

  it('only clears an entry whose request was published (the call stopped before clearing it), and keeps one the bus still refuses', async () => {
    await Promise.all(['SPR-4', 'SPR-5'].map((id) => requests.create(pending(id))));
    const down = publisher(true);
    for (const id of ['SPR-4', 'SPR-5']) await expect(decideSpecialPrice(ops, id, approval, { requests, events: down.events, now: () => decidedAt })).rejects.toThrow();
    // SPR-4's event got out, but its entry was not cleared: as if only the publishedAt write landed.
    await requests.markPublished({ requestId: 'SPR-4', decidedAt: undefined }, minutesAfter(1));

    const stillDown = await publishPendingApprovals({ requests, events: down.events, now: () => minutesAfter(10) });
    expect(stillDown).toEqual({ published: 0, cleared: 1, failed: 1, oldestAgeSeconds: 600 });
    expect(await outbox()).toEqual([{ requestId: 'SPR-5', decidedAt }]);

    const up = publisher();
    expect(await publishPendingApprovals({ requests, events: up.events, now: () => minutesAfter(15) })).toMatchObject({ published: 1, failed: 0 });
    expect(up.published.map((e) => e.requestId)).toEqual(['SPR-5']);
    expect(await outbox()).toEqual([]);
  });

  it('drops an entry whose request no longer exists instead of failing on it every run', async () => {
    const entry = { requestId: 'SPR-GONE', decidedAt };
    await stack.documentClient.send(new PutCommand({ TableName: stack.tableName, Item: { ...keys.approvalOutboxEntry(decidedAt, 'SPR-GONE'), entity: 'approvalOutbox', ...entry } }));
    const up = publisher();

    expect(await publishPendingApprovals({ requests, events: up.events, now: () => minutesAfter(5) })).toEqual({ published: 0, cleared: 1, failed: 0, oldestAgeSeconds: 0 });
    expect(up.published).toEqual([]);
    expect(await outbox()).toEqual([]);
  });
});
