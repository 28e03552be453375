import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PortalUser } from '#domain/user';
import { categoryUpserted } from '#events/category-upserted';
import type { EventContract } from '#events/contract';
import { contractPriceExpired } from '#events/contract-price-expired';
import { contractPriceUpserted, type ContractPriceUpsertedDetail } from '#events/contract-price-upserted';
import { dealerEntitlementsSet } from '#events/dealer-entitlements-set';
import { dealerUpserted } from '#events/dealer-upserted';
import { priceListPublished, type PriceListPublishedDetail } from '#events/price-list-published';
import { pricingTierUpserted } from '#events/pricing-tier-upserted';
import { productDiscontinued } from '#events/product-discontinued';
import { productUpserted } from '#events/product-upserted';
import { promotionEnded } from '#events/promotion-ended';
import { promotionUpserted, type PromotionUpsertedDetail } from '#events/promotion-upserted';
import { CatalogRepository } from '#functions/data/catalog-repository';
import { DealerRepository } from '#functions/data/dealer-repository';
import { EntitlementRepository } from '#functions/data/entitlement-repository';
import { PriceRepository } from '#functions/data/price-repository';
import { keys } from '#functions/data/table-design';
import { UserRepository } from '#functions/data/user-repository';
import { quote } from '#functions/use-cases/quotes';
import { publishErpEvents } from '#local/erp';
import { categoryDetail, discontinuedDetail, entitlementsDetail, productDetail } from '#test/support/catalog-fixtures';
import { dealerUpsertedDetail, dealerUser, subjectOf } from '#test/support/fixtures';
import { startTestStack, type TestStack } from '#test/support/local-stack';

/**
 * Pricing end to end: ERP price data through the bus into the table, then quotes through the real
 * gateway and middleware, including another dealer's view of the same SKUs.
 */
let stack: TestStack;
const buyerA = dealerUser('D-A', 'u-a-buyer', ['buyer']);
const viewerA = dealerUser('D-A', 'u-a-viewer', ['viewer']);
const buyerB = dealerUser('D-B', 'u-b-buyer', ['buyer']);
const salesOps: PortalUser = { userId: 's-ops', email: 's-ops@staff.test', name: 's-ops', roles: ['sales-ops'], status: 'active' };

async function publish<S extends EventContract['detail']>(contract: EventContract<S>, details: readonly unknown[]) {
  await publishErpEvents(contract, details);
  await stack.bus.drain();
}

const at = '2026-11-30T09:00:00Z';
const listPart = (index: number, count: number, items: PriceListPublishedDetail['items'], version = 1): PriceListPublishedDetail => ({
  schemaVersion: 1,
  occurredAt: at,
  priceListId: 'LIST-USD',
  currency: 'USD',
  version,
  effectiveFrom: '2020-01-01',
  part: { index, count },
  items,
});
const contractDetail = (overrides: Partial<ContractPriceUpsertedDetail> = {}): ContractPriceUpsertedDetail => ({
  schemaVersion: 1,
  revision: 1,
  occurredAt: at,
  contractId: 'K-A-1',
  dealerId: 'D-A',
  sku: 'PMP-2',
  currency: 'USD',
  amountMinor: 4_000,
  validFrom: '2020-01-01',
  breaks: [{ minQuantity: 50, adjustment: { kind: 'fixed-price', amountMinor: 3_500 } }],
  ...overrides,
});
const promotion = (overrides: Partial<PromotionUpsertedDetail>): PromotionUpsertedDetail => ({
  schemaVersion: 1,
  revision: 1,
  occurredAt: at,
  promotionId: 'PROMO-1',
  name: 'Promotion',
  target: {},
  benefit: { kind: 'percent-off', bps: 500 },
  stacking: 'stackable',
  validFrom: '2020-01-01',
  validTo: '2099-01-01',
  ...overrides,
});

interface QuoteBody {
  currency: string;
  totalMinor: number;
  complete: boolean;
  priceVersion: string;
  lines: {
    sku: string;
    unitPriceMinor: number | null;
    extendedPriceMinor: number | null;
    priceVersion: string | null;
    explanation: { step: string; source: { kind: string; id: string; revision: number }; unitPriceMinor: number }[];
    problems: { code: string }[];
  }[];
}

