import { Fingerprint } from './pricing-fingerprint.ts';
import {
  fullBps,
  isValidOn,
  maxAmountMinor,
  percentOff,
  type ContractPriceRecord,
  type ListPriceRecord,
  type PriceData,
  type PriceFloorRecord,
  type PromotionRecord,
  type SourceRef,
  type TierDefinition,
  type VolumeBreakSchedule,
} from './pricing-rules.ts';

/**
 * The pricing engine: pure, integer minor units only, no I/O. `buildPriceIndex` indexes one dealer's
 * price data by SKU and category once; `priceLine` then prices a line in O(rules for that SKU).
 *
 * The policy, in order (each step that changes the number is an explanation step naming its record):
 *  1. **list** — the dealer's currency, effective on the date; latest `effectiveFrom` wins, then the
 *     higher price list version.
 *  2. **tier** — the dealer tier's discount off list; a discount for the product's category (the most
 *     specific one on the category path) replaces the tier's general discount.
 *  3. **volume break (list)** — of the list-path schedules valid on the date, every break whose
 *     `minQuantity` the line reaches is a candidate; the lowest resulting price is taken.
 *  4. **contract** — a dealer × SKU contract price valid on the date *replaces* steps 1–3 (the most
 *     recent `validFrom` wins, then the higher revision); then the contract's own volume breaks.
 *     A line with neither list nor contract price has no price (`no-list-price`).
 *  5. **promotion** — best for the dealer. The candidates are each applicable `exclusive` promotion
 *     alone (fixed prices are always exclusive) and the stack of all applicable `stackable` promotions
 *     (percent-offs compounded first, then amount-offs, each group in promotion id order). The lowest
 *     result wins; on a tie, fewer promotions, then the lower promotion id. A promotion never raises a
 *     price, and an amount-off never goes below zero.
 *  6. **floor** — the price is raised to the SKU's highest minimum-price floor when below it, so no
 *     stack ever sells below cost (nor below zero).
 * Rounding: every percentage step rounds half-to-even to the minor unit at that step (the step shows
 * the rounded amount, so the explanation replays exactly); fixed and amount steps are exact. The
 * extended price is `unit × quantity`, exact.
 */

export interface PricingDealer {
  readonly dealerId: string;
  readonly tier: string;
  readonly currency: string;
}

export interface PriceLineInput {
  readonly sku: string;
  /** The product's category first, then its ancestors (tier and promotion targets match any of them). */
  readonly categoryPath: readonly string[];
  readonly quantity: number;
  /** `YYYY-MM-DD`. */
  readonly date: string;
  readonly shipToId: string;
}

export type PriceOperation =
  | { readonly kind: 'set'; readonly amountMinor: number }
  | { readonly kind: 'percent-off'; readonly bps: number }
  | { readonly kind: 'amount-off'; readonly amountMinor: number }
  | { readonly kind: 'at-least'; readonly amountMinor: number };

export type PriceStepKind = 'list' | 'tier' | 'contract' | 'volume-break' | 'promotion' | 'floor';

/** What a step needs to be told in words (`describeStep`); kept as data so pricing builds no text. */
export interface PriceStepDetail {
  readonly minQuantity?: number;
  readonly categoryId?: string;
  readonly appliesTo?: 'list' | 'contract';
  readonly promotionName?: string;
  readonly stacked?: boolean;
}

export interface PriceStep {
  readonly step: PriceStepKind;
  readonly source: SourceRef;
  readonly operation: PriceOperation;
  readonly unitPriceMinor: number;
  readonly detail?: PriceStepDetail;
}

