import { DeleteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
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
import { backfillTaxonomyTree, PriceRepository } from '#functions/data/price-repository';
import { keys } from '#functions/data/table-design';
import { UserRepository } from '#functions/data/user-repository';
import { documentClient as handlerClient } from '#functions/shared/dynamodb';
import { applyProductChanges, productChangeFromUpsert } from '#functions/use-cases/catalog-ingest';
import { applyPriceListPart } from '#functions/use-cases/price-ingest';
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
  /** Counts the DynamoDB requests the handlers send (the Lambda client) while `fn` runs. */
  async function countHandlerRequests(fn: () => Promise<void>): Promise<string[]> {
    const counted: string[] = [];
    handlerClient.middlewareStack.add(
      (next, context) => async (args) => {
        counted.push(context.commandName ?? '?');
        return next(args);
      },
      { step: 'initialize', name: 'countQuoteRequests' },
    );
    try {
      await fn();
    } finally {
      handlerClient.middlewareStack.remove('countQuoteRequests');
    }
    return counted;
  }

  it('reads ceil(SKUs / 100) + 2 DynamoDB requests per quote through the API (user and dealer context together, then one item per SKU)', async () => {
    for (const lines of [1, 20, 50, 51, 100, 101, 500]) {
      const body = { shipToId: 'D-A-MAIN', lines: Array.from({ length: lines }, (_, i) => ({ sku: i === 0 ? 'PMP-1' : `X-${i}`, quantity: 1 })) };
      const token = await stack.token(subjectOf(buyerA));
      let status = 0;
      const counted = await countHandlerRequests(async () => {
        status = (await stack.call('POST', '/quotes', { token, body })).status;
      });

      expect(status).toBe(200);
      expect([...counted].sort(), `${lines} lines: ${counted.join(',')}`).toEqual([...Array.from({ length: Math.ceil(lines / 100) + 1 }, () => 'BatchGetItemCommand'), 'GetItemCommand']);
      // The budget (docs/data-model.md, "A quote's reads").
      expect(counted.length).toBe(Math.ceil(lines / 100) + 2);
    }
  });

  it('prices the same through the batched reads as through the individual stores', async () => {
    const catalog = new CatalogRepository(stack.documentClient, stack.tableName);
    const prices = new PriceRepository(stack.documentClient, stack.tableName);
    const stores = {
      dealers: new DealerRepository(stack.documentClient, stack.tableName),
      entitlements: new EntitlementRepository(stack.documentClient, stack.tableName),
      taxonomy: catalog,
      products: catalog,
      prices,
      today: () => new Date().toISOString().slice(0, 10),
    };
    const lines = ['PMP-1', 'PMP-2', 'PMP-3', 'BRG-9', 'OLD-1', 'NOPE-1'].map((sku) => ({ sku, quantity: 10 }));
    for (const [user, principal] of [
      [buyerA, { kind: 'dealer', dealerId: 'D-A', userId: buyerA.userId, roles: ['buyer'] }],
      [buyerB, { kind: 'dealer', dealerId: 'D-B', userId: buyerB.userId, roles: ['buyer'] }],
    ] as const) {
      const batched = await quote(principal, user, { shipToId: `${user.dealerId}-MAIN`, lines }, { ...stores, reads: prices });
      const separate = await quote(principal, user, { shipToId: `${user.dealerId}-MAIN`, lines }, stores);
      expect(batched).toEqual(separate);
    }
  });

  it("never reads another dealer's contract out of a SKU item, even for a guessed SKU", async () => {
    const prices = new PriceRepository(stack.documentClient, stack.tableName);
    const asB = await prices.quoteSkus(['PMP-2', 'PMP-1'], 'D-B', 'USD', [1]);

    expect(asB.get('PMP-2')?.sheet.contract).toBeUndefined();
    expect(JSON.stringify([...asB.values()])).not.toMatch(/K-A-/);
  });

  it('keeps the prices of a SKU on its product item through product writes, and a priced SKU without a product is no product', async () => {
    const catalog = new CatalogRepository(stack.documentClient, stack.tableName);
    await publish(contractPriceUpserted, [contractDetail({ contractId: 'K-A-NEW', sku: 'NEW-1', amountMinor: 2_500, breaks: [] })]);

    expect((await quoteOf(buyerA, [{ sku: 'NEW-1', quantity: 1 }])).lines[0]?.problems.map((p) => p.code)).toEqual(['unknown-sku']);
    expect((await catalog.get(['NEW-1'])).size).toBe(0);
    expect(await sheetItem('NEW-1')).not.toHaveProperty('entity');

    const product = (revision: number, name: string) => productDetail('NEW-1', { revision, name, categoryId: 'pumps', attributes: {}, packSize: 1, minimumOrderQuantity: 1, orderMultiple: 1 });
    await publish(productUpserted, [product(1, 'New pump')]);
    await publish(productUpserted, [product(2, 'New pump, renamed')]);
    expect(stack.bus.deadLetters).toEqual([]);

    const item = await sheetItem('NEW-1');
    expect(item).toMatchObject({ entity: 'product', name: 'New pump, renamed', lockVersion: 2, 'C_D-A': { contractId: 'K-A-NEW' } });
    const stored = (await catalog.get(['NEW-1'])).get('NEW-1');
    expect(stored?.record.data?.name).toBe('New pump, renamed');
    expect(JSON.stringify(stored)).not.toMatch(/K-A-NEW/);
    const line = (await quoteOf(buyerA, [{ sku: 'NEW-1', quantity: 1 }])).lines[0];
    expect(line?.problems).toEqual([]);
    expect(line?.explanation.map((s) => s.source.id)).toContain('K-A-NEW');
  });

  it('never drops a price written between the catalog read and a new product write (the Put is refused, the retry updates)', async () => {
    const catalog = new CatalogRepository(stack.documentClient, stack.tableName);
    const prices = new PriceRepository(stack.documentClient, stack.tableName);
    expect((await catalog.get(['RACE-1'])).size).toBe(0);
    await prices.putContract('D-A', 'RACE-1', { contractId: 'K-A-RACE', revision: 1, currency: 'USD', amountMinor: 900, validFrom: '2020-01-01', breaks: [] });

    // The first read is the one taken before the contract landed (the item was absent then).
    let reads = 0;
    const refused: string[] = [];
    const change = productChangeFromUpsert(productUpserted.detail.parse(productDetail('RACE-1', { categoryId: 'pumps', attributes: {}, packSize: 1, minimumOrderQuantity: 1, orderMultiple: 1 })));
    const outcomes = await applyProductChanges([change], {
      taxonomy: catalog,
      products: {
        get: (skus) => catalog.get(skus),
        getForWrite: (skus) => (reads++ === 0 ? Promise.resolve({ products: new Map(), itemOnly: new Set<string>() }) : catalog.getForWrite(skus)),
        write: async (writes) => {
          const result = await catalog.write(writes);
          refused.push(...result.notWritten);
          return result;
        },
        quarantinedSkus: (categoryId, after, limit) => catalog.quarantinedSkus(categoryId, after, limit),
      },
      sleep: () => Promise.resolve(),
    });

    expect(refused).toEqual(['RACE-1']);
    expect(outcomes.get('RACE-1')).toBe('applied');
    expect(await sheetItem('RACE-1')).toMatchObject({ entity: 'product', lockVersion: 1, 'C_D-A': { contractId: 'K-A-RACE' } });
  });
});

