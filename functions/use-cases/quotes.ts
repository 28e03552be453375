import { defaultEntitlement, isVisibleTo, type CatalogAudience } from '#domain/entitlements';
import { Forbidden, NotFound } from '#domain/errors';
import type { Principal } from '#domain/identity';
import type { DealerStore, EntitlementStore, ProductStore, TaxonomyStore } from '#domain/ports';
import { buildPriceIndex, describeStep, priceLine, type PricingDealer } from '#domain/pricing';
import { fingerprint } from '#domain/pricing-fingerprint';
import type { PriceData, VolumeBreakSchedule } from '#domain/pricing-rules';
import type { ListPointer, PriceStore, SheetView } from '#domain/pricing-store';
import { quoteFactsOf, type QuoteFacts, type QuoteReads, type QuoteSku } from '#domain/quoting';
import { ancestors, buildTaxonomy, type Taxonomy } from '#domain/taxonomy';
import { shipTosVisibleTo, type PortalUser } from '#domain/user';

export interface QuoteDeps {
  readonly dealers: DealerStore;
  readonly entitlements: EntitlementStore;
  readonly taxonomy: TaxonomyStore;
  readonly products: ProductStore;
  readonly prices: PriceStore;
  /**
   * The quote's two batched reads (dealer context, then sheet and product per SKU). When absent the
   * quote reads through the stores above instead (same answers, more requests: `storeQuoteReads`).
   */
  readonly reads?: QuoteReads | undefined;
  /** Today as `YYYY-MM-DD` (UTC): the pricing date. */
  readonly today: () => string;
}

export interface QuoteRequest {
  readonly shipToId: string;
  readonly lines: readonly { readonly sku: string; readonly quantity: number }[];
}

export type LineProblemCode = 'unknown-sku' | 'discontinued' | 'no-price' | 'below-minimum-order-quantity' | 'not-order-multiple';

interface LineProblem {
  readonly code: LineProblemCode;
  readonly message: string;
}

/**
 * The list version in force on `date` (newest `effectiveFrom` not after it) and the price data of the
 * quote's SKUs as the engine takes it. Only that version's floor and breaks apply.
 */
export function priceDataFor(dealerId: string, currency: string, pointer: ListPointer | undefined, sheets: Iterable<SheetView>, date: string): Omit<PriceData, 'tiers' | 'promotions'> {
  const inForce = pointer?.versions.find((v) => v.effectiveFrom <= date);
  const data = { listPrices: [] as PriceData['listPrices'][number][], contractPrices: [] as PriceData['contractPrices'][number][], volumeBreaks: [] as VolumeBreakSchedule[], floors: [] as PriceData['floors'][number][] };
  for (const sheet of sheets) {
    const entry = inForce && pointer ? sheet.list.get(inForce.version) : undefined;
    if (entry && inForce && pointer) {
      const source = { id: pointer.priceListId, version: inForce.version };
      data.listPrices.push({ priceListId: source.id, version: source.version, currency, sku: sheet.sku, amountMinor: entry.amountMinor, effectiveFrom: inForce.effectiveFrom });
      if (entry.floorMinor !== undefined) data.floors.push({ floorId: `${source.id}@${source.version}`, revision: source.version, sku: sheet.sku, currency, amountMinor: entry.floorMinor });
      if (entry.breaks?.length)
        data.volumeBreaks.push({ scheduleId: `${source.id}@${source.version}`, revision: source.version, appliesTo: 'list', sku: sheet.sku, currency, breaks: entry.breaks, validFrom: inForce.effectiveFrom });
    }
    const c = sheet.contract;
    if (c && !c.expired && c.currency === currency) {
      data.contractPrices.push({ contractId: c.contractId, revision: c.revision, dealerId, sku: sheet.sku, currency, amountMinor: c.amountMinor, validFrom: c.validFrom, validTo: c.validTo });
      if (c.breaks?.length)
        data.volumeBreaks.push({ scheduleId: c.contractId, revision: c.revision, appliesTo: 'contract', sku: sheet.sku, currency, dealerId, breaks: c.breaks, validFrom: c.validFrom, validTo: c.validTo });
    }
  }
  return data;
}

const categoryPathOf = (taxonomy: Taxonomy, categoryId: string): string[] => [categoryId, ...ancestors(taxonomy, categoryId).reverse()];

function packagingProblems(quantity: number, facts: QuoteFacts): LineProblem[] {
  const problems: LineProblem[] = [];
  const moq = facts.minimumOrderQuantity ?? 1;
  const multiple = facts.orderMultiple ?? 1;
  if (quantity < moq) problems.push({ code: 'below-minimum-order-quantity', message: `The minimum order quantity is ${moq}` });
  if (quantity % multiple !== 0) problems.push({ code: 'not-order-multiple', message: `Order in multiples of ${multiple}` });
  return problems;
}

/**
 * The quote's reads through the individual stores (dealer with ship-tos, entitlement, taxonomy and
 * pricing context together; then products and sheets together): 4 + 2·ceil(n/100) requests. Kept
 * for callers that compose only the stores; `PriceRepository` implements `QuoteReads` in
 * 1 + ceil(n/100).
 */