const postQuote = async (user: PortalUser, body: unknown) => stack.call('POST', '/quotes', { token: await stack.token(subjectOf(user)), body });
const quoteOf = async (user: PortalUser, lines: { sku: string; quantity: number }[], shipToId = `${user.dealerId}-MAIN`) => {
  const response = await postQuote(user, { shipToId, lines });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as unknown as QuoteBody;
};
const steps = (line: QuoteBody['lines'][number] | undefined) => line?.explanation.map((s) => [s.step, s.source.id, s.unitPriceMinor]);

beforeAll(async () => {
  stack = await startTestStack();
  const users = new UserRepository(stack.documentClient, stack.tableName);
  await Promise.all([buyerA, viewerA, buyerB, salesOps].map((u) => users.put(u)));
  await publish(dealerUpserted, [dealerUpsertedDetail('D-A', { dealer: { tier: 'gold' } }), dealerUpsertedDetail('D-B', { dealer: { tier: 'silver' } })]);
  await publish(categoryUpserted, [categoryDetail('hydraulics', { name: 'Hydraulics' }), categoryDetail('pumps', { name: 'Pumps', parentId: 'hydraulics' }), categoryDetail('bearings', { name: 'Bearings' })]);
  const product = (sku: string, categoryId: string, moq = 1, multiple = 1) =>
    productDetail(sku, { categoryId, attributes: {}, packSize: 1, minimumOrderQuantity: moq, orderMultiple: multiple });
  await publish(productUpserted, [product('PMP-1', 'pumps'), product('PMP-2', 'pumps', 10, 5), product('PMP-3', 'pumps'), product('BRG-9', 'bearings'), product('OLD-1', 'pumps')]);
  await publish(productDiscontinued, [discontinuedDetail('OLD-1', 2, 'PMP-1')]);
  await publish(dealerEntitlementsSet, [entitlementsDetail('D-B', { kind: 'restricted', categoryIds: ['hydraulics'], skus: [] })]);
  await publish(pricingTierUpserted, [{ schemaVersion: 1, revision: 1, occurredAt: at, tierId: 'gold', discountBps: 1_000, categoryDiscountBps: { pumps: 1_500 } }]);
  await publish(contractPriceUpserted, [contractDetail()]);
  await publish(promotionUpserted, [
    promotion({ promotionId: 'PROMO-GOLD-PUMPS', target: { tiers: ['gold'], categoryIds: ['hydraulics'] } }),
    promotion({ promotionId: 'PROMO-B', target: { dealerIds: ['D-B'] }, benefit: { kind: 'amount-off', amountMinor: 100, currency: 'USD' }, stacking: 'exclusive' }),
  ]);
  expect(stack.bus.deadLetters).toEqual([]);
});
afterAll(() => stack?.stop());

describe('PriceListPublished', () => {
  it('keeps a half delivered list invisible, and publishes it when the last part arrives', async () => {
    await publish(priceListPublished, [listPart(0, 2, [{ sku: 'PMP-1', amountMinor: 10_000, floorMinor: 6_000, breaks: [{ minQuantity: 10, adjustment: { kind: 'percent-off', bps: 500 } }] }])]);

    const half = await quoteOf(buyerA, [{ sku: 'PMP-1', quantity: 1 }]);
    expect(half.lines[0]?.problems.map((p) => p.code)).toEqual(['no-price']);

    await publish(priceListPublished, [listPart(1, 2, [{ sku: 'PMP-2', amountMinor: 5_000 }, { sku: 'BRG-9', amountMinor: 2_000 }])]);
    await publish(priceListPublished, [listPart(1, 2, [{ sku: 'PMP-2', amountMinor: 5_000 }, { sku: 'BRG-9', amountMinor: 2_000 }])]);

    const whole = await quoteOf(buyerA, [{ sku: 'PMP-1', quantity: 1 }]);
    expect(whole.lines[0]?.unitPriceMinor).toBe(8_075); // 10 000 - 15 % pumps tier - 5 % promotion
    expect(stack.bus.deadLetters).toEqual([]);
  });

  it('parks an invalid part in the DLQ with reasons', async () => {
    await publish(priceListPublished, [{ ...listPart(2, 2, [{ sku: 'PMP-1', amountMinor: -1 }]) }]);

    expect(stack.bus.deadLetters.length).toBe(1);
    expect(JSON.stringify(stack.bus.deadLetters[0])).toMatch(/part|amountMinor/);
    stack.bus.deadLetters.length = 0;
  });
});