/** What a step's rule did, for people. */
export function describeStep(s: PriceStep): string {
  const d = s.detail ?? {};
  const op = s.operation;
  switch (s.step) {
    case 'list':
      return `list price from price list ${s.source.id} version ${s.source.revision}`;
    case 'tier':
      return `tier ${s.source.id} discount ${op.kind === 'percent-off' ? op.bps : 0} bps${d.categoryId === undefined ? '' : ` for category ${d.categoryId}`}`;
    case 'contract':
      return `contract price ${s.source.id} (replaces list and tier)`;
    case 'volume-break':
      return `${d.appliesTo ?? 'list'} quantity break at ${d.minQuantity ?? 0}+ (schedule ${s.source.id})`;
    case 'promotion':
      return `promotion ${s.source.id} "${d.promotionName ?? ''}" (${d.stacked ? 'stacked' : 'exclusive'}, best for dealer)`;
    case 'floor':
      return `minimum price floor ${s.source.id}`;
  }
}

export type NoPriceReason = 'no-list-price' | 'invalid-quantity' | 'amount-out-of-range';

export type LinePrice =
  | {
      readonly kind: 'priced';
      readonly sku: string;
      readonly quantity: number;
      readonly currency: string;
      readonly unitPriceMinor: number;
      readonly extendedPriceMinor: number;
      readonly steps: readonly PriceStep[];
      readonly priceVersion: string;
    }
  | { readonly kind: 'no-price'; readonly sku: string; readonly quantity: number; readonly reason: NoPriceReason; readonly message: string };

/** What one operation does to a unit price. Explanations replay through this alone. */
export function applyOperation(unitPriceMinor: number, operation: PriceOperation): number {
  switch (operation.kind) {
    case 'set':
      return operation.amountMinor;
    case 'percent-off':
      return percentOff(unitPriceMinor, Math.min(Math.max(operation.bps, 0), fullBps));
    case 'amount-off':
      return Math.max(0, unitPriceMinor - operation.amountMinor);
    case 'at-least':
      return Math.max(unitPriceMinor, operation.amountMinor);
  }
}

/** The unit price an explanation's steps produce, from nothing. */
export const replaySteps = (steps: readonly PriceStep[]): number => steps.reduce((price, s) => applyOperation(price, s.operation), 0);

/** A promotion as the index keeps it: its rank in promotion id order and its operation, computed once. */
export interface IndexedPromotion {
  readonly record: PromotionRecord;
  readonly rank: number;
  readonly operation: PriceOperation;
  /** Combines with other stackable ones (fixed prices never do). */
  readonly stackable: boolean;
}

export interface PriceIndex {
  readonly dealer: PricingDealer;
  readonly tier: TierDefinition | undefined;
  readonly listBySku: ReadonlyMap<string, readonly ListPriceRecord[]>;
  readonly contractsBySku: ReadonlyMap<string, readonly ContractPriceRecord[]>;
  readonly listBreaksBySku: ReadonlyMap<string, readonly VolumeBreakSchedule[]>;
  readonly contractBreaksBySku: ReadonlyMap<string, readonly VolumeBreakSchedule[]>;
  readonly promotionsBySku: ReadonlyMap<string, readonly IndexedPromotion[]>;
  readonly promotionsByCategory: ReadonlyMap<string, readonly IndexedPromotion[]>;
  readonly promotionsForAll: readonly IndexedPromotion[];
  readonly floorsBySku: ReadonlyMap<string, readonly PriceFloorRecord[]>;
}

function group<T>(items: readonly T[], key: (item: T) => string, compare: (a: T, b: T) => number): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  for (const list of out.values()) list.sort(compare);
  return out;
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const inTarget = (values: readonly string[] | undefined, value: string): boolean => values === undefined || values.includes(value);

/**
 * Indexes one dealer's price data once: only records in the dealer's currency, for the dealer, its
 * tier; promotions bucketed by the SKUs, else the categories, they target. Order inside each bucket
 * is fixed here, so pricing is deterministic whatever order the records came in.
 */
