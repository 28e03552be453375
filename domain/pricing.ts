import { finalMix, fnvPrime, hex64, mixNumber, mixWord, partOf, type HashPart } from './pricing-fingerprint.ts';
import {
  fullBps,
  isValidOn,
  maxAmountMinor,
  percentOff,
  type ContractPriceRecord,
  type ListPriceRecord,
  type PriceData,
  type PromotionRecord,
  type SourceRef,
  type TierDefinition,
  type VolumeBreak,
} from './pricing-rules.ts';

/**
 * The pricing engine: pure, integer minor units only, no I/O. `buildPriceIndex` indexes one dealer's
 * price data once: one entry per SKU (its list and contract prices, breaks and floor as short linked
 * lists in precedence order, sources and operations made up front), the dealer's promotions by what they
 * target (`indexPromotions`, memoized per promotions array). `priceLine` then prices a line in
 * O(rules for that SKU + promotions naming its SKU or categories + the every-line promotions that can
 * still win on its date), building no text: explanation steps are data (`describeStep` words them at
 * the edge) and the price version is mixed from per-record hash parts (domain/pricing-fingerprint.ts).
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
 *
 * The price version (16 hex digits, scheme `v2`) names the dealer, tier and currency, the SKU, every
 * record that set the price (kind, id, revision) in step order, the quantity and the unit price: it
 * changes when any of those does, and not when a record that did not set the price changes.
 * test/unit/domain/pricing-reference.ts is the same policy written the plain way; a property checks the
 * engine against it.
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

/** A record as an explanation step names it, with its part of the price version (computed once). */
export interface IndexedSource {
  readonly ref: SourceRef;
  /** Its part of the price version (`partOf(kind, id, revision)`). */
  readonly hashA: number;
  readonly hashB: number;
}

const indexedSource = (kind: SourceRef['kind'], id: string, revision: number): IndexedSource => {
  const hash = partOf(kind, id, revision);
  return { ref: { kind, id, revision }, hashA: hash.a, hashB: hash.b };
};

/** A promotion as the index keeps it: its rank in promotion id order and its operation, computed once. */
export interface IndexedPromotion {
  readonly record: PromotionRecord;
  readonly rank: number;
  readonly operation: PriceOperation;
  /** Combines with other stackable ones (fixed prices never do). */
  readonly stackable: boolean;
  readonly source: IndexedSource;
  /** Whether the line's quantity or ship-to decides if it applies (else only its date and target do). */
  readonly conditional: boolean;
  readonly asStacked: PriceStepDetail;
  readonly asExclusive: PriceStepDetail;
}

/** A dealer's every-line promotions (naming neither SKUs nor categories) resolved for one pricing date. */
interface DatePlan {
  /** Valid on the date, applying to every line: only the ones that can still win (see `undominated`). */
  readonly exclusive: readonly IndexedPromotion[];
  /** Valid on the date, applying to every line, stackable: percent-offs and amount-offs, each by rank. */
  readonly percents: readonly IndexedPromotion[];
  readonly amounts: readonly IndexedPromotion[];
  /** Valid on the date but depending on the line's quantity or ship-to: checked per line. */
  readonly conditional: readonly IndexedPromotion[];
}

/** One dealer's promotions, bucketed by what they target. Depends only on the promotions and the dealer. */
export interface PromotionIndex {
  /** Promotions naming SKUs, by rank (each price index hangs them on its SKUs' entries). */
  readonly skuTargeted: readonly IndexedPromotion[];
  readonly byCategory: ReadonlyMap<string, readonly IndexedPromotion[]>;
  /** Promotions naming neither SKUs nor categories, by rank. */
  readonly forAll: readonly IndexedPromotion[];
  /** `forAll` resolved per pricing date, filled as dates are asked for (bounded). */
  readonly plans: Map<string, DatePlan>;
}

/**
 * Per-SKU records as linked nodes in precedence order, with the fields a line reads copied in: pricing a
 * line follows as few references as possible (the index is large; a line's cost is mostly memory reads).
 */
interface WindowNode<N> {
  readonly from: string;
  readonly to: string | undefined;
  readonly source: IndexedSource;
  next: N | undefined;
}

interface ListNode extends WindowNode<ListNode> {
  readonly amountMinor: number;
  /** Build-time only: precedence ties. */
  readonly record: ListPriceRecord;
}

