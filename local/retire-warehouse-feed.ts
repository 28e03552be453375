/**
 * Retires a warehouse's stock feed (a closed warehouse, or an id the feed sent by mistake), so the
 * `StaleStockFeeds` alarm stops counting it: `TABLE_NAME=<table> npx tsx local/retire-warehouse-feed.ts
 * <warehouseId>` with the usual AWS credentials and region (or AWS_ENDPOINT_URL_DYNAMODB for DynamoDB
 * Local). Shows the feed's last statement and retires it only if no newer one arrives meanwhile; a
 * warehouse that reports again afterwards is watched again. Stock rows are left as they are.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { warehouseIdSchema } from '#events/inventory-parts';
import { StockRepository } from '#functions/data/stock-repository';

if (import.meta.main) {
  const tableName = process.env.TABLE_NAME;
  // The same rule as the feed's warehouse ids, so only an id the feed could have recorded is touched.
  const warehouseId = warehouseIdSchema.safeParse(process.argv[2]);
  if (!tableName || !warehouseId.success) {
    console.error('usage: TABLE_NAME=<table> npx tsx local/retire-warehouse-feed.ts <warehouseId>  (letters, digits, ".", "_" or "-")');
    process.exit(2);
  }
  const stock = new StockRepository(DynamoDBDocumentClient.from(new DynamoDBClient({})), tableName);
  const feed = (await stock.feeds()).get(warehouseId.data);
  if (!feed) {
    console.error(`${warehouseId.data}: no feed recorded`);
    process.exit(1);
  }
  const retired = await stock.retireFeed(warehouseId.data, feed.version);
  console.log(retired ? `${warehouseId.data}: retired (last statement version ${feed.version} as of ${feed.asOf})` : `${warehouseId.data}: reported again meanwhile, kept`);
  process.exit(retired ? 0 : 1);
}
