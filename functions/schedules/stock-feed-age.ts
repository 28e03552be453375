import { StockRepository } from '#functions/data/stock-repository';
import { readEnv, stockFreshnessEnv, tableEnv } from '#functions/shared/config';
import { documentClient } from '#functions/shared/dynamodb';
import { observed } from '#functions/shared/observed';
import { logger, metrics } from '#functions/shared/powertools';
import { measureFeedAges, type FeedAge } from '#functions/use-cases/stock-feed-age';

const { TABLE_NAME, STOCK_FRESHNESS } = readEnv({ ...tableEnv, ...stockFreshnessEnv });
const deps = {
  stock: new StockRepository(documentClient, TABLE_NAME),
  freshness: STOCK_FRESHNESS,
  now: () => new Date(),
};

/**
 * Every 5 minutes (events/schedules.ts): `StockFeedAgeSeconds` per warehouse (each that ever reported,
 * and each with a limit of its own), and `StaleStockFeeds`: how many are past their limit or never
 * heard from — one alarm for every warehouse, whether or not it has an alarm of its own. A warehouse
 * never heard from gets no age datapoint, and nothing is emitted when this function fails: the
 * staleness alarms treat missing data as breaching.
 */
export const handler = observed<unknown, { ages: FeedAge[] }>().handler(async () => {
    const ages = await measureFeedAges(deps);
    for (const { warehouseId, ageSeconds } of ages) {
      if (ageSeconds === null) {
        logger.warn('no stock feed ever applied for a watched warehouse', { warehouseId });
        continue;
      }
      const metric = metrics.singleMetric();
      metric.addDimension('warehouseId', warehouseId);
      metric.addMetric('StockFeedAgeSeconds', 'Seconds', ageSeconds);
    }
    metrics.singleMetric().addMetric('StaleStockFeeds', 'Count', ages.filter((a) => a.stale).length);
    logger.info('stock feed ages', { ages });
    return { ages };
  });
