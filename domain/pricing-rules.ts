/**
 * The governed price data the pricing engine reads (domain/pricing.ts), as plain records. Every record
 * carries the id and revision of its ERP source so that an explanation step can name it and a price
 * version (domain/pricing-fingerprint.ts) changes when any record that set the price changes.
 *
 * Money is integer minor units of the record's currency; percentages are integer basis points
 * (1 bps = 0.01 %). Dates are ISO calendar dates (`YYYY-MM-DD`, compared as strings); a window is
 * `validFrom` inclusive to `validTo` exclusive, `validTo` absent meaning open-ended.
 */

/** The largest amount the engine accepts: keeps `amount * 10_000` a safe integer. */
export const maxAmountMinor = 100_000_000_000;
export const fullBps = 10_000;

export interface SourceRef {
  readonly kind: 'price-list' | 'tier' | 'contract' | 'volume-break' | 'promotion' | 'floor';
  readonly id: string;
  readonly revision: number;
}

/** One SKU's price in one published price list version. */
export interface ListPriceRecord {
  readonly priceListId: string;
  /** The price list's published version: the revision of every item in it. */
  readonly version: number;
  readonly currency: string;
  readonly sku: string;
  readonly amountMinor: number;
  readonly effectiveFrom: string;
  readonly effectiveTo?: string | undefined;
}

/** A pricing tier: a discount off list for every dealer in it, more specific per category. */
export interface TierDefinition {
  readonly tierId: string;
  readonly revision: number;
  readonly discountBps: number;
  /** Category-specific discounts replace `discountBps` for products in that category. */
  readonly categoryDiscountBps: Readonly<Record<string, number>>;
}

/** A dealer × SKU negotiated unit price; replaces list and tier while valid. */
export interface ContractPriceRecord {
  readonly contractId: string;
  readonly revision: number;
  readonly dealerId: string;
  readonly sku: string;
  readonly currency: string;
  readonly amountMinor: number;
  readonly validFrom: string;
  readonly validTo?: string | undefined;
}

export type VolumeAdjustment =
  | { readonly kind: 'percent-off'; readonly bps: number }
  | { readonly kind: 'fixed-price'; readonly amountMinor: number };

export interface VolumeBreak {
  readonly minQuantity: number;
  readonly adjustment: VolumeAdjustment;
}

/**
 * Quantity breaks for one SKU, either on the list path (after the tier discount) or on the contract
 * price. `dealerId` restricts a schedule to one dealer (contract schedules usually do).
 */
export interface VolumeBreakSchedule {
  readonly scheduleId: string;
  readonly revision: number;
  readonly appliesTo: 'list' | 'contract';
  readonly sku: string;
  readonly currency: string;
  readonly dealerId?: string | undefined;
  readonly breaks: readonly VolumeBreak[];
  readonly validFrom: string;
  readonly validTo?: string | undefined;
}

export type PromotionBenefit =
  | { readonly kind: 'percent-off'; readonly bps: number }
  | { readonly kind: 'amount-off'; readonly amountMinor: number; readonly currency: string }
  | { readonly kind: 'fixed-price'; readonly amountMinor: number; readonly currency: string };

/**
 * Every dimension a target names must match the line; a dimension left out matches everything. A
 * promotion with an empty target applies to every dealer and SKU.
 */
export interface PromotionTarget {
  readonly dealerIds?: readonly string[] | undefined;
  readonly tiers?: readonly string[] | undefined;
  readonly skus?: readonly string[] | undefined;
  readonly categoryIds?: readonly string[] | undefined;
  readonly shipToIds?: readonly string[] | undefined;
}

export interface PromotionRecord {
  readonly promotionId: string;
  readonly revision: number;
  readonly name: string;
  readonly target: PromotionTarget;
  readonly benefit: PromotionBenefit;
  /** `exclusive` promotions never combine; `stackable` ones combine with each other. Fixed prices are always exclusive. */
  readonly stacking: 'exclusive' | 'stackable';
  readonly minQuantity?: number | undefined;
  readonly validFrom: string;
  readonly validTo?: string | undefined;
}

/** The lowest unit price a SKU may be sold at (cost), whatever stacks above it. */
export interface PriceFloorRecord {
  readonly floorId: string;
  readonly revision: number;
  readonly sku: string;
  readonly currency: string;
  readonly amountMinor: number;
}

export interface PriceData {
  readonly listPrices: readonly ListPriceRecord[];
  readonly tiers: readonly TierDefinition[];
  readonly contractPrices: readonly ContractPriceRecord[];
  readonly volumeBreaks: readonly VolumeBreakSchedule[];
  readonly promotions: readonly PromotionRecord[];
  readonly floors: readonly PriceFloorRecord[];
}

export const emptyPriceData: PriceData = { listPrices: [], tiers: [], contractPrices: [], volumeBreaks: [], promotions: [], floors: [] };

export const isValidOn = (window: { readonly validFrom: string; readonly validTo?: string | undefined }, date: string): boolean =>
  window.validFrom <= date && (window.validTo === undefined || date < window.validTo);

/**
 * `n / d` rounded half-to-even, for a non-negative safe integer `n` and a positive integer `d`.
 * The float quotient is corrected so the result is exact for any safe integer.
 */
export function divideHalfEven(n: number, d: number): number {
  let q = Math.floor(n / d);
  while (q * d > n) q -= 1;
  while ((q + 1) * d <= n) q += 1;
  const twice = 2 * (n - q * d);
  if (twice > d || (twice === d && q % 2 === 1)) return q + 1;
  return q;
}

/** `amount` less `bps` basis points, rounded half-to-even to the minor unit. */
export const percentOff = (amountMinor: number, bps: number): number => divideHalfEven(amountMinor * (fullBps - bps), fullBps);
