import { applyOperation, type PriceLineInput, type PriceOperation, type PriceStep, type PriceStepDetail, type PriceStepKind, type PricingDealer } from '#domain/pricing';
import { isValidOn, maxAmountMinor, type PriceData, type PromotionRecord, type SourceRef, type VolumeBreakSchedule } from '#domain/pricing-rules';

/**
 * The pricing policy of domain/pricing.ts written the plain way, for equivalence properties: no index,
 * every record and every promotion checked on every line, candidates sorted, nothing cached. It is the
 * engine as it was before its performance work (same rules, same tie-breaks), minus the price version.
 * Slow on purpose; never used outside tests.
 */
export type ReferenceLine =
  | { readonly kind: 'priced'; readonly unitPriceMinor: number; readonly extendedPriceMinor: number; readonly steps: readonly PriceStep[] }
  | { readonly kind: 'no-price'; readonly reason: string };

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const inTarget = (values: readonly string[] | undefined, value: string): boolean => values === undefined || values.includes(value);
const inRange = (amountMinor: number): boolean => Number.isSafeInteger(amountMinor) && amountMinor >= 0 && amountMinor <= maxAmountMinor;

interface Candidate {
  readonly record: PromotionRecord;
  readonly rank: number;
  readonly operation: PriceOperation;
  readonly stackable: boolean;
}

class Steps {
  price = 0;
  readonly list: PriceStep[] = [];
  add(step: PriceStepKind, source: SourceRef, operation: PriceOperation, detail?: PriceStepDetail): void {
    this.price = applyOperation(this.price, operation);
    this.list.push({ step, source, operation, unitPriceMinor: this.price, detail });
  }
}

function bestBreak(steps: Steps, schedules: readonly VolumeBreakSchedule[], quantity: number, date: string): void {
  let best: { price: number; schedule: VolumeBreakSchedule; minQuantity: number; operation: PriceOperation } | undefined;
  for (const schedule of [...schedules].sort((a, b) => byText(a.scheduleId, b.scheduleId))) {
    if (!isValidOn(schedule, date)) continue;
    for (const b of schedule.breaks) {
      if (b.minQuantity > quantity) continue;
      const operation: PriceOperation =
        b.adjustment.kind === 'percent-off' ? { kind: 'percent-off', bps: b.adjustment.bps } : { kind: 'set', amountMinor: b.adjustment.amountMinor };
      const price = applyOperation(steps.price, operation);
      if (price < steps.price && (best === undefined || price < best.price)) best = { price, schedule, minQuantity: b.minQuantity, operation };
    }
  }
  if (best)
    steps.add('volume-break', { kind: 'volume-break', id: best.schedule.scheduleId, revision: best.schedule.revision }, best.operation, {
      minQuantity: best.minQuantity,
      appliesTo: best.schedule.appliesTo,
    });
}

function isBetter(base: number, price: number, count: number, firstRank: number, bestPrice: number, best: readonly Candidate[] | undefined): boolean {
  if (price >= base) return false;
  if (best === undefined || price < bestPrice) return true;
  if (price > bestPrice) return false;
  return count < best.length || (count === best.length && firstRank < best[0]!.rank);
}

function applyPromotions(steps: Steps, promotions: readonly Candidate[]): void {
  const base = steps.price;
  let bestPrice = base;
  let best: readonly Candidate[] | undefined;
  for (const p of promotions.filter((c) => !c.stackable)) {
    const price = applyOperation(base, p.operation);
    if (isBetter(base, price, 1, p.rank, bestPrice, best)) {
      best = [p];
      bestPrice = price;
    }
  }
  const ordered = [...promotions.filter((c) => c.stackable && c.operation.kind === 'percent-off'), ...promotions.filter((c) => c.stackable && c.operation.kind !== 'percent-off')];
  if (ordered.length > 0) {
    const price = ordered.reduce((running, p) => applyOperation(running, p.operation), base);
    if (isBetter(base, price, ordered.length, ordered[0]!.rank, bestPrice, best)) best = ordered;
  }
  if (!best) return;
  const stacked = best.length > 1 || best[0]!.stackable;
  for (const p of best) steps.add('promotion', { kind: 'promotion', id: p.record.promotionId, revision: p.record.revision }, p.operation, { promotionName: p.record.name, stacked });
}