/** One list version in `parts` parts (every item at one amount), as the ERP sends it. */
const versionParts = (version: number, skus: readonly string[], amountMinor: number, parts: number, effectiveFrom = '2020-01-01') => {
  const size = Math.ceil(skus.length / parts);
  return Array.from({ length: parts }, (_, index) => ({
    ...listPart(index, parts, skus.slice(index * size, index * size + size).map((sku) => ({ sku, amountMinor })), version),
    effectiveFrom,
  }));
};
const sheetItem = async (sku: string) => (await stack.documentClient.send(new GetCommand({ TableName: stack.tableName, Key: keys.priceSheet(sku), ConsistentRead: true }))).Item ?? {};
const atomSkus = Array.from({ length: 150 }, (_, i) => `AT-${String(i).padStart(3, '0')}`);
const listSteps = (body: QuoteBody) => new Set(body.lines.map((l) => l.explanation.find((s) => s.step === 'list')?.source.revision ?? 'none'));

describe('publishing a price list while quotes run', () => {
  it('gives every quote the old version or the new one, never a mix (and prunes the retired one meanwhile)', async () => {
    const catalog = new CatalogRepository(stack.documentClient, stack.tableName);
    const products = atomSkus.map((sku) => productChangeFromUpsert(productDetail(sku, { categoryId: 'bearings', attributes: {}, packSize: 1, minimumOrderQuantity: 1, orderMultiple: 1 })));
    await applyProductChanges(products, { taxonomy: catalog, products: catalog });
    for (const detail of versionParts(2, [...atomSkus, 'PMP-1', 'PMP-2', 'BRG-9'], 2_000, 1)) await applyPriceListPart(detail, { prices: new PriceRepository(stack.documentClient, stack.tableName) });
    const lines = atomSkus.map((sku) => ({ sku, quantity: 1 }));
    expect([...listSteps(await quoteOf(buyerA, lines))]).toEqual([2]); // 150 SKUs: two SKU BatchGets per quote

    const parts = versionParts(3, [...atomSkus, 'PMP-1', 'PMP-2', 'BRG-9'], 3_000, 6);
    const seen: number[][] = [];
    let publishing = true;
    const quoting = (async () => {
      while (publishing || seen.length < 5) seen.push([...listSteps(await quoteOf(buyerA, lines))] as number[]);
    })();
    // The parts arrive concurrently, like Lambda consumers working the same list.
    await Promise.all(parts.map((detail) => applyPriceListPart(detail, { prices: new PriceRepository(stack.documentClient, stack.tableName) })));
    publishing = false;
    await quoting;

    expect(seen.length).toBeGreaterThan(1);
    for (const versions of seen) expect(versions.length, JSON.stringify(versions)).toBe(1);
    expect(seen.at(-1)).toEqual([3]);
    const amounts = new Set((await quoteOf(buyerA, lines)).lines.map((l) => l.explanation[0]?.unitPriceMinor));
    expect([...amounts]).toEqual([3_000]);
  });
});

