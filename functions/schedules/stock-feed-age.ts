import { StockRepository } from '#functions/data/stock-repository';
import { readEnv, stockFreshnessEnv, tableEnv } from '#functions/shared/config';
import { documentClient } from '#functions/shared/dynamodb';
import { observed } from '#functions/shared/observed';
import { logger, metrics } from '#functions/shared/powertools';
import { measureFeedAges, type FeedAge } from '#functions/use-cases/stock-feed-age';

const { TABLE_NAME, STOCK_FRESHNESS } = readEnv({ ...tableEnv, ...stockFreshnessEnv });
const deps = {
  stock: new StockRepository(documentClient, TABLE_NAME),
  warehouseIds: Object.keys(STOCK_FRESHNESS.byWarehouse),
  now: () => new Date(),
};

/**
 * Every 5 minutes (events/schedules.ts): `StockFeedAgeSeconds` per watched warehouse. A warehouse never
 * heard from gets no datapoint, and neither does any warehouse when this function fails: the staleness
 * alarm treats missing data as breaching.
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
    logger.info('stock feed ages', { ages });
    return { ages };
  });
