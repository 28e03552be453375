import type { FunctionName } from '#functions/catalog';
import type { EventContract } from './contract.ts';
import { categoryUpserted } from './category-upserted.ts';
import { dealerEntitlementsSet } from './dealer-entitlements-set.ts';
import { dealerUpserted } from './dealer-upserted.ts';
import { productDiscontinued } from './product-discontinued.ts';
import { productUpserted } from './product-upserted.ts';
import { priceListPublished } from './price-list-published.ts';
import { contractPriceUpserted } from './contract-price-upserted.ts';
import { contractPriceExpired } from './contract-price-expired.ts';
import { promotionUpserted } from './promotion-upserted.ts';
import { promotionEnded } from './promotion-ended.ts';
import { pricingTierUpserted } from './pricing-tier-upserted.ts';
import { incomingSupplyUpdated } from './incoming-supply-updated.ts';
import { stockAdjusted } from './stock-adjusted.ts';
import { orderAllocated } from './order-allocated.ts';
import { warehouseStockSnapshotChunk } from './warehouse-stock-snapshot.ts';

/**
 * Bus rules: which contract goes to which function. The CDK events stack creates one rule per entry
 * (with retries and a DLQ); the local bus matches events against the same list.
 */
export interface EventRuleSpec {
  readonly name: string;
  readonly description: string;
  readonly contract: EventContract;
  readonly target: FunctionName;
}

export const eventRules = [
  {
    name: 'dealerUpserted',
    description: 'ERP dealer-master updates into the dealer table items',
    contract: dealerUpserted,
    target: 'dealerUpserted',
  },
  {
    name: 'categoryUpserted',
    description: 'Governed taxonomy (categories and attribute templates) into the catalog',
    contract: categoryUpserted,
    target: 'categoryUpserted',
  },
  {
    name: 'productUpserted',
    description: 'ERP product master into the governed catalog (or quarantine)',
    contract: productUpserted,
    target: 'productUpserted',
  },
  {
    name: 'productDiscontinued',
    description: 'ERP discontinuations into the governed catalog',
    contract: productDiscontinued,
    target: 'productDiscontinued',
  },
  {
    name: 'dealerEntitlementsSet',
    description: 'ERP dealer catalog entitlements',
    contract: dealerEntitlementsSet,
    target: 'dealerEntitlementsSet',
  },
  {
    name: 'warehouseStockSnapshotChunk',
    description: 'ERP/WMS warehouse stock snapshots, chunk by chunk, into the stock items',
    contract: warehouseStockSnapshotChunk,
    target: 'warehouseStockSnapshotChunk',
  },
  {
    name: 'stockAdjusted',
    description: 'ERP/WMS per-SKU stock adjustments',
    contract: stockAdjusted,
    target: 'stockAdjusted',
  },
  {
    name: 'orderAllocated',
    description: 'ERP order confirmations: the portal reservation hands over to the ERP allocation',
    contract: orderAllocated,
    target: 'orderAllocated',
  },
  {
    name: 'incomingSupplyUpdated',
    description: 'ERP incoming supply (purchase and production receipts with expected dates)',
    contract: incomingSupplyUpdated,
    target: 'incomingSupplyUpdated',
  },
  {
    name: 'priceListPublished',
    description: 'Writes one part of a versioned price list',
    contract: priceListPublished,
    target: 'priceListPublished',
  },
  {
    name: 'contractPriceUpserted',
    description: 'Applies a dealer × SKU contract price (newest revision wins)',
    contract: contractPriceUpserted,
    target: 'contractPriceUpserted',
  },
  {
    name: 'contractPriceExpired',
    description: 'Expires a dealer × SKU contract price (tombstone keeps the revision)',
    contract: contractPriceExpired,
    target: 'contractPriceExpired',
  },
  {
    name: 'promotionUpserted',
    description: 'Applies a time-boxed promotion (newest revision wins)',
    contract: promotionUpserted,
    target: 'promotionUpserted',
  },
  {
    name: 'promotionEnded',
    description: 'Ends a promotion early (tombstone keeps the revision)',
    contract: promotionEnded,
    target: 'promotionEnded',
  },
  {
    name: 'pricingTierUpserted',
    description: 'Applies a pricing tier and its category discounts (newest revision wins)',
    contract: pricingTierUpserted,
    target: 'pricingTierUpserted',
  },
] as const satisfies readonly EventRuleSpec[];

/** The EventBridge event pattern a rule uses: source and detail-type of its contract. */
export const eventPattern = (rule: EventRuleSpec) => ({
  source: [rule.contract.source],
  detailType: [rule.contract.detailType],
});
