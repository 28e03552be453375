/**
 * Runs the taxonomy-tree migration (`backfillTaxonomyTree`, functions/data/price-repository.ts) against a
 * table: `TABLE_NAME=<table> npx tsx local/backfill-taxonomy-tree.ts` with the usual AWS credentials and
 * region (or AWS_ENDPOINT_URL_DYNAMODB for DynamoDB Local). Idempotent: safe to run again.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { backfillTaxonomyTree } from '#functions/data/price-repository';

if (import.meta.main) {
  const tableName = process.env.TABLE_NAME;
  if (!tableName) {
    console.error('TABLE_NAME is required');
    process.exit(2);
  }
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });
  const done = await backfillTaxonomyTree(client, tableName);
  console.log(`${done.categories} categories written to the taxonomy tree`);
}
