import { AvailabilityContextRepository } from '#functions/data/availability-context-repository';
import { CatalogRepository } from '#functions/data/catalog-repository';
import { StockRepository } from '#functions/data/stock-repository';
import { authenticatedRoute } from '#functions/shared/authenticated-route';
import { readEnv, stockFreshnessEnv, tableEnv } from '#functions/shared/config';
import { documentClient } from '#functions/shared/dynamodb';
import { parseQuery, respond } from '#functions/shared/http';
import { metrics } from '#functions/shared/powertools';
import { readAvailability } from '#functions/use-cases/availability';
import { contract } from './contracts/availability.ts';

const { TABLE_NAME, STOCK_FRESHNESS } = readEnv({ ...tableEnv, ...stockFreshnessEnv });
const catalog = new CatalogRepository(documentClient, TABLE_NAME);
const deps = {
  context: new AvailabilityContextRepository(documentClient, TABLE_NAME),
  stock: new StockRepository(documentClient, TABLE_NAME),
  products: catalog,
  taxonomy: catalog,
  freshness: STOCK_FRESHNESS,
  now: () => new Date(),
};

export const handler = authenticatedRoute(async ({ event, principal, user }) => {
  const query = parseQuery(event, contract.query);
  const { result, warehouseAges } = await readAvailability(principal, user, query, deps);
  // Age of each warehouse feed behind this answer: the staleness alarm watches its maximum.
  for (const [warehouseId, age] of warehouseAges) {
    const metric = metrics.singleMetric();
    metric.addDimension('warehouseId', warehouseId);
    metric.addMetric('StockFeedAgeSeconds', 'Seconds', age);
  }
  return respond(contract, result);
});