export function storeQuoteReads(deps: Pick<QuoteDeps, 'dealers' | 'entitlements' | 'taxonomy' | 'products' | 'prices'>): QuoteReads {
  return {
    async quoteContext(dealerId, shipToId) {
      const [{ dealer, shipTos }, entitlement, categories, pricing] = await Promise.all([
        deps.dealers.getWithShipTos(dealerId),
        deps.entitlements.get(dealerId),
        deps.taxonomy.all(),
        deps.prices.context(),
      ]);
      return { dealer, shipTo: dealer ? shipTos.find((s) => s.shipToId === shipToId) : undefined, entitlement, categories, pricing };
    },
    async quoteSkus(skus, dealerId, currency, versions) {
      const [products, sheets] = await Promise.all([deps.products.get(skus), deps.prices.sheets(skus, dealerId, currency, versions)]);
      const found = new Map<string, QuoteSku>();
      for (const sku of new Set(skus)) {
        const product = products.get(sku);
        const sheet = sheets.get(sku);
        if (product || sheet) found.set(sku, { sku, facts: product ? quoteFactsOf(product.record, product.verdict) : undefined, sheet: sheet ?? { sku, list: new Map() } });
      }
      return found;
    },
  };
}

/**
 * Prices up to 500 lines for the caller's dealer and one of its ship-tos. Reads (docs/data-model.md,
 * "A quote's reads"): the dealer context (profile, the ship-to, entitlement, taxonomy tree, pricing
 * context) in one BatchGet; then the SKUs' price sheets and product items (quoting facts), 100 keys
 * per BatchGet, together. Never one read per line. The pointer is read once, so every line of a quote is priced from
 * the same list version even while a new one is being published.
 *
 * A SKU the dealer may not see (unknown, quarantined, not entitled) is `unknown-sku`, exactly like the
 * catalog's 404: a quote never tells a dealer that a SKU exists outside its catalog. Packaging
 * problems do not stop a line being priced; lines without a price add nothing to the total.
 */
export async function quote(principal: Principal, user: PortalUser, request: QuoteRequest, deps: QuoteDeps) {
  if (principal.kind !== 'dealer') throw new Forbidden('quotes are for dealers');
  const { dealerId } = principal;
  const reads = deps.reads ?? storeQuoteReads(deps);
  const context = await reads.quoteContext(dealerId, request.shipToId);
  const { dealer, entitlement } = context;
  if (!dealer) throw new NotFound(`dealer ${dealerId}`);
  const shipTo = context.shipTo ? shipTosVisibleTo(user, [context.shipTo])[0] : undefined;
  if (!shipTo) throw new NotFound(`ship-to ${request.shipToId}`);

  const date = deps.today();
  const pointer = context.pricing.pointers.find((p) => p.currency === dealer.currency);
  const skus = [...new Set(request.lines.map((l) => l.sku))];
  const found = await reads.quoteSkus(
    skus,
    dealerId,
    dealer.currency,
    (pointer?.versions ?? []).map((v) => v.version),
  );
  const taxonomy = buildTaxonomy(context.categories);
  const audience: CatalogAudience = { kind: 'dealer', dealerId, entitlement: entitlement ?? defaultEntitlement };
  const pricingDealer: PricingDealer = { dealerId, tier: dealer.tier, currency: dealer.currency };
  const sheets = [...found.values()].map((q) => q.sheet);
  const index = buildPriceIndex(pricingDealer, { ...priceDataFor(dealerId, dealer.currency, pointer, sheets, date), tiers: context.pricing.tiers, promotions: context.pricing.promotions });

  let totalMinor = 0;
  const lines = request.lines.map((line, i) => {
    const facts = found.get(line.sku)?.facts;
    const categoryId = facts?.categoryId;
    const visible =
      facts !== undefined &&
      categoryId !== undefined &&
      facts.state === 'complete' &&
      isVisibleTo(audience, { sku: line.sku, categoryId, lifecycle: facts.lifecycle, replacementSku: facts.replacementSku }, taxonomy);
    const base = { lineNumber: i + 1, sku: line.sku, quantity: line.quantity };
    if (!visible || !facts || categoryId === undefined)
      return { ...base, unitPriceMinor: null, extendedPriceMinor: null, priceVersion: null, explanation: [], problems: [{ code: 'unknown-sku' as const, message: 'No such product in your catalog' }] };
    if (facts.lifecycle === 'discontinued')
      return {
        ...base,
        unitPriceMinor: null,
        extendedPriceMinor: null,
        priceVersion: null,
        explanation: [],
        problems: [{ code: 'discontinued' as const, message: `Discontinued; order ${facts.replacementSku ?? 'its replacement'} instead` }],
      };
    const problems = packagingProblems(line.quantity, facts);
    const priced = priceLine(index, { sku: line.sku, categoryPath: categoryPathOf(taxonomy, categoryId), quantity: line.quantity, date, shipToId: shipTo.shipToId });
    if (priced.kind === 'no-price')
      return { ...base, unitPriceMinor: null, extendedPriceMinor: null, priceVersion: null, explanation: [], problems: [...problems, { code: 'no-price' as const, message: priced.message }] };
    totalMinor += priced.extendedPriceMinor;
    return {
      ...base,
      unitPriceMinor: priced.unitPriceMinor,
      extendedPriceMinor: priced.extendedPriceMinor,
      priceVersion: priced.priceVersion,
      explanation: priced.steps.map((s) => ({ step: s.step, rule: describeStep(s), source: { ...s.source }, unitPriceMinor: s.unitPriceMinor })),
      problems,
    };
  });
  return {
    dealerId,
    shipToId: shipTo.shipToId,
    currency: dealer.currency,
    pricedOn: date,
    lines,
    totalMinor,
    complete: lines.every((l) => l.problems.length === 0),
    priceVersion: fingerprint(lines.map((l) => `${l.sku}:${l.quantity}:${l.priceVersion ?? '-'}`).join('|')),
  };
}
