import { isStale } from '#domain/atp';
import type { StockStore } from '#domain/ports';
import { limitOf, type FreshnessLimits } from './availability.ts';

export interface FeedAgeDeps {
  readonly stock: Pick<StockStore, 'feeds'>;
  /** The freshness limits; the warehouses listed in them are watched even before they first report. */
  readonly freshness: FreshnessLimits;
  readonly now: () => Date;
}

export interface FeedAge {
  readonly warehouseId: string;
  /** Seconds since the as-of of the newest statement applied from the warehouse; null: never heard from. */
  readonly ageSeconds: number | null;
  readonly asOf: string | null;
  readonly limitSeconds: number;
  /** Past its limit, or never heard from: availability answers from it are flagged stale. */
  readonly stale: boolean;
}

/**
 * The age of every warehouse's stock feed — each that ever reported (`keys.stockFeeds`, kept by the
 * snapshot and adjustment consumers) and each with a limit of its own in the config — against its
 * freshness limit: the same measure that flags availability answers stale. One GetItem. Run on a
 * schedule so a feed that stops is noticed even when nobody asks for availability.
 */
export async function measureFeedAges(deps: FeedAgeDeps): Promise<FeedAge[]> {
  const feeds = await deps.stock.feeds();
  const now = deps.now();
  const warehouseIds = [...new Set([...feeds.keys(), ...Object.keys(deps.freshness.byWarehouse)])].sort();
  return warehouseIds.map((warehouseId) => {
    const feed = feeds.get(warehouseId);
    const limitSeconds = limitOf(deps.freshness, warehouseId);
    if (!feed) return { warehouseId, ageSeconds: null, asOf: null, limitSeconds, stale: true };
    const ageSeconds = Math.max(0, Math.round((now.getTime() - Date.parse(feed.asOf)) / 1000));
    return { warehouseId, ageSeconds, asOf: feed.asOf, limitSeconds, stale: isStale(feed.asOf, now, limitSeconds) };
  });
}
