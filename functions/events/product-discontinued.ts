import { productDiscontinued } from '#events/product-discontinued';
import { CatalogRepository } from '#functions/data/catalog-repository';
import { readEnv, tableEnv } from '#functions/shared/config';
import { documentClient } from '#functions/shared/dynamodb';
import { eventConsumer } from '#functions/shared/event-consumer';
import { applyProductChanges, productChangeFromDiscontinued } from '#functions/use-cases/catalog-ingest';

const { TABLE_NAME } = readEnv(tableEnv);
const catalog = new CatalogRepository(documentClient, TABLE_NAME);
const deps = { taxonomy: catalog, products: catalog };

export const handler = eventConsumer(productDiscontinued, async (event) => {
  const change = productChangeFromDiscontinued(event.detail);
  const outcomes = await applyProductChanges([change], deps);
  return outcomes.get(change.sku) ?? 'stale';
});
