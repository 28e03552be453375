import type { QuoteContext, QuoteReads } from '#domain/quoting';
import { CatalogRepository } from '#functions/data/catalog-repository';
import { DealerRepository } from '#functions/data/dealer-repository';
import { EntitlementRepository } from '#functions/data/entitlement-repository';
import { PriceRepository } from '#functions/data/price-repository';
import { readEnv, tableEnv } from '#functions/shared/config';
import { documentClient } from '#functions/shared/dynamodb';

/** The adapters a quote needs (quotes and special-price requests price the same way), created once per cold start. */
export function quoteDeps() {
  const { TABLE_NAME } = readEnv(tableEnv);
  const catalog = new CatalogRepository(documentClient, TABLE_NAME);
  const prices = new PriceRepository(documentClient, TABLE_NAME);
  return {
    tableName: TABLE_NAME,
    dealers: new DealerRepository(documentClient, TABLE_NAME),
    entitlements: new EntitlementRepository(documentClient, TABLE_NAME),
    taxonomy: catalog,
    products: catalog,
    prices,
    /** The quote's two batched reads: dealer context in one BatchGet, then ceil(SKUs/100) BatchGets. */
    reads: prices,
    today: () => new Date().toISOString().slice(0, 10),
  };
}

/**
 * The quote reads, answering the dealer context from what the route prefetched (same dealer and
 * ship-to) instead of asking DynamoDB again; everything else goes to `reads`.
 */
export function primedQuoteReads(reads: QuoteReads, prefetched: { readonly dealerId?: string | undefined; readonly body: { readonly shipToId: string }; readonly context?: QuoteContext | undefined }): QuoteReads {
  return {
    quoteContext: (dealerId, shipToId) =>
      prefetched.context && dealerId === prefetched.dealerId && shipToId === prefetched.body.shipToId ? Promise.resolve(prefetched.context) : reads.quoteContext(dealerId, shipToId),
    quoteSkus: (skus, dealerId, currency, versions) => reads.quoteSkus(skus, dealerId, currency, versions),
  };
}
