import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { eventRules } from '#events/rules';

const samples: Record<string, string> = {
  DealerUpserted: 'events/samples/dealer-upserted.json',
  CategoryUpserted: 'events/samples/category-upserted.json',
  ProductUpserted: 'events/samples/product-upserted.json',
  ProductDiscontinued: 'events/samples/product-discontinued.json',
  DealerEntitlementsSet: 'events/samples/dealer-entitlements-set.json',
  PriceListPublished: 'events/samples/price-list-published.json',
  ContractPriceUpserted: 'events/samples/contract-price-upserted.json',
  ContractPriceExpired: 'events/samples/contract-price-expired.json',
  PromotionUpserted: 'events/samples/promotion-upserted.json',
  PromotionEnded: 'events/samples/promotion-ended.json',
  PricingTierUpserted: 'events/samples/pricing-tier-upserted.json',
  WarehouseStockSnapshotChunk: 'events/samples/warehouse-stock-snapshot-chunk.json',
  StockAdjusted: 'events/samples/stock-adjusted.json',
  IncomingSupplyUpdated: 'events/samples/incoming-supply-updated.json',
  OrderAllocated: 'events/samples/order-allocated.json',
};

describe('event samples', () => {
  it('exist for every routed contract', () => {
    for (const rule of eventRules) expect(samples[rule.contract.detailType], rule.contract.detailType).toBeDefined();
  });

  it.each(eventRules.map((rule) => [rule.contract.detailType, rule] as const))('%s sample matches its contract', (detailType, rule) => {
    const sample = JSON.parse(readFileSync(samples[detailType]!, 'utf8')) as { source: string; 'detail-type': string; detail: unknown };
    expect(sample.source).toBe(rule.contract.source);
    expect(sample['detail-type']).toBe(rule.contract.detailType);
    expect(rule.contract.detail.safeParse(sample.detail).error).toBeUndefined();
  });
});
