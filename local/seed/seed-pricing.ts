import { contractPriceUpserted } from '#events/contract-price-upserted';
import { priceListPublished } from '#events/price-list-published';
import { pricingTierUpserted } from '#events/pricing-tier-upserted';
import { promotionUpserted } from '#events/promotion-upserted';
import type { LocalStack } from '../stack.ts';
import { publishErpEvents } from '../erp.ts';
import { demoContracts, demoPriceLists, demoPromotions, demoTiers } from './demo-pricing.ts';

/** The demo price data, published as the ERP does: tiers, the lists (in parts), contracts, promotions. */
export async function seedPricing(stack: LocalStack): Promise<{ priceListParts: number; contracts: number; promotions: number }> {
  const letters = stack.bus.deadLetters.length;
  const lists = demoPriceLists();
  await publishErpEvents(pricingTierUpserted, demoTiers);
  await publishErpEvents(priceListPublished, lists);
  await publishErpEvents(contractPriceUpserted, demoContracts);
  await publishErpEvents(promotionUpserted, demoPromotions);
  await stack.bus.drain();
  const rejected = stack.bus.deadLetters.slice(letters);
  if (rejected.length > 0) throw new Error(`pricing seed events were rejected: ${JSON.stringify(rejected[0]?.error)}`);
  return { priceListParts: lists.length, contracts: demoContracts.length, promotions: demoPromotions.length };
}