describe('POST /quotes', () => {
  it('prices every line with its explanation, price version and the order total', async () => {
    const body = await quoteOf(buyerA, [
      { sku: 'PMP-1', quantity: 10 },
      { sku: 'PMP-2', quantity: 50 },
    ]);

    expect(steps(body.lines[0])).toEqual([
      ['list', 'LIST-USD', 10_000],
      ['tier', 'gold', 8_500],
      ['volume-break', 'LIST-USD@1', 8_075],
      ['promotion', 'PROMO-GOLD-PUMPS', 7_671], // 7 671.25 rounds half-even to 7 671
    ]);
    expect(steps(body.lines[1])).toEqual([
      ['contract', 'K-A-1', 4_000],
      ['volume-break', 'K-A-1', 3_500],
      ['promotion', 'PROMO-GOLD-PUMPS', 3_325],
    ]);
    expect(body.lines.map((l) => l.extendedPriceMinor)).toEqual([76_710, 166_250]);
    expect(body).toMatchObject({ currency: 'USD', totalMinor: 76_710 + 166_250, complete: true });
    expect(body.lines[0]?.priceVersion).toMatch(/^[0-9a-f]{16}$/);
  });

  it("never gives dealer B dealer A's contract price, even for the same SKU", async () => {
    const body = await quoteOf(buyerB, [{ sku: 'PMP-2', quantity: 50 }]);

    expect(steps(body.lines[0])).toEqual([
      ['list', 'LIST-USD', 5_000],
      ['promotion', 'PROMO-B', 4_900],
    ]);
    expect(JSON.stringify(body)).not.toMatch(/K-A-1|PROMO-GOLD/);
  });

  it('answers per-line problems: unknown, outside the catalog, discontinued, no price, packaging', async () => {
    const body = await quoteOf(buyerB, [
      { sku: 'NOPE-1', quantity: 1 },
      { sku: 'BRG-9', quantity: 1 },
      { sku: 'OLD-1', quantity: 1 },
      { sku: 'PMP-3', quantity: 1 },
      { sku: 'PMP-2', quantity: 7 },
    ]);

    expect(body.lines.map((l) => [l.sku, l.problems.map((p) => p.code), l.unitPriceMinor])).toEqual([
      ['NOPE-1', ['unknown-sku'], null],
      ['BRG-9', ['unknown-sku'], null],
      ['OLD-1', ['discontinued'], null],
      ['PMP-3', ['no-price'], null],
      ['PMP-2', ['below-minimum-order-quantity', 'not-order-multiple'], 4_900],
    ]);
    expect(body).toMatchObject({ complete: false, totalMinor: 7 * 4_900 });
  });

  it('changes the price version when a record that set the price changes, and ignores stale revisions', async () => {
    const line = [{ sku: 'PMP-2', quantity: 50 }];
    const before = (await quoteOf(buyerA, line)).lines[0]?.priceVersion;

    await publish(contractPriceUpserted, [contractDetail({ revision: 2 })]);
    const after = (await quoteOf(buyerA, line)).lines[0];
    await publish(contractPriceUpserted, [contractDetail({ revision: 1, amountMinor: 1 })]);
    const stale = (await quoteOf(buyerA, line)).lines[0];

    expect(after?.unitPriceMinor).toBe(3_325);
    expect(after?.priceVersion).not.toBe(before);
    expect(stale?.priceVersion).toBe(after?.priceVersion);
  });

  it('falls back to list once a contract expires and a promotion once it ends', async () => {
    await publish(contractPriceUpserted, [contractDetail({ sku: 'PMP-1', contractId: 'K-A-2', amountMinor: 7_000 })]);
    expect((await quoteOf(buyerA, [{ sku: 'PMP-1', quantity: 1 }])).lines[0]?.unitPriceMinor).toBe(6_650);

    await publish(contractPriceExpired, [{ schemaVersion: 1, revision: 2, occurredAt: at, contractId: 'K-A-2', dealerId: 'D-A', sku: 'PMP-1' }]);
    await publish(promotionEnded, [{ schemaVersion: 1, revision: 2, occurredAt: at, promotionId: 'PROMO-GOLD-PUMPS' }]);
    await publish(promotionUpserted, [promotion({ promotionId: 'PROMO-GOLD-PUMPS', revision: 1, target: { tiers: ['gold'] } })]);

    expect(steps((await quoteOf(buyerA, [{ sku: 'PMP-1', quantity: 1 }])).lines[0])).toEqual([
      ['list', 'LIST-USD', 10_000],
      ['tier', 'gold', 8_500],
    ]);
  });

  it('answers 400 problem+json naming each bad line and field', async () => {
    const response = await postQuote(buyerA, { shipToId: 'D-A-MAIN', lines: [{ sku: 'PMP-1', quantity: 1 }, { sku: 'PMP-1', quantity: 0 }, { sku: 'bad sku', quantity: 1.5 }] });

    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(((response.body.errors ?? []) as { field: string }[]).map((e) => e.field).sort()).toEqual(['body.lines.1.quantity', 'body.lines.2.quantity', 'body.lines.2.sku']);

    const tooMany = await postQuote(buyerA, { shipToId: 'D-A-MAIN', lines: Array.from({ length: 501 }, () => ({ sku: 'PMP-1', quantity: 1 })) });
    expect(tooMany.status).toBe(400);
  });

  it("answers 404 for another dealer's ship-to and 403 for staff", async () => {
    expect((await postQuote(buyerA, { shipToId: 'D-B-MAIN', lines: [{ sku: 'PMP-1', quantity: 1 }] })).status).toBe(404);
    expect((await postQuote(salesOps, { shipToId: 'D-A-MAIN', lines: [{ sku: 'PMP-1', quantity: 1 }] })).status).toBe(403);
    expect((await postQuote(viewerA, { shipToId: 'D-A-MAIN', lines: [{ sku: 'PMP-1', quantity: 1 }] })).status).toBe(200);
  });
});