export function buildPriceIndex(dealer: PricingDealer, data: PriceData): PriceIndex {
  const { currency, dealerId } = dealer;
  const listBySku = group(
    data.listPrices.filter((p) => p.currency === currency),
    (p) => p.sku,
    (a, b) => byText(b.effectiveFrom, a.effectiveFrom) || b.version - a.version || byText(a.priceListId, b.priceListId),
  );
  const contractsBySku = group(
    data.contractPrices.filter((c) => c.currency === currency && c.dealerId === dealerId),
    (c) => c.sku,
    (a, b) => byText(b.validFrom, a.validFrom) || b.revision - a.revision || byText(a.contractId, b.contractId),
  );
  const schedules = data.volumeBreaks.filter((s) => s.currency === currency && (s.dealerId === undefined || s.dealerId === dealerId));
  const bySchedule = (a: VolumeBreakSchedule, b: VolumeBreakSchedule): number => byText(a.scheduleId, b.scheduleId);
  const listBreaksBySku = group(
    schedules.filter((s) => s.appliesTo === 'list'),
    (s) => s.sku,
    bySchedule,
  );
  const contractBreaksBySku = group(
    schedules.filter((s) => s.appliesTo === 'contract'),
    (s) => s.sku,
    bySchedule,
  );
  const promotions = data.promotions
    .filter((p) => inTarget(p.target.dealerIds, dealerId) && inTarget(p.target.tiers, dealer.tier))
    .filter((p) => p.benefit.kind === 'percent-off' || p.benefit.currency === currency)
    .sort((a, b) => byText(a.promotionId, b.promotionId));
  const promotionsBySku = new Map<string, IndexedPromotion[]>();
  const promotionsByCategory = new Map<string, IndexedPromotion[]>();
  const promotionsForAll: IndexedPromotion[] = [];
  const push = (map: Map<string, IndexedPromotion[]>, key: string, p: IndexedPromotion): void => {
    const list = map.get(key);
    if (list) list.push(p);
    else map.set(key, [p]);
  };
  promotions.forEach((record, rank) => {
    const p: IndexedPromotion = { record, rank, operation: promotionOperation(record), stackable: record.stacking === 'stackable' && record.benefit.kind !== 'fixed-price' };
    if (record.target.skus) for (const sku of new Set(record.target.skus)) push(promotionsBySku, sku, p);
    else if (record.target.categoryIds) for (const c of new Set(record.target.categoryIds)) push(promotionsByCategory, c, p);
    else promotionsForAll.push(p);
  });
  const floorsBySku = group(
    data.floors.filter((f) => f.currency === currency),
    (f) => f.sku,
    (a, b) => b.amountMinor - a.amountMinor || byText(a.floorId, b.floorId),
  );
  return {
    dealer,
    tier: data.tiers.find((t) => t.tierId === dealer.tier),
    listBySku,
    contractsBySku,
    listBreaksBySku,
    contractBreaksBySku,
    promotionsBySku,
    promotionsByCategory,
    promotionsForAll,
    floorsBySku,
  };
}

const none: readonly never[] = [];

const inRange = (amountMinor: number): boolean => Number.isSafeInteger(amountMinor) && amountMinor >= 0 && amountMinor <= maxAmountMinor;

/** A price builder: each step appends itself and moves the unit price. */
class Steps {
  price = 0;
  readonly list: PriceStep[] = [];
  add(step: PriceStepKind, source: SourceRef, operation: PriceOperation, detail?: PriceStepDetail): void {
    this.price = applyOperation(this.price, operation);
    this.list.push(detail ? { step, source, operation, unitPriceMinor: this.price, detail } : { step, source, operation, unitPriceMinor: this.price });
  }
}

