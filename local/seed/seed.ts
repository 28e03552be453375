import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dealerUpserted } from '#events/dealer-upserted';
import { keys } from '#functions/data/table-design';
import { UserRepository } from '#functions/data/user-repository';
import type { LocalStack } from '../stack.ts';
import { publishErpEvents } from '../erp.ts';
import { dealers, demoProducts, users, warehouses } from './demo-data.ts';

/**
 * Loads the demo manufacturer. Dealers arrive the way they do in production, as ERP events through
 * the bus; users, products and warehouses are written directly until their feeds exist.
 */
export async function seedDemo(stack: LocalStack): Promise<{ dealers: number; users: number; products: number; warehouses: number }> {
  await publishErpEvents(dealerUpserted, dealers);
  await stack.bus.drain();
  if (stack.bus.deadLetters.length > 0) throw new Error(`seed events were rejected: ${JSON.stringify(stack.bus.deadLetters[0]?.error)}`);

  const userStore = new UserRepository(stack.documentClient, stack.tableName);
  for (const { label: _label, ...user } of users) await userStore.put(user);

  const products = demoProducts();
  await batchPut(stack.documentClient, stack.tableName, [
    ...products.map((p) => ({ ...keys.product(p.sku), entity: 'product', ...p })),
    ...warehouses.map((w) => ({ ...keys.warehouse(w.warehouseId), entity: 'warehouse', ...w })),
  ]);
  return { dealers: dealers.length, users: users.length, products: products.length, warehouses: warehouses.length };
}

async function batchPut(client: DynamoDBDocumentClient, tableName: string, items: Record<string, unknown>[]) {
  for (let i = 0; i < items.length; i += 25) {
    let requests = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    while (requests.length > 0) {
      const { UnprocessedItems } = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
      requests = (UnprocessedItems?.[tableName] ?? []) as typeof requests;
    }
  }
}