export function referencePriceLine(dealer: PricingDealer, data: PriceData, line: PriceLineInput): ReferenceLine {
  const { currency, dealerId } = dealer;
  const { sku, quantity, date } = line;
  if (!Number.isSafeInteger(quantity) || quantity < 1) return { kind: 'no-price', reason: 'invalid-quantity' };
  const steps = new Steps();
  const contract = data.contractPrices
    .filter((c) => c.sku === sku && c.currency === currency && c.dealerId === dealerId && isValidOn(c, date))
    .sort((a, b) => byText(b.validFrom, a.validFrom) || b.revision - a.revision || byText(a.contractId, b.contractId))[0];
  const schedules = data.volumeBreaks.filter((s) => s.sku === sku && s.currency === currency && (s.dealerId === undefined || s.dealerId === dealerId));
  if (contract) {
    if (!inRange(contract.amountMinor)) return { kind: 'no-price', reason: 'amount-out-of-range' };
    steps.add('contract', { kind: 'contract', id: contract.contractId, revision: contract.revision }, { kind: 'set', amountMinor: contract.amountMinor });
    bestBreak(
      steps,
      schedules.filter((s) => s.appliesTo === 'contract'),
      quantity,
      date,
    );
  } else {
    const list = data.listPrices
      .filter((p) => p.sku === sku && p.currency === currency && p.effectiveFrom <= date && (p.effectiveTo === undefined || date < p.effectiveTo))
      .sort((a, b) => byText(b.effectiveFrom, a.effectiveFrom) || b.version - a.version || byText(a.priceListId, b.priceListId))[0];
    if (!list) return { kind: 'no-price', reason: 'no-list-price' };
    if (!inRange(list.amountMinor)) return { kind: 'no-price', reason: 'amount-out-of-range' };
    steps.add('list', { kind: 'price-list', id: list.priceListId, revision: list.version }, { kind: 'set', amountMinor: list.amountMinor });
    const tier = data.tiers.find((t) => t.tierId === dealer.tier);
    if (tier) {
      const categoryId = line.categoryPath.find((c) => Object.hasOwn(tier.categoryDiscountBps, c));
      const bps = categoryId === undefined ? tier.discountBps : tier.categoryDiscountBps[categoryId]!;
      if (bps > 0) steps.add('tier', { kind: 'tier', id: tier.tierId, revision: tier.revision }, { kind: 'percent-off', bps }, categoryId === undefined ? undefined : { categoryId });
    }
    bestBreak(
      steps,
      schedules.filter((s) => s.appliesTo === 'list'),
      quantity,
      date,
    );
  }
  const candidates: Candidate[] = data.promotions
    .filter((p) => inTarget(p.target.dealerIds, dealerId) && inTarget(p.target.tiers, dealer.tier))
    .filter((p) => p.benefit.kind === 'percent-off' || p.benefit.currency === currency)
    .sort((a, b) => byText(a.promotionId, b.promotionId))
    .map((record, rank) => ({
      record,
      rank,
      operation:
        record.benefit.kind === 'percent-off'
          ? { kind: 'percent-off' as const, bps: record.benefit.bps }
          : record.benefit.kind === 'amount-off'
            ? { kind: 'amount-off' as const, amountMinor: record.benefit.amountMinor }
            : { kind: 'set' as const, amountMinor: record.benefit.amountMinor },
      stackable: record.stacking === 'stackable' && record.benefit.kind !== 'fixed-price',
    }))
    .filter(({ record: r }) => {
      const t = r.target;
      return (
        isValidOn(r, date) &&
        (r.minQuantity === undefined || r.minQuantity <= quantity) &&
        inTarget(t.skus, sku) &&
        inTarget(t.shipToIds, line.shipToId) &&
        (t.categoryIds === undefined || line.categoryPath.some((c) => t.categoryIds!.includes(c)))
      );
    });
  applyPromotions(steps, candidates);
  const floor = data.floors
    .filter((f) => f.sku === sku && f.currency === currency)
    .sort((a, b) => b.amountMinor - a.amountMinor || byText(a.floorId, b.floorId))[0];
  if (floor && steps.price < floor.amountMinor)
    steps.add('floor', { kind: 'floor', id: floor.floorId, revision: floor.revision }, { kind: 'at-least', amountMinor: floor.amountMinor });
  const unit = steps.price;
  const extended = unit * quantity;
  if (!inRange(unit) || !Number.isSafeInteger(extended)) return { kind: 'no-price', reason: 'amount-out-of-range' };
  return { kind: 'priced', unitPriceMinor: unit, extendedPriceMinor: extended, steps: steps.list };
}
