/**
 * Price list versions: which ones a currency's pointer keeps (retention) and what the store offers to
 * publish and prune them. A version's entries live in every SKU's price sheet under its own attribute;
 * the pointer names the versions quotes may read, so pruning may only touch versions no pointer names.
 */

export interface PointerVersion {
  readonly version: number;
  readonly effectiveFrom: string;
}

/**
 * The version a quote uses on `date`: the first (newest version) already effective — the same rule as
 * `priceDataFor` in functions/use-cases/quotes.ts.
 */
export const versionInForce = (versions: readonly PointerVersion[], date: string): PointerVersion | undefined => versions.find((v) => v.effectiveFrom <= date);

/**
 * What a pointer keeps after a flip (`versions` newest first, the new one included), judged on
 * `today`: every version not yet effective (a list published ahead of its date goes live without
 * another write), the one in force today, and the one before it (so a quote that read the previous
 * pointer an instant ago still finds its version). Everything older can never be in force again on
 * any date from today on, so it may be pruned.
 */
export function retainedVersions(versions: readonly PointerVersion[], today: string): PointerVersion[] {
  const inForce = versions.findIndex((v) => v.effectiveFrom <= today);
  if (inForce < 0) return [...versions];
  return versions.filter((v, i) => i <= inForce + 1 || v.effectiveFrom > today);
}

export interface PriceListRetentionStore {
  /** Records the SKUs one part writes (before it writes them), so the version can be pruned later. */
  recordPartSkus(currency: string, version: number, index: number, skus: readonly string[]): Promise<void>;
  /** The pointer flip, keeping `retainedVersions(…, today)`. */
  flipPointerRetaining(currency: string, priceListId: string, version: number, effectiveFrom: string, today: string): Promise<'applied' | 'duplicate' | 'stale'>;
  /**
   * Removes the entries of every version below the pointer's latest that the pointer no longer
   * names (retired, or never completed), from the SKUs their parts wrote. Idempotent.
   */
  pruneRetired(currency: string): Promise<{ versions: number[]; skus: number }>;
}
