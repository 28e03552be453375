import type { UpsertOutcome } from './ports.ts';
import type { PromotionRecord, TierDefinition, VolumeBreak } from './pricing-rules.ts';

/**
 * What pricing needs from storage (implemented in functions/data/price-repository.ts). Price data is
 * stored per SKU in one "price sheet" (every list version's item, every dealer's contract) so that a
 * quote reads one item per SKU, projecting only the caller's contract and currency.
 */

/** One SKU's entry in one price list version. */
export interface ListItemEntry {
  readonly amountMinor: number;
  readonly floorMinor?: number | undefined;
  readonly breaks?: readonly VolumeBreak[] | undefined;
}

/** A currency's published list versions, newest first (at most two: the current and the one before). */
export interface ListPointer {
  readonly currency: string;
  readonly priceListId: string;
  readonly versions: readonly { readonly version: number; readonly effectiveFrom: string }[];
}

/** A dealer × SKU contract price; `expired` is a tombstone that keeps the revision. */
export interface ContractEntry {
  readonly contractId: string;
  readonly revision: number;
  readonly currency: string;
  readonly amountMinor: number;
  readonly validFrom: string;
  readonly validTo?: string | undefined;
  readonly breaks?: readonly VolumeBreak[] | undefined;
  readonly expired?: boolean | undefined;
}

export type PromotionEntry = PromotionRecord & { readonly ended?: boolean | undefined };

/** Everything price-related that is not per SKU: stored as one item, read together with the quote's dealer context. */
export interface PricingContext {
  readonly tiers: readonly TierDefinition[];
  readonly pointers: readonly ListPointer[];
  readonly promotions: readonly PromotionRecord[];
}

/** One SKU's sheet as one dealer sees it: the requested list versions and that dealer's contract only. */
export interface SheetView {
  readonly sku: string;
  readonly list: ReadonlyMap<number, ListItemEntry>;
  readonly contract?: ContractEntry | undefined;
}

export interface PriceStore {
  pointer(currency: string): Promise<ListPointer | undefined>;
  /** Writes one list version's items into their SKUs' sheets (invisible until the pointer names the version). */
  writeListItems(currency: string, version: number, items: readonly (ListItemEntry & { readonly sku: string })[]): Promise<void>;
  /** Records that a part arrived; says whether it had already, and whether every part now has. */
  recordListPart(currency: string, version: number, part: { readonly index: number; readonly count: number }): Promise<{ seen: boolean; complete: boolean }>;
  /** Makes a complete version visible: conditional write of the currency's pointer. */
  flipPointer(currency: string, priceListId: string, version: number, effectiveFrom: string): Promise<UpsertOutcome>;
  putContract(dealerId: string, sku: string, entry: ContractEntry): Promise<UpsertOutcome>;
  putPromotion(entry: PromotionEntry, expiresAt?: number): Promise<UpsertOutcome>;
  putTier(tier: TierDefinition): Promise<UpsertOutcome>;
  context(): Promise<PricingContext>;
  sheets(skus: readonly string[], dealerId: string, currency: string, versions: readonly number[]): Promise<Map<string, SheetView>>;
}

/** Special-price requests and their decisions: domain/special-price.ts. */
export type { SpecialPriceRequest, SpecialPriceRequestStore } from './special-price.ts';
