import type { Entitlement } from './entitlements.ts';
import type { ShipTo } from './dealer.ts';
import type { Verdict } from './governance.ts';
import type { Lifecycle, ProductRecord } from './product.ts';
import type { PricingContext, SheetView } from './pricing-store.ts';
import type { Category } from './taxonomy.ts';

/**
 * What a quote reads, as two batched reads (docs/data-model.md, "A quote's reads"): the dealer
 * context in one round trip, then each SKU's price sheet and product item (its quoting facts) in
 * BatchGets of 100 keys. Implemented in functions/data/price-repository.ts.
 */

/** What a quote needs to know about a product (read from the product item, next to its price sheet). */
export interface QuoteFacts {
  readonly state: Verdict['state'];
  readonly lifecycle: Lifecycle;
  readonly replacementSku?: string | undefined;
  /** Absent for a SKU discontinued before any master data arrived. */
  readonly categoryId?: string | undefined;
  readonly minimumOrderQuantity?: number | undefined;
  readonly orderMultiple?: number | undefined;
}

/** The quoting facts of a product record and its verdict. */
export function quoteFactsOf(record: ProductRecord, verdict: Verdict): QuoteFacts {
  const facts: { -readonly [K in keyof QuoteFacts]: QuoteFacts[K] } = { state: verdict.state, lifecycle: record.lifecycle };
  if (record.replacementSku !== undefined) facts.replacementSku = record.replacementSku;
  if (record.data) {
    facts.categoryId = record.data.categoryId;
    facts.minimumOrderQuantity = record.data.minimumOrderQuantity;
    facts.orderMultiple = record.data.orderMultiple;
  }
  return facts;
}

/** One SKU as one dealer's quote sees it: facts (absent: unknown to the catalog) and its sheet view. */
export interface QuoteSku {
  readonly sku: string;
  readonly facts?: QuoteFacts | undefined;
  readonly sheet: SheetView;
}

/** The pricing-relevant part of a dealer profile. */
export interface QuoteDealer {
  readonly dealerId: string;
  readonly tier: string;
  readonly currency: string;
}

/** Everything about the dealer a quote needs, read in one round trip. */
export interface QuoteContext {
  readonly dealer?: QuoteDealer | undefined;
  /** The requested ship-to, when it is one of the dealer's current ones. */
  readonly shipTo?: ShipTo | undefined;
  readonly entitlement?: Entitlement | undefined;
  /** The category tree (navigation view: ids and parents). */
  readonly categories: readonly Category[];
  readonly pricing: PricingContext;
}

export interface QuoteReads {
  /** Dealer profile, the requested ship-to, entitlement, taxonomy and pricing context: one BatchGet. */
  quoteContext(dealerId: string, shipToId: string): Promise<QuoteContext>;
  /** Price sheets and product items of these SKUs (100 keys per BatchGet), projecting this dealer's contract, these list versions and the quoting facts only. */
  quoteSkus(skus: readonly string[], dealerId: string, currency: string, versions: readonly number[]): Promise<Map<string, QuoteSku>>;
}