interface ContractNode extends WindowNode<ContractNode> {
  readonly amountMinor: number;
  readonly record: ContractPriceRecord;
}

interface IndexedBreak {
  readonly minQuantity: number;
  /** The adjustment inline (a percent-off's bps, else a fixed price), so that unchosen breaks are read, not followed. */
  readonly percent: boolean;
  readonly value: number;
  readonly operation: PriceOperation;
  readonly detail: PriceStepDetail;
}

interface ScheduleNode extends WindowNode<ScheduleNode> {
  readonly scheduleId: string;
  readonly breaks: readonly IndexedBreak[];
}

interface IndexedFloor {
  readonly floorId: string;
  readonly source: IndexedSource;
  readonly operation: PriceOperation;
}

/** Everything one SKU's lines need, found with one lookup; the fields a line always reads come first. */
export interface SkuPrices {
  /** The dealer's contract prices, latest `validFrom` first, then the higher revision. */
  readonly contract: ContractNode | undefined;
  /** List prices, latest `effectiveFrom` first, then the higher version. */
  readonly list: ListNode | undefined;
  /** The highest floor (then the lowest floor id), and its amount here so that a line need not follow `floor`. */
  readonly floor: IndexedFloor | undefined;
  readonly floorMinor: number;
  /** SKU-targeted promotions for the dealer, by rank. */
  readonly promotions: readonly IndexedPromotion[];
  /** Quantity break schedules by schedule id. */
  readonly contractBreaks: ScheduleNode | undefined;
  readonly listBreaks: ScheduleNode | undefined;
}

interface TierRule {
  readonly operation: PriceOperation;
  readonly detail: PriceStepDetail | undefined;
}

interface IndexedTier {
  readonly definition: TierDefinition;
  readonly source: IndexedSource;
  /** The general discount, or `null` when it is not a discount (no step). */
  readonly general: TierRule | null;
  /** Category → its discount, or `null` when that category's discount is none (no step, no fallback). */
  readonly byCategory: ReadonlyMap<string, TierRule | null>;
}

export interface PriceIndex {
  readonly dealer: PricingDealer;
  readonly tier: TierDefinition | undefined;
  readonly skus: ReadonlyMap<string, SkuPrices>;
  readonly promotions: PromotionIndex;
  /** @internal */
  readonly tierRules: IndexedTier | undefined;
  /** The version's seed: engine version, dealer, tier, currency. */
  readonly seed: HashPart;
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const inTarget = (values: readonly string[] | undefined, value: string): boolean => values === undefined || values.includes(value);

const none: readonly never[] = [];

/** One object per distinct (kind, id, revision) within a build: list items of one version share theirs. */
class Sources {
  private readonly byKind = new Map<string, Map<string, Map<number, IndexedSource>>>();

