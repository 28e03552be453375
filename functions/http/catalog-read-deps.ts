import { CatalogRepository } from '#functions/data/catalog-repository';
import { CatalogSearchRepository } from '#functions/data/catalog-search-repository';
import { EntitlementRepository } from '#functions/data/entitlement-repository';
import { readEnv, tableEnv } from '#functions/shared/config';
import { documentClient } from '#functions/shared/dynamodb';
import type { CatalogReadDeps } from '#functions/use-cases/catalog-read';

/** The catalog read routes' adapters, created once per cold start. */
export function catalogReadDeps(): CatalogReadDeps {
  const { TABLE_NAME } = readEnv(tableEnv);
  const catalog = new CatalogRepository(documentClient, TABLE_NAME);
  return {
    taxonomy: catalog,
    products: catalog,
    entitlements: new EntitlementRepository(documentClient, TABLE_NAME),
    search: new CatalogSearchRepository(documentClient, TABLE_NAME, catalog),
  };
}
