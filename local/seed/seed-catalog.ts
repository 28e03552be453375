import { categoryUpserted } from '#events/category-upserted';
import { dealerEntitlementsSet } from '#events/dealer-entitlements-set';
import { productUpserted } from '#events/product-upserted';
import type { LocalStack } from '../stack.ts';
import { publishErpEvents } from '../erp.ts';
import { brokenProductEvents, demoCategoryEvents, demoEntitlements, demoProductEvents } from './demo-catalog.ts';

/**
 * The demo catalog, published the way the ERP/PIM does it: the taxonomy first, then the products
 * (through governance: the broken ones end up quarantined), then dealer entitlements. Replaying it
 * into a persisted table changes nothing (same revisions).
 */
export async function seedCatalog(stack: LocalStack): Promise<{ products: number; quarantined: number }> {
  const letters = stack.bus.deadLetters.length;
  await publishErpEvents(categoryUpserted, demoCategoryEvents());
  await stack.bus.drain();
  const products = demoProductEvents();
  const broken = brokenProductEvents();
  const all = [...products, ...broken];
  for (let i = 0; i < all.length; i += 100) {
    await publishErpEvents(productUpserted, all.slice(i, i + 100));
    await stack.bus.drain();
  }
  await publishErpEvents(dealerEntitlementsSet, demoEntitlements);
  await stack.bus.drain();
  const rejected = stack.bus.deadLetters.slice(letters);
  if (rejected.length > 0) throw new Error(`catalog seed events were rejected: ${JSON.stringify(rejected[0]?.error)}`);
  return { products: products.length, quarantined: broken.length };
}