  get(kind: SourceRef['kind'], id: string, revision: number): IndexedSource {
    let ids = this.byKind.get(kind);
    if (!ids) this.byKind.set(kind, (ids = new Map<string, Map<number, IndexedSource>>()));
    let revisions = ids.get(id);
    if (!revisions) ids.set(id, (revisions = new Map<number, IndexedSource>()));
    let source = revisions.get(revision);
    if (!source) revisions.set(revision, (source = indexedSource(kind, id, revision)));
    return source;
  }
}

const promotionOperation = (p: PromotionRecord): PriceOperation =>
  p.benefit.kind === 'percent-off' ? { kind: 'percent-off', bps: p.benefit.bps } : p.benefit.kind === 'amount-off' ? { kind: 'amount-off', amountMinor: p.benefit.amountMinor } : { kind: 'set', amountMinor: p.benefit.amountMinor };

/**
 * Built promotion indexes, per promotions array and dealer: a caller that keeps its promotions array (a
 * cached pricing context) builds once per dealer. At most `maxDealersPerArray` are kept per array (a warm
 * function serving many dealers starts over rather than grow).
 */
const promotionIndexes = new WeakMap<readonly PromotionRecord[], Map<string, PromotionIndex>>();
const maxDealersPerArray = 64;

/**
 * One dealer's promotions: those for the dealer, its tier and currency, ranked in promotion id order;
 * SKU-targeted ones listed (each price index hangs them on its own SKUs), else bucketed by the categories
 * they target, else kept for every line. Memoized per `promotions` array (records are immutable), so a
 * caller that reuses its array across quotes pays this once.
 */
export function indexPromotions(dealer: PricingDealer, promotions: readonly PromotionRecord[]): PromotionIndex {
  const key = `${dealer.dealerId}\u0000${dealer.tier}\u0000${dealer.currency}`;
  let byDealer = promotionIndexes.get(promotions);
  const cached = byDealer?.get(key);
  if (cached) return cached;
  const { dealerId, tier, currency } = dealer;
  const ranked = promotions
    .filter((p) => inTarget(p.target.dealerIds, dealerId) && inTarget(p.target.tiers, tier) && (p.benefit.kind === 'percent-off' || p.benefit.currency === currency))
    .sort((a, b) => byText(a.promotionId, b.promotionId));
  const skuTargeted: IndexedPromotion[] = [];
  const byCategory = new Map<string, IndexedPromotion[]>();
  const forAll: IndexedPromotion[] = [];
  const push = (map: Map<string, IndexedPromotion[]>, k: string, p: IndexedPromotion): void => {
    const list = map.get(k);
    if (list) list.push(p);
    else map.set(k, [p]);
  };
  ranked.forEach((record, rank) => {
    const { promotionId: id, revision, name } = record;
    const p: IndexedPromotion = {
      record,
      rank,
      operation: promotionOperation(record),
      stackable: record.stacking === 'stackable' && record.benefit.kind !== 'fixed-price',
      source: indexedSource('promotion', id, revision),
      conditional: record.minQuantity !== undefined || record.target.shipToIds !== undefined,
      asStacked: { promotionName: name, stacked: true },
      asExclusive: { promotionName: name, stacked: false },
    };
    if (record.target.skus) skuTargeted.push(p);
    else if (record.target.categoryIds) {
      const ids = record.target.categoryIds;
      for (let i = 0; i < ids.length; i++) if (ids.indexOf(ids[i]!) === i) push(byCategory, ids[i]!, p);
    }
    else forAll.push(p);
  });
  const index: PromotionIndex = { skuTargeted, byCategory, forAll, plans: new Map() };
  if (!byDealer) promotionIndexes.set(promotions, (byDealer = new Map<string, PromotionIndex>()));
  if (byDealer.size >= maxDealersPerArray) byDealer.clear();
  byDealer.set(key, index);
  return index;
}

/**
 * How strongly an exclusive operation lowers any price, comparable within its kind: the price it gives
 * never rises as the strength grows (percent-off: clamped bps; amount-off: amount; fixed: lower amount).
 */
const strength = (o: PriceOperation): number =>
  o.kind === 'percent-off' ? Math.min(Math.max(o.bps, 0), fullBps) : o.kind === 'amount-off' ? o.amountMinor : o.kind === 'set' ? -o.amountMinor : 0;

/**
 * The exclusive promotions that can still win for some price: of two of the same kind, one at least as
 * strong and lower in rank always wins over (or ties and out-ranks) the other, whatever the price and
 * whatever else applies, so the other is dropped.
 */
export function undominated(exclusive: readonly IndexedPromotion[]): IndexedPromotion[] {
  const out: IndexedPromotion[] = [];
  for (const kind of ['percent-off', 'amount-off', 'set'] as const) {
    const ofKind = exclusive.filter((p) => p.operation.kind === kind).sort((a, b) => strength(b.operation) - strength(a.operation) || a.rank - b.rank);
    let lowestRank = Infinity;
    for (const p of ofKind)
      if (p.rank < lowestRank) {
        out.push(p);
        lowestRank = p.rank;
      }
  }
  return out.sort((a, b) => a.rank - b.rank);
}

const maxPlans = 16;

function planFor(promotions: PromotionIndex, date: string): DatePlan {
  const known = promotions.plans.get(date);
  if (known) return known;
  const exclusive: IndexedPromotion[] = [];
  const percents: IndexedPromotion[] = [];
  const amounts: IndexedPromotion[] = [];
  const conditional: IndexedPromotion[] = [];
  for (const p of promotions.forAll) {
    if (!isValidOn(p.record, date)) continue;
    if (p.conditional) conditional.push(p);
    else if (!p.stackable) exclusive.push(p);
    else if (p.operation.kind === 'percent-off') percents.push(p);
    else amounts.push(p);
  }
  const plan: DatePlan = { exclusive: undominated(exclusive), percents, amounts, conditional };
  if (promotions.plans.size >= maxPlans) promotions.plans.clear();
  promotions.plans.set(date, plan);
  return plan;
}

type MutableSkuPrices = { -readonly [K in keyof SkuPrices]: SkuPrices[K] };

/** Links `node` into a list kept in `compare` order, after the nodes it ties with (a stable insertion). */
function insertSorted<N extends WindowNode<N>>(head: N | undefined, node: N, compare: (a: N, b: N) => number): N {
  if (head === undefined || compare(node, head) < 0) {
    node.next = head;
    return node;
  }
  let at = head;
  while (at.next !== undefined && compare(node, at.next) >= 0) at = at.next;
  node.next = at.next;
  at.next = node;
  return head;
}

const breakOperation = (b: VolumeBreak): PriceOperation =>
  b.adjustment.kind === 'percent-off' ? { kind: 'percent-off', bps: b.adjustment.bps } : { kind: 'set', amountMinor: b.adjustment.amountMinor };

function indexTier(definition: TierDefinition, sources: Sources): IndexedTier {
  const rule = (bps: number, categoryId: string | undefined): TierRule | null =>
    bps > 0 ? { operation: { kind: 'percent-off', bps }, detail: categoryId === undefined ? undefined : { categoryId } } : null;
  return {
    definition,
    source: sources.get('tier', definition.tierId, definition.revision),
    general: rule(definition.discountBps, undefined),
    byCategory: new Map(Object.entries(definition.categoryDiscountBps).map(([c, bps]) => [c, rule(bps, c)])),
  };
}

/**
 * Indexes one dealer's price data once: only records in the dealer's currency, for the dealer, its
 * tier; everything one SKU needs in one entry; promotions bucketed by the SKUs, else the categories,
 * they target (`indexPromotions`). Order inside each bucket is fixed here, so pricing is deterministic
 * whatever order the records came in. Sources and operations are made here, once, not per line.
 */
export function buildPriceIndex(dealer: PricingDealer, data: PriceData): PriceIndex {
  const { currency, dealerId } = dealer;
  const sources = new Sources();
  const skus = new Map<string, MutableSkuPrices>();
  const entry = (sku: string): MutableSkuPrices => {
    let e = skus.get(sku);
    if (!e) skus.set(sku, (e = { contract: undefined, list: undefined, floor: undefined, floorMinor: 0, promotions: none, contractBreaks: undefined, listBreaks: undefined }));
    return e;
  };
  for (let i = 0; i < data.listPrices.length; i++) {
    const r = data.listPrices[i]!;
    if (r.currency !== currency) continue;
    const e = entry(r.sku);
    const node: ListNode = { from: r.effectiveFrom, to: r.effectiveTo, source: sources.get('price-list', r.priceListId, r.version), next: undefined, amountMinor: r.amountMinor, record: r };
    e.list = insertSorted(e.list, node, byListPrecedence);
  }
  for (let i = 0; i < data.contractPrices.length; i++) {
    const r = data.contractPrices[i]!;
    if (r.currency !== currency || r.dealerId !== dealerId) continue;
    const e = entry(r.sku);
    const node: ContractNode = { from: r.validFrom, to: r.validTo, source: sources.get('contract', r.contractId, r.revision), next: undefined, amountMinor: r.amountMinor, record: r };
    e.contract = insertSorted(e.contract, node, byContractPrecedence);
  }
  for (let i = 0; i < data.volumeBreaks.length; i++) {
    const s = data.volumeBreaks[i]!;
    if (s.currency !== currency || (s.dealerId !== undefined && s.dealerId !== dealerId)) continue;
    const e = entry(s.sku);
    const node: ScheduleNode = {
      from: s.validFrom,
      to: s.validTo,
      source: sources.get('volume-break', s.scheduleId, s.revision),
      next: undefined,
      scheduleId: s.scheduleId,
      breaks: s.breaks.map((b) => ({
        minQuantity: b.minQuantity,
        percent: b.adjustment.kind === 'percent-off',
        value: b.adjustment.kind === 'percent-off' ? b.adjustment.bps : b.adjustment.amountMinor,
        operation: breakOperation(b),
        detail: { minQuantity: b.minQuantity, appliesTo: s.appliesTo },
      })),
    };
    if (s.appliesTo === 'list') e.listBreaks = insertSorted(e.listBreaks, node, bySchedule);
    else e.contractBreaks = insertSorted(e.contractBreaks, node, bySchedule);
  }
  for (let i = 0; i < data.floors.length; i++) {
    const r = data.floors[i]!;
    if (r.currency !== currency) continue;
    const e = entry(r.sku);
    const top = e.floor;
    if (top === undefined || r.amountMinor > e.floorMinor || (r.amountMinor === e.floorMinor && r.floorId < top.floorId)) {
      e.floorMinor = r.amountMinor;
      e.floor = { floorId: r.floorId, source: sources.get('floor', r.floorId, r.revision), operation: { kind: 'at-least', amountMinor: r.amountMinor } };
    }
  }
  const promotions = indexPromotions(dealer, data.promotions);
  // Indexed loops in the build: it runs once per quote, often before it is optimized, where `for…of` would allocate per step.
  const skuTargeted = promotions.skuTargeted;
  for (let i = 0; i < skuTargeted.length; i++) {
    const p = skuTargeted[i]!;
    const targets = p.record.target.skus ?? none;
    for (let k = 0; k < targets.length; k++) {
      const e = skus.get(targets[k]!);
      if (e === undefined) continue;
      if (e.promotions === none) e.promotions = [p];
      else if (e.promotions.at(-1) !== p) (e.promotions as IndexedPromotion[]).push(p);
    }
  }
  const tier = data.tiers.find((t) => t.tierId === dealer.tier);
  return {
    dealer,
    tier,
    skus,
    promotions,
    tierRules: tier ? indexTier(tier, sources) : undefined,
    seed: partOf('v2', dealerId, dealer.tier, currency),
  };
}

const byListPrecedence = ({ record: a }: ListNode, { record: b }: ListNode): number =>
  byText(b.effectiveFrom, a.effectiveFrom) || b.version - a.version || byText(a.priceListId, b.priceListId);
const byContractPrecedence = ({ record: a }: ContractNode, { record: b }: ContractNode): number =>
  byText(b.validFrom, a.validFrom) || b.revision - a.revision || byText(a.contractId, b.contractId);
const bySchedule = (a: ScheduleNode, b: ScheduleNode): number => byText(a.scheduleId, b.scheduleId);

// ---------- the hot path: loops and top-level functions only, no closure and no text per line ----------

const inRange = (amountMinor: number): boolean => Number.isSafeInteger(amountMinor) && amountMinor >= 0 && amountMinor <= maxAmountMinor;

/** A line being priced: each step appends itself, moves the unit price and mixes its record into the version. */
class LineBuilder {
  price = 0;
  readonly steps: PriceStep[] = [];
  a: number;
  b: number;

