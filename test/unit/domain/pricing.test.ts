import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyOperation,
  buildPriceIndex,
  describeStep,
  indexPromotions,
  priceLine,
  replaySteps,
  undominated,
  type IndexedPromotion,
  type LinePrice,
  type PriceLineInput,
  type PricingDealer,
} from '#domain/pricing';
import { Fingerprint, fingerprint, partOf } from '#domain/pricing-fingerprint';
import {
  divideHalfEven,
  emptyPriceData,
  percentOff,
  type ContractPriceRecord,
  type ListPriceRecord,
  type PriceData,
  type PriceFloorRecord,
  type PromotionRecord,
  type TierDefinition,
  type VolumeBreakSchedule,
} from '#domain/pricing-rules';
import { referencePriceLine } from './pricing-reference.ts';

const dealer: PricingDealer = { dealerId: 'D-1', tier: 'gold', currency: 'USD' };
const line: PriceLineInput = { sku: 'SKU-1', categoryPath: ['pumps', 'hydraulics'], quantity: 1, date: '2026-06-01', shipToId: 'ST-1' };

const list = (over: Partial<ListPriceRecord> = {}): ListPriceRecord => ({
  priceListId: 'PL-USD',
  version: 3,
  currency: 'USD',
  sku: 'SKU-1',
  amountMinor: 10_000,
  effectiveFrom: '2026-01-01',
  ...over,
});
const gold: TierDefinition = { tierId: 'gold', revision: 2, discountBps: 1_000, categoryDiscountBps: {} };
const contract = (over: Partial<ContractPriceRecord> = {}): ContractPriceRecord => ({
  contractId: 'C-1',
  revision: 1,
  dealerId: 'D-1',
  sku: 'SKU-1',
  currency: 'USD',
  amountMinor: 8_000,
  validFrom: '2026-01-01',
  ...over,
});
const promo = (over: Partial<PromotionRecord> = {}): PromotionRecord => ({
  promotionId: 'P-1',
  revision: 1,
  name: 'Spring',
  target: {},
  benefit: { kind: 'percent-off', bps: 500 },
  stacking: 'exclusive',
  validFrom: '2026-01-01',
  ...over,
});
const breaks = (over: Partial<VolumeBreakSchedule> = {}): VolumeBreakSchedule => ({
  scheduleId: 'VB-1',
  revision: 1,
  appliesTo: 'list',
  sku: 'SKU-1',
  currency: 'USD',
  breaks: [
    { minQuantity: 10, adjustment: { kind: 'percent-off', bps: 500 } },
    { minQuantity: 100, adjustment: { kind: 'percent-off', bps: 1_000 } },
  ],
  validFrom: '2026-01-01',
  ...over,
});
const floor = (over: Partial<PriceFloorRecord> = {}): PriceFloorRecord => ({ floorId: 'F-1', revision: 1, sku: 'SKU-1', currency: 'USD', amountMinor: 5_000, ...over });

const price = (data: Partial<PriceData>, input: Partial<PriceLineInput> = {}, who: PricingDealer = dealer): LinePrice =>
  priceLine(buildPriceIndex(who, { ...emptyPriceData, ...data }), { ...line, ...input });

function priced(result: LinePrice): Extract<LinePrice, { kind: 'priced' }> {
  if (result.kind !== 'priced') throw new Error(`expected a price, got ${result.reason}`);
  return result;
}

describe('divideHalfEven', () => {
  it.each([
    [5, 2, 2],
    [7, 2, 4],
    [15, 10, 2],
    [25, 10, 2],
    [26, 10, 3],
    [24, 10, 2],
    [0, 7, 0],
    [9_007_199_254_740_991, 10_000, 900_719_925_474],
  ])('%i / %i rounds to %i', (n, d, expected) => {
    expect(divideHalfEven(n, d)).toBe(expected);
  });

  it('is exact against BigInt arithmetic for any safe integer', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), fc.integer({ min: 1, max: 100_000 }), (n, d) => {
        const q = BigInt(n) / BigInt(d);
        const r = BigInt(n) % BigInt(d);
        const up = 2n * r > BigInt(d) || (2n * r === BigInt(d) && q % 2n === 1n);
        expect(divideHalfEven(n, d)).toBe(Number(up ? q + 1n : q));
      }),
    );
  });

  it('percent-off rounds half to even at the minor unit', () => {
    expect(percentOff(1_005, 5_000)).toBe(502); // 502.5 -> 502
    expect(percentOff(1_015, 5_000)).toBe(508); // 507.5 -> 508
    expect(percentOff(999, 1_250)).toBe(874); // 874.125 -> 874
  });
});