describe('pruning old list versions', () => {
  it('removes a retired version from every SKU it wrote, and never one the pointer names or one not yet effective', async () => {
    const prices = new PriceRepository(stack.documentClient, stack.tableName);
    // The pointer now names 3 (in force) and 2 (the one before); 1 is retired and was pruned.
    expect(Object.keys(await sheetItem('PMP-1')).filter((a) => a.startsWith('L_')).sort()).toEqual(['L_USD_2', 'L_USD_3']);
    expect(Object.keys(await sheetItem('AT-000')).filter((a) => a.startsWith('L_')).sort()).toEqual(['L_USD_2', 'L_USD_3']);
    const v1 = (await stack.documentClient.send(new GetCommand({ TableName: stack.tableName, Key: keys.priceListVersion('USD', 1), ConsistentRead: true }))).Item;
    expect(v1?.prunedAt).toEqual(expect.any(String));

    // Two lists published ahead of their date: 3 stays in force, so nothing may be pruned.
    const today = () => '2026-11-30';
    for (const detail of versionParts(4, ['PMP-1', 'AT-000'], 4_000, 1, '2099-01-01')) await applyPriceListPart(detail, { prices, today });
    for (const detail of versionParts(5, ['PMP-1', 'AT-000'], 5_000, 1, '2099-06-01')) await applyPriceListPart(detail, { prices, today });

    expect((await prices.pointer('USD'))?.versions.map((v) => v.version)).toEqual([5, 4, 3, 2]);
    expect(Object.keys(await sheetItem('PMP-1')).filter((a) => a.startsWith('L_')).sort()).toEqual(['L_USD_2', 'L_USD_3', 'L_USD_4', 'L_USD_5']);
    expect((await quoteOf(buyerA, [{ sku: 'AT-000', quantity: 1 }])).lines[0]?.explanation[0]).toMatchObject({ step: 'list', source: { revision: 3 }, unitPriceMinor: 3_000 });

    // Later, 6 is in force and 5 is the one before it: 4, 3 and 2 can never apply again and go.
    const later = () => '2099-07-01';
    for (const detail of versionParts(6, ['PMP-1'], 6_000, 1, '2099-06-15')) await applyPriceListPart(detail, { prices, today: later });
    expect((await prices.pointer('USD'))?.versions.map((v) => v.version)).toEqual([6, 5]);
    expect(Object.keys(await sheetItem('PMP-1')).filter((a) => a.startsWith('L_')).sort()).toEqual(['L_USD_5', 'L_USD_6']);
    expect(Object.keys(await sheetItem('AT-001')).filter((a) => a.startsWith('L_')).sort()).toEqual([]);
  });

  it('re-runs an interrupted pruning when a part is delivered again', async () => {
    const prices = new PriceRepository(stack.documentClient, stack.tableName);
    // A crash after the flip left an entry of a retired version behind (simulated: written again, unpruned).
    await prices.recordPartSkus('USD', 3, 0, ['AT-002']);
    await prices.writeListItems('USD', 3, [{ sku: 'AT-002', amountMinor: 1 }]);

    const outcome = await applyPriceListPart(versionParts(6, ['PMP-1'], 6_000, 1, '2099-06-15')[0]!, { prices });

    expect(outcome).toBe('duplicate');
    expect(Object.keys(await sheetItem('AT-002')).filter((a) => a.startsWith('L_'))).toEqual([]);
  });

  it('removes what a late part of an already pruned version writes back', async () => {
    // A consumer that read the pointer before version 2 was published, retired and pruned, and only writes now.
    const late = { ...versionParts(2, ['AT-004'], 2_000, 1)[0]!, part: { index: 0, count: 1 } };
    const prices = new PriceRepository(stack.documentClient, stack.tableName);
    await prices.recordPartSkus('USD', 2, 0, ['AT-004']);
    await prices.writeListItems('USD', 2, late.items);
    expect(Object.keys(await sheetItem('AT-004'))).toContain('L_USD_2');
    await prices.recordListPart('USD', 2, late.part);

    expect(await prices.flipPointerRetaining('USD', 'LIST-USD', 2, '2020-01-01', '2026-11-30')).toBe('stale');
    await prices.pruneRetired('USD');

    expect(Object.keys(await sheetItem('AT-004')).filter((a) => a.startsWith('L_'))).toEqual([]);
  });
});

describe('migrating a table written before the taxonomy tree item', () => {
  it('backfills the taxonomy tree, after which category entitlements apply to quotes again', async () => {
    const codes = async (user: PortalUser) => (await quoteOf(user, [{ sku: 'PMP-1', quantity: 1 }])).lines[0]?.problems.map((p) => p.code);
    const entitled = await codes(buyerB); // entitled through hydraulics → pumps: needs the tree
    await stack.documentClient.send(new DeleteCommand({ TableName: stack.tableName, Key: keys.taxonomyTree }));
    expect(await codes(buyerB)).not.toEqual(entitled);

    const done = await backfillTaxonomyTree(stack.documentClient, stack.tableName);

    expect(done.categories).toBe(3);
    expect(await codes(buyerB)).toEqual(entitled);
  });
});