  /**
   * Starts the version from the index's seed and the SKU (FNV-1a of its characters in both lanes):
   * `Fingerprint.text`'s mixing, inlined so that a priced line allocates no fingerprint object.
   */
  constructor(seed: HashPart, sku: string) {
    let a = seed.a;
    let b = seed.b;
    for (let i = 0; i < sku.length; i += 1) {
      const c = sku.charCodeAt(i);
      a = Math.imul(a ^ c, fnvPrime);
      b = Math.imul(b ^ c, fnvPrime);
    }
    this.a = a;
    this.b = b;
  }

  add(step: PriceStepKind, source: IndexedSource, operation: PriceOperation, detail: PriceStepDetail | undefined): void {
    this.price = applyOperation(this.price, operation);
    this.steps.push({ step, source: source.ref, operation, unitPriceMinor: this.price, detail });
    this.a = mixWord(this.a, source.hashA);
    this.b = mixWord(this.b, source.hashB);
  }

  /** The price version: the dealer (seed), the SKU, every record that set the price in order, the quantity and the result. */
  version(quantity: number, unit: number): string {
    const a = mixNumber(mixNumber(this.a, quantity), unit);
    const b = mixNumber(mixNumber(this.b, quantity), unit);
    return hex64(finalMix(a), finalMix(b));
  }
}

function bestBreak(line: LineBuilder, schedules: ScheduleNode | undefined, quantity: number, date: string): void {
  const base = line.price;
  let bestPrice = base;
  let best: IndexedBreak | undefined;
  let bestSchedule: ScheduleNode | undefined;
  for (let s = schedules; s !== undefined; s = s.next) {
    if (!(s.from <= date && (s.to === undefined || date < s.to))) continue;
    for (let i = 0; i < s.breaks.length; i++) {
      const b = s.breaks[i]!;
      if (b.minQuantity > quantity) continue;
      const price = b.percent ? percentOff(base, Math.min(Math.max(b.value, 0), fullBps)) : b.value;
      if (price < bestPrice) {
        bestPrice = price;
        best = b;
        bestSchedule = s;
      }
    }
  }
  if (best && bestSchedule) line.add('volume-break', bestSchedule.source, best.operation, best.detail);
}

/** Whether the line meets a promotion's quantity and ship-to conditions (its date and target are checked apart). */
function meetsConditions(p: IndexedPromotion, line: PriceLineInput): boolean {
  const r = p.record;
  if (r.minQuantity !== undefined && r.minQuantity > line.quantity) return false;
  const shipTos = r.target.shipToIds;
  return shipTos === undefined || shipTos.includes(line.shipToId);
}

/** Whether a SKU-targeted promotion (found through the SKU) applies: date, conditions, and categories if it names some too. */
function skuPromotionApplies(p: IndexedPromotion, line: PriceLineInput): boolean {
  if (!isValidOn(p.record, line.date) || !meetsConditions(p, line)) return false;
  const categoryIds = p.record.target.categoryIds;
  if (categoryIds === undefined) return true;
  const path = line.categoryPath;
  for (let i = 0; i < path.length; i++) if (categoryIds.includes(path[i]!)) return true;
  return false;
}

/** Inserts `p` into a list kept in rank order, once. */
function insertByRank(list: IndexedPromotion[], p: IndexedPromotion): void {
  let i = list.length;
  if (i === 0 || list[i - 1]!.rank < p.rank) {
    list.push(p);
    return;
  }
  while (i > 0 && list[i - 1]!.rank >= p.rank) {
    if (list[i - 1] === p) return;
    i -= 1;
  }
  list.splice(i, 0, p);
}

/** The line's own candidates (SKU- or category-targeted, or conditional): an exclusive best and the stackables. */
class Candidates {
  best: IndexedPromotion | undefined = undefined;
  bestPrice: number;
  percents: IndexedPromotion[] | undefined = undefined;
  amounts: IndexedPromotion[] | undefined = undefined;