describe('priceLine', () => {
  it('takes the list price, then the tier discount', () => {
    const result = priced(price({ listPrices: [list()], tiers: [gold] }, { quantity: 3 }));

    expect(result).toMatchObject({ unitPriceMinor: 9_000, extendedPriceMinor: 27_000, currency: 'USD' });
    expect(result.steps.map((s) => [s.step, s.source.id, s.unitPriceMinor])).toEqual([
      ['list', 'PL-USD', 10_000],
      ['tier', 'gold', 9_000],
    ]);
  });

  it('uses the most specific category discount of the tier', () => {
    const tier = { ...gold, categoryDiscountBps: { hydraulics: 2_000, pumps: 3_000 } };

    expect(priced(price({ listPrices: [list()], tiers: [tier] })).unitPriceMinor).toBe(7_000);
    expect(priced(price({ listPrices: [list()], tiers: [tier] }, { categoryPath: ['hydraulics'] })).unitPriceMinor).toBe(8_000);
  });

  it('picks the list price effective on the date, latest first', () => {
    const prices = [list({ version: 3, amountMinor: 10_000 }), list({ version: 4, amountMinor: 12_000, effectiveFrom: '2026-07-01' }), list({ currency: 'EUR', amountMinor: 1 })];

    expect(priced(price({ listPrices: prices })).unitPriceMinor).toBe(10_000);
    expect(priced(price({ listPrices: prices }, { date: '2026-07-01' })).unitPriceMinor).toBe(12_000);
  });

  it('answers no-price with a reason when nothing prices the SKU in the dealer currency', () => {
    expect(price({ listPrices: [list({ currency: 'EUR' })] })).toMatchObject({ kind: 'no-price', reason: 'no-list-price' });
    expect(price({ listPrices: [list({ effectiveFrom: '2027-01-01' })] })).toMatchObject({ kind: 'no-price', reason: 'no-list-price' });
    expect(price({ listPrices: [list()] }, { quantity: 0 })).toMatchObject({ kind: 'no-price', reason: 'invalid-quantity' });
    expect(price({ listPrices: [list({ amountMinor: 2 ** 60 })] })).toMatchObject({ kind: 'no-price', reason: 'amount-out-of-range' });
  });

  it('replaces list and tier with a valid contract price', () => {
    const result = priced(price({ listPrices: [list()], tiers: [gold], contractPrices: [contract()] }));

    expect(result.unitPriceMinor).toBe(8_000);
    expect(result.steps.map((s) => s.step)).toEqual(['contract']);
  });

  it('ignores contracts of other dealers, outside their window or in another currency', () => {
    const contracts = [contract({ dealerId: 'D-2', amountMinor: 1 }), contract({ validTo: '2026-06-01', amountMinor: 2 }), contract({ currency: 'EUR', amountMinor: 3 })];

    expect(priced(price({ listPrices: [list()], contractPrices: contracts })).unitPriceMinor).toBe(10_000);
  });

  it('applies the best volume break the quantity reaches, on list or contract', () => {
    const data = { listPrices: [list()], volumeBreaks: [breaks(), breaks({ scheduleId: 'VB-C', appliesTo: 'contract', breaks: [{ minQuantity: 50, adjustment: { kind: 'fixed-price', amountMinor: 7_000 } }] })] };

    expect(priced(price(data, { quantity: 9 })).unitPriceMinor).toBe(10_000);
    expect(priced(price(data, { quantity: 10 })).unitPriceMinor).toBe(9_500);
    expect(priced(price(data, { quantity: 100 })).steps.at(-1)).toMatchObject({ step: 'volume-break', source: { id: 'VB-1' }, unitPriceMinor: 9_000 });
    expect(priced(price({ ...data, contractPrices: [contract()] }, { quantity: 50 })).unitPriceMinor).toBe(7_000);
  });

  it('takes the better of the best exclusive promotion and the stack of stackable ones', () => {
    const stackA = promo({ promotionId: 'P-A', stacking: 'stackable', benefit: { kind: 'percent-off', bps: 1_000 } });
    const stackB = promo({ promotionId: 'P-B', stacking: 'stackable', benefit: { kind: 'amount-off', amountMinor: 500, currency: 'USD' } });
    const exclusive = promo({ promotionId: 'P-X', benefit: { kind: 'fixed-price', amountMinor: 8_600, currency: 'USD' } });

    const stacked = priced(price({ listPrices: [list()], promotions: [stackB, exclusive, stackA] }));
    expect(stacked.unitPriceMinor).toBe(8_500); // 10000 -10% = 9000, -500 = 8500 < 8600
    expect(stacked.steps.map((s) => s.source.id)).toEqual(['PL-USD', 'P-A', 'P-B']);

    const fixed = priced(price({ listPrices: [list()], promotions: [stackB, { ...exclusive, benefit: { kind: 'fixed-price', amountMinor: 8_400, currency: 'USD' } }, stackA] }));
    expect(fixed.steps.map((s) => s.source.id)).toEqual(['PL-USD', 'P-X']);
    expect(fixed.unitPriceMinor).toBe(8_400);
  });

  it('matches promotion targets on every named dimension', () => {
    const targeted = (target: PromotionRecord['target']): number => priced(price({ listPrices: [list()], promotions: [promo({ target })] })).unitPriceMinor;

    expect(targeted({ dealerIds: ['D-1'] })).toBe(9_500);
    expect(targeted({ dealerIds: ['D-2'] })).toBe(10_000);
    expect(targeted({ tiers: ['gold'], categoryIds: ['hydraulics'] })).toBe(9_500);
    expect(targeted({ tiers: ['silver'] })).toBe(10_000);
    expect(targeted({ skus: ['SKU-2'] })).toBe(10_000);
    expect(targeted({ skus: ['SKU-1'], shipToIds: ['ST-9'] })).toBe(10_000);
    expect(targeted({ categoryIds: ['valves'] })).toBe(10_000);
  });

  it('never lets a promotion raise a price and skips ended or below-quantity promotions', () => {
    const promotions = [
      promo({ promotionId: 'P-up', benefit: { kind: 'fixed-price', amountMinor: 12_000, currency: 'USD' } }),
      promo({ promotionId: 'P-old', validTo: '2026-05-01' }),
      promo({ promotionId: 'P-bulk', minQuantity: 5 }),
    ];

    expect(priced(price({ listPrices: [list()], promotions })).steps.map((s) => s.step)).toEqual(['list']);
    expect(priced(price({ listPrices: [list()], promotions }, { quantity: 5 })).unitPriceMinor).toBe(9_500);
  });

  it('raises a stack that went below the floor back to the floor', () => {
    const result = priced(price({ listPrices: [list()], promotions: [promo({ benefit: { kind: 'amount-off', amountMinor: 9_000, currency: 'USD' } })], floors: [floor()] }));

    expect(result.unitPriceMinor).toBe(5_000);
    expect(result.steps.map((s) => [s.step, s.unitPriceMinor])).toEqual([
      ['list', 10_000],
      ['promotion', 1_000],
      ['floor', 5_000],
    ]);
  });

  it('changes the price version when a record that set the price changes revision, not otherwise', () => {
    const base = priced(price({ listPrices: [list()], tiers: [gold] })).priceVersion;

    expect(priced(price({ listPrices: [list()], tiers: [gold] })).priceVersion).toBe(base);
    expect(priced(price({ listPrices: [list()], tiers: [gold], contractPrices: [contract({ dealerId: 'D-2' })] })).priceVersion).toBe(base);
    expect(priced(price({ listPrices: [list()], tiers: [{ ...gold, revision: 3 }] })).priceVersion).not.toBe(base);
    expect(priced(price({ listPrices: [list({ version: 4 })], tiers: [gold] })).priceVersion).not.toBe(base);
    expect(priced(price({ listPrices: [list()], tiers: [gold] }, { quantity: 2 })).priceVersion).not.toBe(base);
    expect(base).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('describeStep', () => {
  it('names the rule and its source record in words', () => {
    const tier = { ...gold, categoryDiscountBps: { pumps: 1_500 } };
    const result = priced(price({ listPrices: [list()], tiers: [tier], volumeBreaks: [breaks()], promotions: [promo({ name: 'Spring' })], floors: [floor({ amountMinor: 8_000 })] }, { quantity: 10 }));

    expect(result.steps.map(describeStep)).toEqual([
      'list price from price list PL-USD version 3',
      'tier gold discount 1500 bps for category pumps',
      'list quantity break at 10+ (schedule VB-1)',
      'promotion P-1 "Spring" (exclusive, best for dealer)',
      'minimum price floor F-1',
    ]);
  });
});

describe('fingerprint', () => {
  it('is stable and spreads', () => {
    expect(fingerprint('a')).toBe(fingerprint('a'));
    expect(fingerprint('a')).not.toBe(fingerprint('b'));
    expect(fingerprint('')).toBe('811c9dc5050c5d1f');
  });
});

// ---------- properties ----------

const skus = ['SKU-1', 'SKU-2', 'SKU-3'];
const categories = ['pumps', 'hydraulics', 'valves'];
const day = fc.integer({ min: 1, max: 28 }).map((d) => `2026-06-${String(d).padStart(2, '0')}`);
const amount = fc.integer({ min: 0, max: 1_000_000 });
const bps = fc.integer({ min: 0, max: 10_000 });
const window = fc.record({ validFrom: day, validTo: fc.option(day, { nil: undefined }) });

const listArb = fc.record({
  priceListId: fc.constantFrom('PL-A', 'PL-B'),
  version: fc.nat(5),
  currency: fc.constantFrom('USD', 'EUR'),
  sku: fc.constantFrom(...skus),
  amountMinor: amount,
  effectiveFrom: day,
  effectiveTo: fc.option(day, { nil: undefined }),
});
const tierArb = fc.record({
  tierId: fc.constantFrom('gold', 'silver'),
  revision: fc.nat(5),
  discountBps: bps,
  categoryDiscountBps: fc.dictionary(fc.constantFrom(...categories), bps),
});
const contractArb = fc.record({
  contractId: fc.constantFrom('C-1', 'C-2'),
  revision: fc.nat(5),
  dealerId: fc.constantFrom('D-1', 'D-2'),
  sku: fc.constantFrom(...skus),
  currency: fc.constantFrom('USD', 'EUR'),
  amountMinor: amount,
  validFrom: day,
  validTo: fc.option(day, { nil: undefined }),
});
const adjustmentArb = fc.oneof(
  fc.record({ kind: fc.constant('percent-off' as const), bps }),
  fc.record({ kind: fc.constant('fixed-price' as const), amountMinor: amount }),
);
const scheduleArb = fc
  .record({
    scheduleId: fc.constantFrom('VB-1', 'VB-2'),
    revision: fc.nat(5),
    appliesTo: fc.constantFrom('list' as const, 'contract' as const),
    sku: fc.constantFrom(...skus),
    currency: fc.constantFrom('USD', 'EUR'),
    dealerId: fc.option(fc.constantFrom('D-1', 'D-2'), { nil: undefined }),
    breaks: fc.array(fc.record({ minQuantity: fc.integer({ min: 1, max: 200 }), adjustment: adjustmentArb }), { maxLength: 4 }),
  })
  .chain((s) => window.map((w) => ({ ...s, ...w })));
const benefitArb = fc.oneof(
  fc.record({ kind: fc.constant('percent-off' as const), bps }),
  fc.record({ kind: fc.constant('amount-off' as const), amountMinor: amount, currency: fc.constantFrom('USD', 'EUR') }),
  fc.record({ kind: fc.constant('fixed-price' as const), amountMinor: amount, currency: fc.constantFrom('USD', 'EUR') }),
);
const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T[] | undefined> => fc.option(fc.array(arb, { minLength: 1, maxLength: 2 }), { nil: undefined });
const promotionArb = fc
  .record({
    promotionId: fc.constantFrom('P-1', 'P-2', 'P-3', 'P-4'),
    revision: fc.nat(5),
    name: fc.constant('promo'),
    target: fc.record({
      dealerIds: maybe(fc.constantFrom('D-1', 'D-2')),
      tiers: maybe(fc.constantFrom('gold', 'silver')),
      skus: maybe(fc.constantFrom(...skus)),
      categoryIds: maybe(fc.constantFrom(...categories)),
      shipToIds: maybe(fc.constantFrom('ST-1', 'ST-2')),
    }),
    benefit: benefitArb,
    stacking: fc.constantFrom('exclusive' as const, 'stackable' as const),
    minQuantity: fc.option(fc.integer({ min: 1, max: 200 }), { nil: undefined }),
  })
  .chain((p) => window.map((w) => ({ ...p, ...w })));
const floorArb = fc.record({
  floorId: fc.constantFrom('F-1', 'F-2'),
  revision: fc.nat(5),
  sku: fc.constantFrom(...skus),
  currency: fc.constantFrom('USD', 'EUR'),
  amountMinor: amount,
});
const dataArb: fc.Arbitrary<PriceData> = fc.record({
  listPrices: fc.array(listArb, { maxLength: 6 }),
  tiers: fc.array(tierArb, { maxLength: 2 }),
  contractPrices: fc.array(contractArb, { maxLength: 4 }),
  volumeBreaks: fc.array(scheduleArb, { maxLength: 3 }),
  promotions: fc.array(promotionArb, { maxLength: 6 }),
  floors: fc.array(floorArb, { maxLength: 2 }),
});
const dealerArb = fc.record({ dealerId: fc.constantFrom('D-1', 'D-2'), tier: fc.constantFrom('gold', 'silver', 'none'), currency: fc.constantFrom('USD', 'EUR') });
const lineArb = fc.record({
  sku: fc.constantFrom(...skus),
  categoryPath: fc.subarray(categories),
  quantity: fc.integer({ min: 1, max: 300 }),
  date: day,
  shipToId: fc.constantFrom('ST-1', 'ST-2'),
});

const floorOf = (data: PriceData, who: PricingDealer, sku: string): number =>
  Math.max(0, ...data.floors.filter((f) => f.sku === sku && f.currency === who.currency).map((f) => f.amountMinor));

describe('priceLine properties', () => {
  it('never answers a negative price or one below the floor', () => {
    fc.assert(
      fc.property(dataArb, dealerArb, lineArb, (data, who, input) => {
        const result = priceLine(buildPriceIndex(who, data), input);
        if (result.kind !== 'priced') return;
        expect(result.unitPriceMinor).toBeGreaterThanOrEqual(floorOf(data, who, input.sku));
        expect(result.extendedPriceMinor).toBe(result.unitPriceMinor * input.quantity);
      }),
    );
  });

  it('never raises the unit price for a larger quantity under the same rules', () => {
    fc.assert(
      fc.property(dataArb, dealerArb, lineArb, fc.integer({ min: 0, max: 300 }), (data, who, input, more) => {
        const index = buildPriceIndex(who, data);
        const small = priceLine(index, input);
        const large = priceLine(index, { ...input, quantity: input.quantity + more });
        expect(large.kind).toBe(small.kind);
        if (small.kind === 'priced' && large.kind === 'priced') expect(large.unitPriceMinor).toBeLessThanOrEqual(small.unitPriceMinor);
      }),
    );
  });

  it('gives the same price, explanation and version for the same inputs, in any record order', () => {
    fc.assert(
      fc.property(dataArb, dealerArb, lineArb, (data, who, input) => {
        const reversed: PriceData = {
          listPrices: [...data.listPrices].reverse(),
          tiers: data.tiers,
          contractPrices: [...data.contractPrices].reverse(),
          volumeBreaks: [...data.volumeBreaks].reverse(),
          promotions: [...data.promotions].reverse(),
          floors: [...data.floors].reverse(),
        };
        const first = priceLine(buildPriceIndex(who, data), input);
        expect(priceLine(buildPriceIndex(who, data), input)).toEqual(first);
        // Records with equal keys may legitimately tie; compare only the number when ids repeat.
        const unique = (ids: string[]): boolean => new Set(ids).size === ids.length;
        const second = priceLine(buildPriceIndex(who, reversed), input);
        if (unique(data.promotions.map((p) => p.promotionId)) && unique(data.volumeBreaks.map((s) => s.scheduleId)) && unique(data.floors.map((f) => f.floorId)))
          expect(second.kind === 'priced' ? second.unitPriceMinor : second.reason).toBe(first.kind === 'priced' ? first.unitPriceMinor : first.reason);
      }),
    );
  });

  it('lets a valid contract beat list whatever the list path says, unless a promotion makes it lower', () => {
    fc.assert(
      fc.property(dataArb, lineArb, amount, (data, input, contractAmount) => {
        const who = { dealerId: 'D-1', tier: 'gold', currency: 'USD' };
        const only = contract({ sku: input.sku, amountMinor: contractAmount, validFrom: '2026-01-01', contractId: 'C-top', revision: 9 });
        const withContract: PriceData = { ...data, contractPrices: [only], volumeBreaks: data.volumeBreaks.filter((s) => s.appliesTo === 'list') };
        const result = priced(priceLine(buildPriceIndex(who, withContract), input));
        const floored = Math.max(contractAmount, floorOf(data, who, input.sku));
        const promoted = result.steps.some((s) => s.step === 'promotion');
        if (promoted) expect(result.unitPriceMinor).toBeLessThanOrEqual(floored);
        else expect(result.unitPriceMinor).toBe(floored);
        expect(result.steps.some((s) => s.step === 'list' || s.step === 'tier')).toBe(false);
        // Changing the list path changes nothing.
        const noList = priced(priceLine(buildPriceIndex(who, { ...withContract, listPrices: [], tiers: [] }), input));
        expect(noList.unitPriceMinor).toBe(result.unitPriceMinor);
      }),
    );
  });

  it('replays the explanation steps to the final unit price, each step to its own amount', () => {
    fc.assert(
      fc.property(dataArb, dealerArb, lineArb, (data, who, input) => {
        const result = priceLine(buildPriceIndex(who, data), input);
        if (result.kind !== 'priced') return;
        expect(replaySteps(result.steps)).toBe(result.unitPriceMinor);
        let running = 0;
        for (const step of result.steps) {
          running = applyOperation(running, step.operation);
          expect(step.unitPriceMinor).toBe(running);
        }
        expect(['list', 'contract']).toContain(result.steps[0]?.step);
      }),
    );
  });
});

// ---------- equivalence with the plain reference (test/unit/domain/pricing-reference.ts) ----------

/** A target dimension that is usually left out, so that several promotions apply to the same line and tie. */
const sometimes = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, { arbitrary: arb, weight: 1 });
/** Richer promotions than `dataArb`: more of them, repeated strengths, mostly applicable, so the index's pruning and merging matter. */
const manyPromotionsArb = fc.record({
  promotionId: fc.constantFrom('P-1', 'P-2', 'P-3', 'P-4', 'P-5', 'P-6', 'P-7', 'P-8'),
  revision: fc.nat(3),
  name: fc.constantFrom('A', 'B'),
  target: fc.record({
    dealerIds: sometimes(fc.array(fc.constantFrom('D-1', 'D-2'), { minLength: 1, maxLength: 2 })),
    tiers: sometimes(fc.array(fc.constantFrom('gold', 'silver'), { minLength: 1, maxLength: 2 })),
    skus: sometimes(fc.array(fc.constantFrom(...skus), { maxLength: 2 })),
    categoryIds: sometimes(fc.array(fc.constantFrom(...categories), { maxLength: 3 })),
    shipToIds: sometimes(fc.array(fc.constantFrom('ST-1', 'ST-2'), { minLength: 1, maxLength: 2 })),
  }),
  benefit: fc.oneof(
    fc.record({ kind: fc.constant('percent-off' as const), bps: fc.constantFrom(0, 500, 1_000, 1_001, 5_000, 12_000) }),
    fc.record({ kind: fc.constant('amount-off' as const), amountMinor: fc.constantFrom(0, 1, 100, 5_000, 2_000_000), currency: fc.constantFrom('USD', 'USD', 'EUR') }),
    fc.record({ kind: fc.constant('fixed-price' as const), amountMinor: fc.constantFrom(0, 1, 4_000, 500_000), currency: fc.constantFrom('USD', 'USD', 'EUR') }),
  ),
  stacking: fc.constantFrom('exclusive' as const, 'stackable' as const),
  minQuantity: sometimes(fc.integer({ min: 1, max: 200 })),
  validFrom: fc.constantFrom('2026-06-01', '2026-06-10', '2026-06-20'),
  validTo: sometimes(fc.constantFrom('2026-06-10', '2026-06-20')),
});
const richDataArb: fc.Arbitrary<PriceData> = fc.record({
  listPrices: fc.array(listArb, { maxLength: 8 }),
  tiers: fc.array(tierArb, { maxLength: 2 }),
  contractPrices: fc.array(contractArb, { maxLength: 4 }),
  volumeBreaks: fc.array(scheduleArb, { maxLength: 4 }),
  promotions: fc.array(manyPromotionsArb, { maxLength: 16 }),
  floors: fc.array(floorArb, { maxLength: 3 }),
});

describe('priceLine against the plain reference', () => {
  it('prices every line exactly like checking every record and every promotion', () => {
    fc.assert(
      fc.property(fc.oneof(dataArb, richDataArb), dealerArb, fc.array(lineArb, { minLength: 1, maxLength: 6 }), (data, who, inputs) => {
        const index = buildPriceIndex(who, data);
        for (const input of inputs) {
          const expected = referencePriceLine(who, data, input);
          const actual = priceLine(index, input);
          if (expected.kind === 'no-price') expect(actual).toMatchObject({ kind: 'no-price', reason: expected.reason });
          else {
            const result = priced(actual);
            expect({ unit: result.unitPriceMinor, extended: result.extendedPriceMinor, steps: result.steps }).toEqual({ unit: expected.unitPriceMinor, extended: expected.extendedPriceMinor, steps: expected.steps });
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('undominated', () => {
  /** The best exclusive promotion for `base` the plain way: lowest price below base, then lowest rank. */
  const bestOf = (base: number, candidates: readonly IndexedPromotion[]): string | undefined => {
    let best: { price: number; rank: number; id: string } | undefined;
    for (const p of candidates) {
      const price = applyOperation(base, p.operation);
      if (price < base && (best === undefined || price < best.price || (price === best.price && p.rank < best.rank))) best = { price, rank: p.rank, id: p.record.promotionId };
    }
    return best?.id;
  };
  const exclusiveArb = fc.uniqueArray(
    fc.record({
      promotionId: fc.string({ minLength: 1, maxLength: 3 }),
      benefit: fc.oneof(
        fc.record({ kind: fc.constant('percent-off' as const), bps: fc.integer({ min: -100, max: 12_000 }) }),
        fc.record({ kind: fc.constant('amount-off' as const), amountMinor: fc.integer({ min: 0, max: 20_000 }), currency: fc.constant('USD') }),
        fc.record({ kind: fc.constant('fixed-price' as const), amountMinor: fc.integer({ min: 0, max: 20_000 }), currency: fc.constant('USD') }),
      ),
    }),
    { selector: (p) => p.promotionId, maxLength: 25 },
  );

  it('keeps, for every base price, the promotion that checking every one would choose', () => {
    fc.assert(
      fc.property(exclusiveArb, fc.array(fc.integer({ min: 0, max: 25_000 }), { minLength: 1, maxLength: 10 }), (specs, bases) => {
        const records = specs.map((spec) => promo({ ...spec, stacking: 'exclusive' }));
        const all = indexPromotions(dealer, records).forAll;
        const kept = undominated(all);
        expect(kept.length).toBeLessThanOrEqual(all.length);
        for (const base of bases) expect(bestOf(base, kept)).toBe(bestOf(base, all));
      }),
    );
  });

  it('drops a weaker or equal promotion of the same kind that ranks after a stronger one', () => {
    const all = indexPromotions(dealer, [
      promo({ promotionId: 'P-1', benefit: { kind: 'percent-off', bps: 1_000 } }),
      promo({ promotionId: 'P-2', benefit: { kind: 'percent-off', bps: 500 } }),
      promo({ promotionId: 'P-3', benefit: { kind: 'percent-off', bps: 2_000 } }),
      promo({ promotionId: 'P-4', benefit: { kind: 'amount-off', amountMinor: 100, currency: 'USD' } }),
    ]).forAll;

    expect(undominated(all).map((p) => p.record.promotionId)).toEqual(['P-1', 'P-3', 'P-4']);
  });
});

describe('indexPromotions', () => {
  it('builds once per promotions array and dealer, again for a new array or another dealer', () => {
    const promotions = [promo()];

    expect(indexPromotions(dealer, promotions)).toBe(indexPromotions(dealer, promotions));
    expect(indexPromotions(dealer, [...promotions])).not.toBe(indexPromotions(dealer, promotions));
    expect(indexPromotions({ ...dealer, tier: 'silver' }, promotions)).not.toBe(indexPromotions(dealer, promotions));
  });

  it('keeps a bounded number of dealers per promotions array', () => {
    const promotions = [promo()];
    const first = indexPromotions(dealer, promotions);
    for (let d = 0; d < 63; d++) indexPromotions({ ...dealer, dealerId: `D-other-${d}` }, promotions);
    expect(indexPromotions(dealer, promotions)).toBe(first);

    for (let d = 63; d < 200; d++) indexPromotions({ ...dealer, dealerId: `D-other-${d}` }, promotions);
    const rebuilt = indexPromotions(dealer, promotions);
    expect(rebuilt).not.toBe(first);
    expect(rebuilt.forAll.map((p) => p.record)).toEqual(first.forAll.map((p) => p.record));
  });

  it('prices lines on many dates with one index exactly like the reference (per-date plans are bounded and rebuilt)', () => {
    const data: PriceData = {
      ...emptyPriceData,
      listPrices: [list()],
      promotions: [
        promo({ promotionId: 'P-early', validTo: '2026-02-01', benefit: { kind: 'percent-off', bps: 3_000 } }),
        promo({ promotionId: 'P-late', validFrom: '2026-02-01', benefit: { kind: 'amount-off', amountMinor: 1_500, currency: 'USD' } }),
        promo({ promotionId: 'P-stack', validFrom: '2026-01-15', stacking: 'stackable', benefit: { kind: 'percent-off', bps: 1_000 } }),
      ],
    };
    const index = buildPriceIndex(dealer, data);
    const dates = Array.from({ length: 40 }, (_, d) => new Date(Date.UTC(2026, 0, 1 + d * 2)).toISOString().slice(0, 10));

    for (const date of [...dates, ...dates.reverse()]) {
      const expected = referencePriceLine(dealer, data, { ...line, date });
      expect(expected.kind).toBe('priced');
      if (expected.kind === 'priced') expect(priced(priceLine(index, { ...line, date })).steps).toEqual(expected.steps);
    }
  });
});

describe('price version', () => {
  it('is 16 hex digits and differs across quantities, SKUs and dealers with the same rules', () => {
    const data: PriceData = { ...emptyPriceData, listPrices: [list(), list({ sku: 'SKU-2' })], tiers: [gold], promotions: [promo({ minQuantity: 50 })] };
    const index = buildPriceIndex(dealer, data);
    const versions = new Set<string>();
    for (let quantity = 1; quantity <= 2_000; quantity++)
      for (const sku of ['SKU-1', 'SKU-2']) versions.add(priced(priceLine(index, { ...line, sku, quantity })).priceVersion);
    versions.add(priced(priceLine(buildPriceIndex({ ...dealer, dealerId: 'D-2' }, data), line)).priceVersion);

    expect(versions.size).toBe(4_001);
    for (const v of versions) expect(v).toMatch(/^[0-9a-f]{16}$/);
  });

  it('names the records that set the price: a promotion revision that wins changes it, one that loses does not', () => {
    const winner = promo({ promotionId: 'P-win', benefit: { kind: 'percent-off', bps: 2_000 } });
    const loser = promo({ promotionId: 'P-lose', benefit: { kind: 'percent-off', bps: 100 } });
    const version = (promotions: PromotionRecord[]) => priced(price({ listPrices: [list()], promotions })).priceVersion;

    expect(version([winner, { ...loser, revision: 2 }])).toBe(version([winner, loser]));
    expect(version([{ ...winner, revision: 2 }, loser])).not.toBe(version([winner, loser]));
  });
});

describe('partOf', () => {
  it('is the fingerprint of the same fields', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), fc.integer()), { maxLength: 5 }), (fields) => {
        const hash = new Fingerprint();
        for (const f of fields) hash.field(f);
        expect(partOf(...fields)).toEqual(hash.part());
      }),
    );
  });
});
