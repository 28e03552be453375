import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractPriceUpserted, type ContractPriceUpsertedDetail } from '#events/contract-price-upserted';
import type { ProductRecord } from '#domain/product';
import { toProductItem } from '#functions/data/catalog-items';
import { PriceRepository } from '#functions/data/price-repository';
import { applyPricingTier, applyPromotion, endPromotion } from '#functions/use-cases/price-ingest';
import { keys } from '#functions/data/table-design';
import { publishErpEvents } from '#local/erp';
import { startTestStack, type TestStack } from '#test/support/local-stack';

/**
 * The one-item pricing context and the 400 KB item limit of a SKU's quote item (docs/data-model.md, "Limits of the SKU item"): every
 * dealer's contract for a SKU is one attribute of that item. Measured here with a realistic contract
 * (id, revision, currency, amount, validity window, one quantity break).
 */
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack?.stop());

const dealerId = (n: number) => `D-${String(n).padStart(6, '0')}`;
const contract = (n: number) => ({
  contractId: `K-${dealerId(n)}-2026`,
  revision: 3,
  currency: 'USD',
  amountMinor: 12_345,
  validFrom: '2026-01-01',
  validTo: '2027-01-01',
  breaks: [{ minQuantity: 50, adjustment: { kind: 'fixed-price' as const, amountMinor: 11_000 } }],
});

const bigProduct: ProductRecord = {
  sku: 'BIG-1',
  data: {
    name: 'Hydraulic gear pump, 40 l/min, SAE flange, left-hand rotation',
    description: 'A cast-iron external gear pump for mobile hydraulics. '.repeat(8),
    categoryId: 'pumps',
    attributes: Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`attribute${i}`, `value of attribute ${i}`])),
    unitOfMeasure: 'EA',
    packSize: 1,
    minimumOrderQuantity: 1,
    orderMultiple: 1,
    imageUrls: Array.from({ length: 3 }, (_, i) => `https://cdn.example.com/products/BIG-1/image-${i}.jpg`),
    documents: Array.from({ length: 2 }, (_, i) => ({ title: `Datasheet ${i}`, url: `https://cdn.example.com/products/BIG-1/datasheet-${i}.pdf` })),
  },
  dataRevision: 1,
  lifecycle: 'active',
  lifecycleRevision: 1,
  revision: 1,
  updatedAt: '2026-11-30T09:00:00Z',
};

describe('contracts per SKU item', () => {
  it('holds about 2,150 dealers’ contracts of this shape next to the product; the next write is refused and its event parked in the DLQ', async () => {
    const prices = new PriceRepository(stack.documentClient, stack.tableName);
    // The SKU's item is also its product item: a realistic product (text, ten attributes, images,
    // documents, listing keys) with the contracts pre-filled in one write (one by one takes minutes on
    // DynamoDB Local: each update rewrites the item).
    const prefilled = 2_100;
    const contracts = Object.fromEntries(Array.from({ length: prefilled }, (_, n) => [`C_${dealerId(n)}`, contract(n)])); // the repository's attribute layout
    const product = toProductItem(bigProduct, { state: 'complete', templateRevision: 1 }, 1);
    expect(keys.priceSheet('BIG-1')).toEqual(keys.product('BIG-1'));
    await stack.documentClient.send(new PutCommand({ TableName: stack.tableName, Item: { ...product, ...contracts } }));
    let fitted = prefilled;
    let refusal: unknown;
    for (; fitted < 3_000 && refusal === undefined; fitted++) {
      await prices.putContract(dealerId(fitted), 'BIG-1', contract(fitted)).catch((error: unknown) => (refusal = error));
    }
    fitted -= 1;

    expect((refusal as Error).name).toBe('ValidationException');
    expect(fitted).toBeGreaterThanOrEqual(2_140); // 2,156 measured (without the product: ~2,160+)
    expect(fitted).toBeLessThan(2_300);
    // A full item still serves quotes, projecting the facts and the caller's contract only.
    const asOne = await prices.quoteSkus(['BIG-1'], dealerId(7), 'USD', [1]);
    expect(asOne.get('BIG-1')?.sheet.contract?.contractId).toBe(`K-${dealerId(7)}-2026`);
    expect(asOne.get('BIG-1')?.facts).toMatchObject({ state: 'complete', categoryId: 'pumps' });

    const detail: ContractPriceUpsertedDetail = { schemaVersion: 1, occurredAt: '2026-11-30T09:00:00Z', dealerId: dealerId(fitted + 1), sku: 'BIG-1', ...contract(fitted + 1) };
    await publishErpEvents(contractPriceUpserted, [detail]);
    await stack.bus.drain();
    expect(stack.bus.deadLetters).toHaveLength(1);
    expect(JSON.stringify(stack.bus.deadLetters[0])).toMatch(/maximum allowed size/);
  }, 120_000);
});

describe('the pricing context item', () => {
  it('loses no write when tiers and promotions land concurrently, and keeps newest-revision-wins per entry', async () => {
    const prices = new PriceRepository(stack.documentClient, stack.tableName);
    const deps = { prices };
    const at = '2026-11-30T09:00:00Z';
    const promotion = (n: number, revision: number) =>
      applyPromotion(
        { schemaVersion: 1, revision, occurredAt: at, promotionId: `PR-${n}`, name: `P${n} r${revision}`, target: {}, benefit: { kind: 'percent-off', bps: 100 }, stacking: 'stackable', validFrom: '2026-01-01', validTo: '2027-01-01' },
        deps,
      );

    const outcomes = await Promise.all([
      ...Array.from({ length: 40 }, (_, n) => promotion(n, 2)),
      ...Array.from({ length: 40 }, (_, n) => promotion(n, 1)), // older revisions racing the newer ones
      ...Array.from({ length: 10 }, (_, n) => applyPricingTier({ schemaVersion: 1, revision: 1, occurredAt: at, tierId: `T-${n}`, discountBps: n * 10, categoryDiscountBps: {} }, deps)),
      endPromotion({ schemaVersion: 1, revision: 3, occurredAt: at, promotionId: 'PR-0' }, deps),
    ]);
    const context = await prices.context();

    expect(outcomes.filter((o) => o === 'applied').length).toBeGreaterThanOrEqual(40 + 10 + 1);
    expect(context.tiers.map((t) => t.tierId).sort()).toEqual(Array.from({ length: 10 }, (_, n) => `T-${n}`).sort());
    expect(context.promotions.map((p) => p.promotionId).sort()).toEqual(Array.from({ length: 39 }, (_, n) => `PR-${n + 1}`).sort());
    expect(context.promotions.every((p) => p.name.endsWith('r2'))).toBe(true);
  });
});

describe('promotion tombstones', () => {
  it('are swept from the context item once they expire (90 days after the end), and only then', async () => {
    const prices = new PriceRepository(stack.documentClient, stack.tableName);
    const ended = (promotionId: string, occurredAt: string) => endPromotion({ schemaVersion: 1, revision: 9, occurredAt, promotionId }, { prices });
    const attributes = async () => Object.keys((await stack.documentClient.send(new GetCommand({ TableName: stack.tableName, Key: keys.pricingContext, ConsistentRead: true }))).Item ?? {});

    await ended('PR-OLD', new Date(Date.now() - 91 * 86_400_000).toISOString());
    await ended('PR-RECENT', new Date(Date.now() - 10 * 86_400_000).toISOString());

    expect(await attributes()).not.toContain('R_PR-OLD');
    expect(await attributes()).toContain('R_PR-RECENT');
  });
});