  constructor(readonly base: number) {
    this.bestPrice = base;
  }

  consider(p: IndexedPromotion): void {
    if (p.stackable) {
      if (p.operation.kind === 'percent-off') insertByRank((this.percents ??= []), p);
      else insertByRank((this.amounts ??= []), p);
      return;
    }
    const price = applyOperation(this.base, p.operation);
    if (price < this.bestPrice || (price === this.bestPrice && this.best !== undefined && p.rank < this.best.rank)) {
      this.best = p;
      this.bestPrice = price;
    }
  }
}

/** Applies `list` then `extra` (both in rank order) merged by rank; with `into`, as steps. */
function applyMerged(price: number, list: readonly IndexedPromotion[], extra: readonly IndexedPromotion[] | undefined, into: LineBuilder | undefined): number {
  let i = 0;
  let j = 0;
  const n = extra === undefined ? 0 : extra.length;
  while (i < list.length || j < n) {
    const p = j >= n || (i < list.length && list[i]!.rank < extra![j]!.rank) ? list[i++]! : extra![j++]!;
    if (into) into.add('promotion', p.source, p.operation, p.asStacked);
    else price = applyOperation(price, p.operation);
  }
  return into ? into.price : price;
}

function applyPromotions(line: LineBuilder, promotions: PromotionIndex, bySku: readonly IndexedPromotion[], input: PriceLineInput): void {
  const plan = planFor(promotions, input.date);
  const c = new Candidates(line.price);
  // Indexed loops: a quote's first lines run before the code is optimized, where `for…of` allocates per step.
  for (let i = 0; i < plan.exclusive.length; i++) c.consider(plan.exclusive[i]!);
  for (let i = 0; i < plan.conditional.length; i++) if (meetsConditions(plan.conditional[i]!, input)) c.consider(plan.conditional[i]!);
  for (let i = 0; i < bySku.length; i++) if (skuPromotionApplies(bySku[i]!, input)) c.consider(bySku[i]!);
  // Found through a category on the line's path, so the category matches; a promotion under two of the path's categories is seen twice (harmless).
  const path = input.categoryPath;
  for (let k = 0; k < path.length; k++) {
    const byCategory = promotions.byCategory.get(path[k]!);
    if (byCategory)
      for (let i = 0; i < byCategory.length; i++) {
        const p = byCategory[i]!;
        if (isValidOn(p.record, input.date) && meetsConditions(p, input)) c.consider(p);
      }
  }
  const percentCount = plan.percents.length + (c.percents?.length ?? 0);
  const count = percentCount + plan.amounts.length + (c.amounts?.length ?? 0);
  if (count > 0) {
    const base = c.base;
    const price = applyMerged(applyMerged(base, plan.percents, c.percents, undefined), plan.amounts, c.amounts, undefined);
    const firstRank = percentCount > 0 ? Math.min(plan.percents[0]?.rank ?? Infinity, c.percents?.[0]?.rank ?? Infinity) : Math.min(plan.amounts[0]?.rank ?? Infinity, c.amounts?.[0]?.rank ?? Infinity);
    // The stack wins over the best exclusive: lower, or as low with fewer promotions, or as many and a lower first id.
    const best = c.best;
    if (price < base && (best === undefined || price < c.bestPrice || (price === c.bestPrice && count === 1 && firstRank < best.rank))) {
      applyMerged(base, plan.percents, c.percents, line);
      applyMerged(base, plan.amounts, c.amounts, line);
      return;
    }
  }
  if (c.best) line.add('promotion', c.best.source, c.best.operation, c.best.stackable ? c.best.asStacked : c.best.asExclusive);
}

const noListPrice = (index: PriceIndex, { sku, quantity, date }: PriceLineInput): LinePrice => ({
  kind: 'no-price',
  sku,
  quantity,
  reason: 'no-list-price',
  message: `No contract or list price in ${index.dealer.currency} for ${sku} on ${date}`,
});

const outOfRange = (sku: string, quantity: number): LinePrice => ({ kind: 'no-price', sku, quantity, reason: 'amount-out-of-range', message: 'The price is beyond the amounts the engine handles' });

/** The first node of a list in force on `date` (`from` inclusive, `to` exclusive). */
function firstInForce<N extends WindowNode<N>>(head: N | undefined, date: string): N | undefined {
  for (let n = head; n !== undefined; n = n.next) if (n.from <= date && (n.to === undefined || date < n.to)) return n;
  return undefined;
}

function tierRuleFor(tier: IndexedTier, categoryPath: readonly string[]): TierRule | null {
  for (let i = 0; i < categoryPath.length; i++) {
    const rule = tier.byCategory.get(categoryPath[i]!);
    if (rule !== undefined) return rule;
  }
  return tier.general;
}

/** Prices one line for the indexed dealer; missing data is a `no-price` answer, never an exception. */
export function priceLine(index: PriceIndex, line: PriceLineInput): LinePrice {
  const { sku, quantity, date } = line;
  if (!Number.isSafeInteger(quantity) || quantity < 1)
    return { kind: 'no-price', sku, quantity, reason: 'invalid-quantity', message: 'Quantity must be a whole number of at least 1' };
  const entry = index.skus.get(sku);
  if (!entry) return noListPrice(index, line);
  const builder = new LineBuilder(index.seed, sku);
  const contract = firstInForce(entry.contract, date);
  if (contract) {
    if (!inRange(contract.amountMinor)) return outOfRange(sku, quantity);
    builder.add('contract', contract.source, { kind: 'set', amountMinor: contract.amountMinor }, undefined);
    bestBreak(builder, entry.contractBreaks, quantity, date);
  } else {
    const list = firstInForce(entry.list, date);
    if (!list) return noListPrice(index, line);
    if (!inRange(list.amountMinor)) return outOfRange(sku, quantity);
    builder.add('list', list.source, { kind: 'set', amountMinor: list.amountMinor }, undefined);
    const tier = index.tierRules;
    if (tier) {
      const rule = tierRuleFor(tier, line.categoryPath);
      if (rule) builder.add('tier', tier.source, rule.operation, rule.detail);
    }
    bestBreak(builder, entry.listBreaks, quantity, date);
  }
  applyPromotions(builder, index.promotions, entry.promotions, line);
  if (entry.floor !== undefined && builder.price < entry.floorMinor) builder.add('floor', entry.floor.source, entry.floor.operation, undefined);
  const unit = builder.price;
  const extended = unit * quantity;
  if (!inRange(unit) || !Number.isSafeInteger(extended)) return outOfRange(sku, quantity);
  return {
    kind: 'priced',
    sku,
    quantity,
    currency: index.dealer.currency,
    unitPriceMinor: unit,
    extendedPriceMinor: extended,
    steps: builder.steps,
    priceVersion: builder.version(quantity, unit),
  };
}
