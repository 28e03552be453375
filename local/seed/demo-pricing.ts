import type { ContractPriceUpsertedDetail } from '#events/contract-price-upserted';
import type { PriceListPublishedDetail } from '#events/price-list-published';
import type { PricingTierUpsertedDetail } from '#events/pricing-tier-upserted';
import type { PromotionUpsertedDetail } from '#events/promotion-upserted';
import { demoProductEvents } from './demo-catalog.ts';

/**
 * Demo price data, chosen so that quotes show every kind of explanation step. With Acme (gold, USD):
 * - `FAS-101001` × 1000: contract price, then the contract's quantity break, then the bolts promotion;
 * - `BEA-301001` × 10: list, gold tier (bearings discount), list quantity break, bearings promotion;
 * - `FAS-101002` × 250: list, tier, the clearance promotion, raised back to the cost floor.
 * Bolt (silver) sees list and its own fixed-price promotion on `SAF-602001`, never Acme's contract.
 */
const at = '2026-11-30T08:30:00Z';
const since = '2026-01-01';

export const demoTiers: PricingTierUpsertedDetail[] = [
  { schemaVersion: 1, revision: 1, occurredAt: at, tierId: 'gold', discountBps: 1_000, categoryDiscountBps: { bearings: 1_500 } },
  { schemaVersion: 1, revision: 1, occurredAt: at, tierId: 'silver', discountBps: 500, categoryDiscountBps: {} },
  { schemaVersion: 1, revision: 1, occurredAt: at, tierId: 'bronze', discountBps: 0, categoryDiscountBps: {} },
];

/** A stable list price per SKU (integer minor units): 1.00 to 250.99. */
const listPriceOf = (sku: string): number => {
  let h = 7;
  for (const c of sku) h = (h * 31 + c.charCodeAt(0)) % 25_000;
  return 100 + h;
};

/**
 * SKUs left off both lists, so the pricing-coverage report has something to show: five quick couplers
 * launched before their list price, and `HYD-401001`, priced for Acme by its contract only — Acme
 * misses 5 SKUs, Crane (hydraulics only, no contract) 6, Bolt none.
 */
export const demoUnlistedSkus: readonly string[] = ['HYD-401001', 'HYD-404006', 'HYD-404007', 'HYD-404008', 'HYD-404009', 'HYD-404010'];

/** The whole USD and CAD lists, version 1, in parts of at most 200 items (the consumer flips each when complete). */
export function demoPriceLists(): PriceListPublishedDetail[] {
  const skus = demoProductEvents()
    .map((e) => e.product.sku)
    .filter((sku) => !demoUnlistedSkus.includes(sku));
  const parts: PriceListPublishedDetail[] = [];
  for (const [currency, factor] of [
    ['USD', 100],
    ['CAD', 135],
  ] as const) {
    const items = skus.map((sku) => {
      const amountMinor = Math.round((listPriceOf(sku) * factor) / 100);
      return {
        sku,
        amountMinor,
        floorMinor: Math.round(amountMinor * 0.6),
        ...(sku.startsWith('BEA-') ? { breaks: [{ minQuantity: 10, adjustment: { kind: 'percent-off' as const, bps: 300 } }, { minQuantity: 50, adjustment: { kind: 'percent-off' as const, bps: 700 } }] } : {}),
      };
    });
    const count = Math.ceil(items.length / 200);
    for (let index = 0; index < count; index++)
      parts.push({ schemaVersion: 1, occurredAt: at, priceListId: `LIST-${currency}`, currency, version: 1, effectiveFrom: since, part: { index, count }, items: items.slice(index * 200, index * 200 + 200) });
  }
  return parts;
}

export const demoContracts: ContractPriceUpsertedDetail[] = [
  {
    schemaVersion: 1,
    revision: 1,
    occurredAt: at,
    contractId: 'K-ACME-2026',
    dealerId: 'D-ACME',
    sku: 'FAS-101001',
    currency: 'USD',
    amountMinor: Math.round(listPriceOf('FAS-101001') * 0.8),
    validFrom: since,
    breaks: [{ minQuantity: 1000, adjustment: { kind: 'fixed-price', amountMinor: Math.round(listPriceOf('FAS-101001') * 0.75) } }],
  },
  { schemaVersion: 1, revision: 1, occurredAt: at, contractId: 'K-ACME-2026', dealerId: 'D-ACME', sku: 'HYD-401001', currency: 'USD', amountMinor: Math.round(listPriceOf('HYD-401001') * 0.7), validFrom: since },
];

const promotion = (p: Omit<PromotionUpsertedDetail, 'schemaVersion' | 'revision' | 'occurredAt' | 'validFrom' | 'validTo'>): PromotionUpsertedDetail => ({
  schemaVersion: 1,
  revision: 1,
  occurredAt: at,
  validFrom: since,
  validTo: '2099-01-01',
  ...p,
});

export const demoPromotions: PromotionUpsertedDetail[] = [
  promotion({ promotionId: 'PROMO-BEARINGS', name: 'Bearing week', target: { categoryIds: ['bearings'] }, benefit: { kind: 'percent-off', bps: 500 }, stacking: 'stackable' }),
  promotion({ promotionId: 'PROMO-BOLTS-GOLD', name: 'Gold bolts', target: { tiers: ['gold'], categoryIds: ['bolts'] }, benefit: { kind: 'percent-off', bps: 200 }, stacking: 'stackable' }),
  promotion({ promotionId: 'PROMO-CLEARANCE', name: 'Clearance', target: { skus: ['FAS-101002'] }, benefit: { kind: 'amount-off', amountMinor: 20_000, currency: 'USD' }, stacking: 'exclusive' }),
  promotion({ promotionId: 'PROMO-BOLT-GLOVES', name: 'Bolt glove deal', target: { dealerIds: ['D-BOLT'], skus: ['SAF-602001'] }, benefit: { kind: 'fixed-price', amountMinor: Math.round(listPriceOf('SAF-602001') * 0.7), currency: 'USD' }, stacking: 'exclusive' }),
];
