import { defaultEntitlement, isVisibleTo, type CatalogAudience } from '#domain/entitlements';
import { Forbidden, NotFound } from '#domain/errors';
import type { Principal } from '#domain/identity';
import type { DealerStore, EntitlementStore, ProductStore, StoredProduct, TaxonomyStore } from '#domain/ports';
import { buildPriceIndex, describeStep, priceLine, type PricingDealer } from '#domain/pricing';
import { fingerprint } from '#domain/pricing-fingerprint';
import type { PriceData, VolumeBreakSchedule } from '#domain/pricing-rules';
import type { ListPointer, PriceStore, SheetView } from '#domain/pricing-store';
import { ancestors, buildTaxonomy, type Taxonomy } from '#domain/taxonomy';
import { shipTosVisibleTo, type PortalUser } from '#domain/user';

export interface QuoteDeps {
  readonly dealers: DealerStore;
  readonly entitlements: EntitlementStore;
  readonly taxonomy: TaxonomyStore;
  readonly products: ProductStore;
  readonly prices: PriceStore;
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

function packagingProblems(quantity: number, product: NonNullable<StoredProduct['record']['data']>): LineProblem[] {
  const problems: LineProblem[] = [];
  if (quantity < product.minimumOrderQuantity)
    problems.push({ code: 'below-minimum-order-quantity', message: `The minimum order quantity is ${product.minimumOrderQuantity}` });
  if (quantity % product.orderMultiple !== 0) problems.push({ code: 'not-order-multiple', message: `Order in multiples of ${product.orderMultiple}` });
  return problems;
}

/**
 * Prices up to 500 lines for the caller's dealer and one of its ship-tos. Reads (docs/data-model.md,
 * "A quote's reads"): dealer with ship-tos, entitlement, taxonomy and the pricing partition together;
 * then products and price sheets, 100 SKUs per BatchGet, together. Never one read per line.
 *
 * A SKU the dealer may not see (unknown, quarantined, not entitled) is `unknown-sku`, exactly like the
 * catalog's 404: a quote never tells a dealer that a SKU exists outside its catalog. Packaging
 * problems do not stop a line being priced; lines without a price add nothing to the total.
 */
export async function quote(principal: Principal, user: PortalUser, request: QuoteRequest, deps: QuoteDeps) {
  if (principal.kind !== 'dealer') throw new Forbidden('quotes are for dealers');
  const { dealerId } = principal;
  const [{ dealer, shipTos }, entitlement, categories, context] = await Promise.all([
    deps.dealers.getWithShipTos(dealerId),
    deps.entitlements.get(dealerId),
    deps.taxonomy.all(),
    deps.prices.context(),
  ]);
  if (!dealer) throw new NotFound(`dealer ${dealerId}`);
  const shipTo = shipTosVisibleTo(user, shipTos).find((s) => s.shipToId === request.shipToId);
  if (!shipTo) throw new NotFound(`ship-to ${request.shipToId}`);

  const date = deps.today();
  const pointer = context.pointers.find((p) => p.currency === dealer.currency);
  const skus = [...new Set(request.lines.map((l) => l.sku))];
  const [products, sheets] = await Promise.all([
    deps.products.get(skus),
    deps.prices.sheets(
      skus,
      dealerId,
      dealer.currency,
      (pointer?.versions ?? []).map((v) => v.version),
    ),
  ]);
  const taxonomy = buildTaxonomy(categories);
  const audience: CatalogAudience = { kind: 'dealer', dealerId, entitlement: entitlement ?? defaultEntitlement };
  const pricingDealer: PricingDealer = { dealerId, tier: dealer.tier, currency: dealer.currency };
  const index = buildPriceIndex(pricingDealer, { ...priceDataFor(dealerId, dealer.currency, pointer, sheets.values(), date), tiers: context.tiers, promotions: context.promotions });

  let totalMinor = 0;
  const lines = request.lines.map((line, i) => {
    const stored = products.get(line.sku);
    const data = stored?.record.data;
    const visible =
      stored !== undefined &&
      data !== undefined &&
      stored.verdict.state === 'complete' &&
      isVisibleTo(audience, { sku: line.sku, categoryId: data.categoryId, lifecycle: stored.record.lifecycle, replacementSku: stored.record.replacementSku }, taxonomy);
    const base = { lineNumber: i + 1, sku: line.sku, quantity: line.quantity };
    if (!visible || !stored || !data)
      return { ...base, unitPriceMinor: null, extendedPriceMinor: null, priceVersion: null, explanation: [], problems: [{ code: 'unknown-sku' as const, message: 'No such product in your catalog' }] };
    if (stored.record.lifecycle === 'discontinued')
      return {
        ...base,
        unitPriceMinor: null,
        extendedPriceMinor: null,
        priceVersion: null,
        explanation: [],
        problems: [{ code: 'discontinued' as const, message: `Discontinued; order ${stored.record.replacementSku ?? 'its replacement'} instead` }],
      };
    const problems = packagingProblems(line.quantity, data);
    const priced = priceLine(index, { sku: line.sku, categoryPath: categoryPathOf(taxonomy, data.categoryId), quantity: line.quantity, date, shipToId: shipTo.shipToId });
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