describe('POST /quotes/special-price-requests', () => {
  it('stores a pending request with the price quoted when it was made', async () => {
    const response = await stack.call('POST', '/quotes/special-price-requests', {
      token: await stack.token(subjectOf(buyerA)),
      body: { shipToId: 'D-A-MAIN', sku: 'PMP-1', quantity: 100, requestedUnitPriceMinor: 7_000, note: 'Competing offer' },
    });

    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ dealerId: 'D-A', requestedBy: 'u-a-buyer', status: 'pending', quotedUnitPriceMinor: 8_075, requestedUnitPriceMinor: 7_000 });
    const { Item } = await stack.documentClient.send(new GetCommand({ TableName: stack.tableName, Key: keys.specialPriceRequest(response.body.requestId as string) }));
    expect(Item).toMatchObject({ status: 'pending', gsi1pk: 'SPECIALPRICE#pending' });
  });

  it('answers 404 for a SKU outside the dealer catalog and 403 for a viewer', async () => {
    const body = { shipToId: 'D-B-MAIN', sku: 'BRG-9', quantity: 1, requestedUnitPriceMinor: 1 };
    expect((await stack.call('POST', '/quotes/special-price-requests', { token: await stack.token(subjectOf(buyerB)), body })).status).toBe(404);
    expect((await stack.call('POST', '/quotes/special-price-requests', { token: await stack.token(subjectOf(viewerA)), body })).status).toBe(403);
  });
});

describe('quote data access', () => {
  it('reads in batches: 2 × ceil(lines / 100) + 4 DynamoDB requests, never one per line', async () => {
    const counted: string[] = [];
    const client = stack.documentClient;
    client.middlewareStack.add(
      (next, context) => async (args) => {
        counted.push(context.commandName ?? '?');
        return next(args);
      },
      { step: 'initialize', name: 'countQuoteRequests' },
    );
    const catalog = new CatalogRepository(client, stack.tableName);
    const deps = {
      dealers: new DealerRepository(client, stack.tableName),
      entitlements: new EntitlementRepository(client, stack.tableName),
      taxonomy: catalog,
      products: catalog,
      prices: new PriceRepository(client, stack.tableName),
      today: () => new Date().toISOString().slice(0, 10),
    };
    try {
      for (const lines of [1, 20, 100, 101, 500]) {
        counted.length = 0;
        const skus = Array.from({ length: lines }, (_, i) => ({ sku: i % 3 === 0 ? 'PMP-1' : `X-${i}`, quantity: 1 }));
        const result = await quote({ kind: 'dealer', dealerId: 'D-A', userId: buyerA.userId, roles: ['buyer'] }, buyerA, { shipToId: 'D-A-MAIN', lines: skus }, deps);
        const unique = new Set(skus.map((l) => l.sku)).size;
        expect(result.lines.length).toBe(lines);
        expect(counted.length, counted.join(',')).toBe(2 * Math.ceil(unique / 100) + 4);
      }
    } finally {
      client.middlewareStack.remove('countQuoteRequests');
    }
  });
});
