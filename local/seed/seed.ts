import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Conflict } from '#domain/errors';
import { dealerUpserted } from '#events/dealer-upserted';
import { keys } from '#functions/data/table-design';
import { UserRepository } from '#functions/data/user-repository';
import type { LocalStack } from '../stack.ts';
import { publishErpEvents } from '../erp.ts';
import { dealers, users, warehouses } from './demo-data.ts';
import { seedCatalog } from './seed-catalog.ts';
import { seedPricing } from './seed-pricing.ts';
import { seedInventory } from './seed-inventory.ts';

/**
 * Loads the demo manufacturer. Dealers and the catalog (taxonomy, products, entitlements) arrive the
 * way they do in production, as ERP events through the bus; warehouses are written directly until
 * their feed exists. Users are put in
 * the local user directory with their fixed ids (so `npm start` tokens stay the same) and in the
 * table with their email claims, as an invite leaves them.
 */
export async function seedDemo(stack: LocalStack): Promise<{ dealers: number; users: number; products: number; quarantined: number; warehouses: number }> {
  await publishErpEvents(dealerUpserted, dealers);
  await stack.bus.drain();
  if (stack.bus.deadLetters.length > 0) throw new Error(`seed events were rejected: ${JSON.stringify(stack.bus.deadLetters[0]?.error)}`);

  const userStore = new UserRepository(stack.documentClient, stack.tableName);
  for (const { label: _label, ...user } of users) {
    // A persisted directory already has them, as they were left (`npm start -- --persist`).
    if (!stack.directory.find(user.userId)) stack.directory.add({ sub: user.userId, email: user.email, name: user.name, dealerId: user.dealerId, groups: user.roles });
    if (!user.dealerId) {
      await userStore.put(user);
      continue;
    }
    try {
      await userStore.create({ ...user, dealerId: user.dealerId });
    } catch (error) {
      // Already seeded into a persisted table (`npm start -- --persist`).
      if (!(error instanceof Conflict)) throw error;
    }
  }

  const catalog = await seedCatalog(stack);
  await seedPricing(stack);
  await seedInventory(stack);
  await batchPut(
    stack.documentClient,
    stack.tableName,
    warehouses.map((w) => ({ ...keys.warehouse(w.warehouseId), entity: 'warehouse', ...w })),
  );
  return { dealers: dealers.length, users: users.length, products: catalog.products, quarantined: catalog.quarantined, warehouses: warehouses.length };
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
