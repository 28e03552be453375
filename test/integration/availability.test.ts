import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dealerEntitlementsSet } from '#events/dealer-entitlements-set';
import { dealerUpserted } from '#events/dealer-upserted';
import { incomingSupplyUpdated } from '#events/incoming-supply-updated';
import { warehouseStockSnapshotChunk } from '#events/warehouse-stock-snapshot';
import type { EventContract } from '#events/contract';
import { AvailabilityContextRepository } from '#functions/data/availability-context-repository';
import { CatalogRepository } from '#functions/data/catalog-repository';
import { StockRepository } from '#functions/data/stock-repository';
import { UserRepository } from '#functions/data/user-repository';
import { readAvailability } from '#functions/use-cases/availability';
import { publishErpEvents } from '#local/erp';
import { entitlementsDetail } from '#test/support/catalog-fixtures';
import { dealerUpsertedDetail, dealerUser, subjectOf } from '#test/support/fixtures';
import { startTestStack, type TestStack } from '#test/support/local-stack';

/** GET /availability end to end: stock from the feed, preferred warehouse first, stale flag, entitlements, tenancy. */
let stack: TestStack;
const buyerA = dealerUser('D-A', 'u-a-buyer', ['buyer']);
const buyerB = dealerUser('D-B', 'u-b-buyer', ['buyer']);
const hour = 3600_000;
const now = Date.now();

async function publish<S extends EventContract['detail']>(contract: EventContract<S>, details: readonly unknown[]) {
  await publishErpEvents(contract, details);
  await stack.bus.drain();
}
const get = async (user: typeof buyerA, path: string) => stack.call('GET', path, { token: await stack.token(subjectOf(user)) });

interface Answer {
  shipToId: string;
  items: { sku: string; known: boolean; availableNow: number; stale: boolean; asOf: string | null; nextAvailable: { date: string; quantity: number } | null; warehouses: { warehouseId: string; preferred: boolean; available: number; stale: boolean }[] }[];
}

beforeAll(async () => {
  stack = await startTestStack();
  const users = new UserRepository(stack.documentClient, stack.tableName);
  await Promise.all([buyerA, buyerB].map((u) => users.put(u)));
  await publish(dealerUpserted, [
    dealerUpsertedDetail('D-A', {
      dealer: {
        shipTos: [
          { shipToId: 'A-WEST', name: 'West yard', address: { line1: '1 Main St', city: 'Reno', postalCode: '89501', country: 'US' }, preferredWarehouseId: 'WH-WEST' },
        ],
      },
    }),
    dealerUpsertedDetail('D-B'),
  ]);
  await publish(dealerEntitlementsSet, [entitlementsDetail('D-B', { kind: 'restricted', categoryIds: [], skus: ['P-1'] })]);
  const chunk = (warehouseId: string, asOf: number, rows: { sku: string; onHand: number; safetyStock: number }[]) => ({
    schemaVersion: 1, snapshotId: `S-${warehouseId}`, warehouseId, version: asOf, asOf: new Date(asOf).toISOString(), chunk: 1, chunks: 1, rows,
  });
  await publish(warehouseStockSnapshotChunk, [
    chunk('WH-EAST', now - 30 * 60_000, [
      { sku: 'P-1', onHand: 50, safetyStock: 5 },
      { sku: 'P-2', onHand: 2, safetyStock: 2 },
    ]),
    // WH-WEST last reported 20 hours ago: past its 12-hour limit.
    chunk('WH-WEST', now - 20 * hour, [{ sku: 'P-1', onHand: 7, safetyStock: 0 }]),
  ]);
  await publish(incomingSupplyUpdated, [
    { schemaVersion: 1, supplyId: 'PO-9', warehouseId: 'WH-EAST', sku: 'P-2', version: 1, asOf: new Date(now).toISOString(), expectedDate: '2026-12-15', quantity: 30 },
  ]);
  expect(stack.bus.deadLetters).toEqual([]);
});
afterAll(() => stack?.stop());

describe('GET /availability', () => {
  it('answers per SKU and warehouse, the ship-to’s preferred warehouse first, with stale flags and next available', async () => {
    const response = await get(buyerA, '/availability?shipToId=A-WEST&skus=P-1,P-2,NOPE');
    expect(response.status).toBe(200);
    const body = response.body as unknown as Answer;
    const [p1, p2, nope] = body.items;
    expect(p1).toMatchObject({ sku: 'P-1', known: true, availableNow: 52, stale: true, nextAvailable: null });
    expect(p1!.warehouses.map((w) => [w.warehouseId, w.preferred, w.available, w.stale])).toEqual([
      ['WH-WEST', true, 7, true],
      ['WH-EAST', false, 45, false],
    ]);
    expect(p2).toMatchObject({ sku: 'P-2', availableNow: 0, stale: false, nextAvailable: { date: '2026-12-15', quantity: 30 } });
    expect(nope).toEqual({ sku: 'NOPE', known: false, availableNow: 0, warehouses: [], nextAvailable: null, asOf: null, stale: false });
  });

  it('reports a SKU the dealer is not entitled to exactly like an unknown one', async () => {
    const body = (await get(buyerB, '/availability?shipToId=D-B-MAIN&skus=P-1,P-2')).body as unknown as Answer;
    expect(body.items[0]).toMatchObject({ sku: 'P-1', known: true, availableNow: 52 });
    expect(body.items[1]).toEqual({ sku: 'P-2', known: false, availableNow: 0, warehouses: [], nextAvailable: null, asOf: null, stale: false });
  });

  it('is 404 for another dealer’s ship-to (cross-dealer), like an unknown one', async () => {
    const cross = await get(buyerB, '/availability?shipToId=A-WEST&skus=P-1');
    const unknown = await get(buyerB, '/availability?shipToId=NOPE&skus=P-1');
    expect(cross.status).toBe(404);
    const { instance: _a, ...crossProblem } = cross.body as Record<string, unknown>;
    const { instance: _b, ...unknownProblem } = unknown.body as Record<string, unknown>;
    expect(crossProblem).toEqual(unknownProblem);
  });

  it('refuses more than 100 SKUs', async () => {
    const skus = Array.from({ length: 101 }, (_, i) => `S-${i}`).join(',');
    const response = await get(buyerA, `/availability?shipToId=A-WEST&skus=${skus}`);
    expect(response.status).toBe(400);
  });

  it.each([1, 100, 250])('reads %i SKUs in at most ceil(skus/100) + 1 DynamoDB requests', async (count) => {
    let requests = 0;
    const base = stack.documentClient;
    // Every repository call goes through `send`: count them.
    const countingClient = {
      send: (command: Parameters<DynamoDBDocumentClient['send']>[0]) => {
        requests += 1;
        return base.send(command);
      },
    } as unknown as DynamoDBDocumentClient;
    const catalog = new CatalogRepository(countingClient, stack.tableName);
    const deps = {
      context: new AvailabilityContextRepository(countingClient, stack.tableName),
      stock: new StockRepository(countingClient, stack.tableName),
      products: catalog,
      taxonomy: catalog,
      freshness: { defaultSeconds: 3600, byWarehouse: {} },
      now: () => new Date(),
    };
    const skus = Array.from({ length: count }, (_, i) => (i === 0 ? 'P-1' : `X-${i}`));
    const { result } = await readAvailability({ kind: 'dealer', dealerId: 'D-A', userId: buyerA.userId, roles: ['buyer'] }, buyerA, { shipToId: 'A-WEST', skus }, deps);
    expect(result.items).toHaveLength(count);
    expect(requests).toBeLessThanOrEqual(Math.ceil(count / 100) + 1);
  });
});