function bestBreak(steps: Steps, schedules: readonly VolumeBreakSchedule[], quantity: number, date: string): void {
  let best: { price: number; schedule: VolumeBreakSchedule; minQuantity: number; operation: PriceOperation } | undefined;
  for (const schedule of schedules) {
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

const promotionOperation = (p: PromotionRecord): PriceOperation =>
  p.benefit.kind === 'percent-off' ? { kind: 'percent-off', bps: p.benefit.bps } : p.benefit.kind === 'amount-off' ? { kind: 'amount-off', amountMinor: p.benefit.amountMinor } : { kind: 'set', amountMinor: p.benefit.amountMinor };

function inCategoryPath(categoryIds: readonly string[], path: readonly string[]): boolean {
  for (const c of path) if (categoryIds.includes(c)) return true;
  return false;
}

function promotionApplies(p: IndexedPromotion, line: PriceLineInput): boolean {
  const r = p.record;
  if (!isValidOn(r, line.date) || (r.minQuantity !== undefined && r.minQuantity > line.quantity)) return false;
  const t = r.target;
  if (!inTarget(t.skus, line.sku) || !inTarget(t.shipToIds, line.shipToId)) return false;
  return t.categoryIds === undefined || inCategoryPath(t.categoryIds, line.categoryPath);
}

const byRank = (a: IndexedPromotion, b: IndexedPromotion): number => a.rank - b.rank;

function applicablePromotions(index: PriceIndex, line: PriceLineInput): IndexedPromotion[] {
  const out: IndexedPromotion[] = [];
  const bySku = index.promotionsBySku.get(line.sku);
  if (bySku) for (const p of bySku) if (promotionApplies(p, line)) out.push(p);
  for (const c of line.categoryPath) {
    const byCategory = index.promotionsByCategory.get(c);
    if (byCategory) for (const p of byCategory) if (!out.includes(p) && promotionApplies(p, line)) out.push(p);
  }
  for (const p of index.promotionsForAll) if (promotionApplies(p, line)) out.push(p);
  return out.length > 1 ? out.sort(byRank) : out;
}

/** Whether `chosen` at `price` beats the best so far: lower, then fewer promotions, then the lower first id. */
function isBetter(base: number, price: number, count: number, firstRank: number, bestPrice: number, best: readonly IndexedPromotion[] | undefined): boolean {
  if (price >= base) return false;
  if (best === undefined || price < bestPrice) return true;
  if (price > bestPrice) return false;
  return count < best.length || (count === best.length && firstRank < best[0]!.rank);
}

function applyPromotions(steps: Steps, promotions: readonly IndexedPromotion[]): void {
  if (promotions.length === 0) return;
  const base = steps.price;
  let bestPrice = base;
  let best: readonly IndexedPromotion[] | undefined;
  let percents: IndexedPromotion[] | undefined;
  let amounts: IndexedPromotion[] | undefined;
  for (const p of promotions) {
    if (p.stackable) {
      if (p.operation.kind === 'percent-off') (percents ??= []).push(p);
      else (amounts ??= []).push(p);
      continue;
    }
    const price = applyOperation(base, p.operation);
    if (isBetter(base, price, 1, p.rank, bestPrice, best)) {
      best = [p];
      bestPrice = price;
    }
  }
  if (percents || amounts) {
    const ordered = [...(percents ?? none), ...(amounts ?? none)];
    let price = base;
    for (const p of ordered) price = applyOperation(price, p.operation);
    if (isBetter(base, price, ordered.length, ordered[0]!.rank, bestPrice, best)) best = ordered;
  }
  if (!best) return;
  const stacked = best.length > 1 || best[0]!.stackable;
  for (const p of best) steps.add('promotion', { kind: 'promotion', id: p.record.promotionId, revision: p.record.revision }, p.operation, { promotionName: p.record.name, stacked });
}

const tierDiscountFor = (tier: TierDefinition, categoryPath: readonly string[]): { bps: number; categoryId?: string } => {
  for (const c of categoryPath) {
    const bps = tier.categoryDiscountBps[c];
    if (bps !== undefined) return { bps, categoryId: c };
  }
  return { bps: tier.discountBps };
};

/** The price version: every record that set the price (kind, id, revision), the line and the result. */
function priceVersion(dealer: PricingDealer, line: PriceLineInput, unit: number, steps: readonly PriceStep[]): string {
  const hash = new Fingerprint().text('v1').field(dealer.dealerId).field(dealer.tier).field(dealer.currency).field(line.sku).field(line.quantity).field(unit);
  for (const s of steps) hash.field(s.source.kind).field(s.source.id).field(s.source.revision);
  return hash.digest();
}

// The hot path below uses loops and top-level functions only: no closure is created per line.

const outOfRange = (sku: string, quantity: number): LinePrice => ({ kind: 'no-price', sku, quantity, reason: 'amount-out-of-range', message: 'The price is beyond the amounts the engine handles' });

function firstValid<T extends { readonly validFrom: string; readonly validTo?: string | undefined }>(records: readonly T[] | undefined, date: string): T | undefined {
  if (records) for (const r of records) if (isValidOn(r, date)) return r;
  return undefined;
}

function firstEffective(records: readonly ListPriceRecord[] | undefined, date: string): ListPriceRecord | undefined {
  if (records) for (const p of records) if (p.effectiveFrom <= date && (p.effectiveTo === undefined || date < p.effectiveTo)) return p;
  return undefined;
}

/** Prices one line for the indexed dealer; missing data is a `no-price` answer, never an exception. */
export function priceLine(index: PriceIndex, line: PriceLineInput): LinePrice {
  const { sku, quantity, date } = line;
  if (!Number.isSafeInteger(quantity) || quantity < 1)
    return { kind: 'no-price', sku, quantity, reason: 'invalid-quantity', message: 'Quantity must be a whole number of at least 1' };
  const steps = new Steps();
  const contract = firstValid(index.contractsBySku.get(sku), date);
  if (contract) {
    if (!inRange(contract.amountMinor)) return outOfRange(sku, quantity);
    steps.add('contract', { kind: 'contract', id: contract.contractId, revision: contract.revision }, {
      kind: 'set',
      amountMinor: contract.amountMinor,
    });
    bestBreak(steps, index.contractBreaksBySku.get(sku) ?? none, quantity, date);
  } else {
    const list = firstEffective(index.listBySku.get(sku), date);
    if (!list)
      return { kind: 'no-price', sku, quantity, reason: 'no-list-price', message: `No contract or list price in ${index.dealer.currency} for ${sku} on ${date}` };
    if (!inRange(list.amountMinor)) return outOfRange(sku, quantity);
    steps.add('list', { kind: 'price-list', id: list.priceListId, revision: list.version }, {
      kind: 'set',
      amountMinor: list.amountMinor,
    });
    if (index.tier) {
      const discount = tierDiscountFor(index.tier, line.categoryPath);
      if (discount.bps > 0)
        steps.add('tier', { kind: 'tier', id: index.tier.tierId, revision: index.tier.revision }, { kind: 'percent-off', bps: discount.bps }, discount.categoryId === undefined ? undefined : { categoryId: discount.categoryId });
    }
    bestBreak(steps, index.listBreaksBySku.get(sku) ?? none, quantity, date);
  }
  applyPromotions(steps, applicablePromotions(index, line));
  const floor = index.floorsBySku.get(sku)?.[0];
  if (floor && steps.price < floor.amountMinor)
    steps.add('floor', { kind: 'floor', id: floor.floorId, revision: floor.revision }, { kind: 'at-least', amountMinor: floor.amountMinor });
  const unit = steps.price;
  const extended = unit * quantity;
  if (!inRange(unit) || !Number.isSafeInteger(extended)) return outOfRange(sku, quantity);
  return {
    kind: 'priced',
    sku,
    quantity,
    currency: index.dealer.currency,
    unitPriceMinor: unit,
    extendedPriceMinor: extended,
    steps: steps.list,
    priceVersion: priceVersion(index.dealer, line, unit, steps.list),
  };
}
