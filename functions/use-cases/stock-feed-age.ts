import type { StockStore } from '#domain/ports';

export interface FeedAgeDeps {
  readonly stock: Pick<StockStore, 'feeds'>;
  /** The warehouses whose feed is watched (those with a freshness alarm). */
  readonly warehouseIds: readonly string[];
  readonly now: () => Date;
}

export interface FeedAge {
  readonly warehouseId: string;
  /** Seconds since the as-of of the newest statement applied from the warehouse; null: never heard from. */
  readonly ageSeconds: number | null;
  readonly asOf: string | null;
}

/**
 * The age of each watched warehouse's stock feed, from its feed-status item (`keys.warehouseFeed`,
 * kept by the snapshot and adjustment consumers): one BatchGet. Run on a schedule so a feed that
 * stops is noticed even when nobody asks for availability.
 */
export async function measureFeedAges(deps: FeedAgeDeps): Promise<FeedAge[]> {
  const feeds = await deps.stock.feeds(deps.warehouseIds);
  const now = deps.now().getTime();
  return [...new Set(deps.warehouseIds)].sort().map((warehouseId) => {
    const feed = feeds.get(warehouseId);
    if (!feed) return { warehouseId, ageSeconds: null, asOf: null };
    return { warehouseId, ageSeconds: Math.max(0, Math.round((now - Date.parse(feed.asOf)) / 1000)), asOf: feed.asOf };
  });
}
