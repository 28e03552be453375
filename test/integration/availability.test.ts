import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { categoryUpserted } from '#events/category-upserted';
import { dealerEntitlementsSet } from '#events/dealer-entitlements-set';
import { productDiscontinued } from '#events/product-discontinued';
import { productUpserted } from '#events/product-upserted';
import { dealerUpserted } from '#events/dealer-upserted';
import { incomingSupplyUpdated } from '#events/incoming-supply-updated';
import { stockAdjusted } from '#events/stock-adjusted';
import { warehouseStockSnapshotChunk } from '#events/warehouse-stock-snapshot';
import type { EventContract } from '#events/contract';
import { AvailabilityRepository } from '#functions/data/availability-repository';
import { CatalogRepository } from '#functions/data/catalog-repository';
import { StockRepository } from '#functions/data/stock-repository';
import { keys } from '#functions/data/table-design';
import { UserRepository } from '#functions/data/user-repository';
import { documentClient as handlerClient } from '#functions/shared/dynamodb';
import { readAvailability } from '#functions/use-cases/availability';
import { publishErpEvents } from '#local/erp';
import { boltTemplate, categoryDetail, discontinuedDetail, entitlementsDetail, productDetail } from '#test/support/catalog-fixtures';
import { dealerUpsertedDetail, dealerUser, subjectOf } from '#test/support/fixtures';
import { startTestStack, type TestStack } from '#test/support/local-stack';

/**
 * GET /availability end to end: stock from the feed, preferred warehouse first, stale flag, catalog
 * visibility (entitlements, quarantine, unknown SKUs), the dealer's allowed warehouses, tenancy.
 */
let stack: TestStack;
const buyerA = dealerUser('D-A', 'u-a-buyer', ['buyer']);
const buyerB = dealerUser('D-B', 'u-b-buyer', ['buyer']);
/** Dealer C may be shipped from WH-EAST only (its ship-tos prefer WH-EAST and WH-NORTH). */
const buyerC = dealerUser('D-C', 'u-c-buyer', ['buyer']);
const address = { line1: '1 Main St', city: 'Reno', postalCode: '89501', country: 'US' };
const hour = 3600_000;
const now = Date.now();
const day = (offsetDays: number) => new Date(now + offsetDays * 24 * hour).toISOString().slice(0, 10);
const [today, inTwoWeeks, aMonthAgo] = [day(0), day(14), day(-30)];

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
  await Promise.all([buyerA, buyerB, buyerC].map((u) => users.put(u)));
  await publish(dealerUpserted, [
    dealerUpsertedDetail('D-A', {
      dealer: {
        shipTos: [
          { shipToId: 'A-WEST', name: 'West yard', address: { line1: '1 Main St', city: 'Reno', postalCode: '89501', country: 'US' }, preferredWarehouseId: 'WH-WEST' },
        ],
      },
    }),
    dealerUpsertedDetail('D-B'),
    dealerUpsertedDetail('D-C', {
      dealer: {
        allowedWarehouseIds: ['WH-EAST'],
        shipTos: [
          { shipToId: 'C-EAST', name: 'East yard', address, preferredWarehouseId: 'WH-EAST' },
          { shipToId: 'C-NORTH', name: 'North yard', address, preferredWarehouseId: 'WH-NORTH' },
        ],
      },
    }),
  ]);
  // The governed catalog: P-1, P-2 published; Q-1 quarantined (breaks its template); D-1 discontinued
  // without replacement (not listable); U-1 unknown to the catalog. All have stock.
  await publish(categoryUpserted, [categoryDetail('bolts', { attributes: boltTemplate })]);
  await publish(productUpserted, [
    productDetail('P-1'),
    productDetail('P-2'),
    productDetail('P-3'),
    productDetail('P-4'),
    productDetail('P-5'),
    productDetail('P-6'),
    productDetail('Q-1', { attributes: { material: 'unobtainium', length: { value: 40, unit: 'mm' } } }),
    productDetail('D-1'),
  ]);
  await publish(productDiscontinued, [discontinuedDetail('D-1', 2)]);
  await publish(dealerEntitlementsSet, [entitlementsDetail('D-B', { kind: 'restricted', categoryIds: [], skus: ['P-1'] })]);
  const chunk = (warehouseId: string, asOf: number, rows: { sku: string; onHand: number; safetyStock: number }[]) => ({
    schemaVersion: 1, snapshotId: `S-${warehouseId}`, warehouseId, version: asOf, asOf: new Date(asOf).toISOString(), chunk: 1, chunks: 1, rows,
  });
  await publish(warehouseStockSnapshotChunk, [
    chunk('WH-EAST', now - 30 * 60_000, [
      { sku: 'P-1', onHand: 50, safetyStock: 5 },
      { sku: 'P-2', onHand: 2, safetyStock: 2 },
      { sku: 'Q-1', onHand: 40, safetyStock: 0 },
      { sku: 'D-1', onHand: 40, safetyStock: 0 },
      { sku: 'U-1', onHand: 40, safetyStock: 0 },
    ]),
    // WH-WEST last reported 20 hours ago: past its 12-hour limit.
    chunk('WH-WEST', now - 20 * hour, [
      { sku: 'P-1', onHand: 7, safetyStock: 0 },
      { sku: 'P-3', onHand: 9, safetyStock: 0 },
    ]),
    chunk('WH-NORTH', now - 10 * 60_000, [{ sku: 'P-1', onHand: 3, safetyStock: 0 }]),
    // WH-SOUTH's snapshot is 20 hours old (past the 6-hour default), but its feed ran since (below).
    chunk('WH-SOUTH', now - 20 * hour, [{ sku: 'P-4', onHand: 6, safetyStock: 0 }]),
  ]);
  await publish(stockAdjusted, [{ schemaVersion: 1, warehouseId: 'WH-SOUTH', sku: 'Z-9', version: now - 5 * 60_000, asOf: new Date(now - 5 * 60_000).toISOString(), onHand: 1, safetyStock: 0 }]);
  await publish(incomingSupplyUpdated, [
    { schemaVersion: 1, supplyId: 'PO-9', warehouseId: 'WH-EAST', sku: 'P-2', version: 1, asOf: new Date(now).toISOString(), expectedDate: inTwoWeeks, quantity: 30 },
    // P-5 is new: on order into WH-EAST, no stock statement yet.
    { schemaVersion: 1, supplyId: 'PO-7', warehouseId: 'WH-EAST', sku: 'P-5', version: 1, asOf: new Date(now).toISOString(), expectedDate: inTwoWeeks, quantity: 40 },
    // Late: expected a month ago and not received yet (the ERP has not closed it).
    { schemaVersion: 1, supplyId: 'PO-8', warehouseId: 'WH-NORTH', sku: 'P-1', version: 1, asOf: new Date(now).toISOString(), expectedDate: aMonthAgo, quantity: 4 },
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
    // The late receipt is promised from today (the server's UTC date: the one before or after the call), not its passed date.
    expect(p1).toMatchObject({ sku: 'P-1', known: true, availableNow: 55, stale: true, nextAvailable: { quantity: 59 } });
    expect([today, new Date().toISOString().slice(0, 10)]).toContain(p1!.nextAvailable!.date);
    expect(p1!.warehouses.map((w) => [w.warehouseId, w.preferred, w.available, w.stale])).toEqual([
      ['WH-WEST', true, 7, true],
      ['WH-EAST', false, 45, false],
      ['WH-NORTH', false, 3, false],
    ]);
    expect(p2).toMatchObject({ sku: 'P-2', availableNow: 0, stale: false, nextAvailable: { date: inTwoWeeks, quantity: 30 } });
    expect(nope).toEqual({ sku: 'NOPE', known: false, availableNow: 0, warehouses: [], nextAvailable: null, asOf: null, stale: false });
  });

  it('flags a warehouse stale by its feed (the newest statement of any SKU), not by how long ago one figure was restated', async () => {
    const body = (await get(buyerA, '/availability?shipToId=A-WEST&skus=P-4')).body as unknown as Answer;
    // P-4 was last stated 20 hours ago, but WH-SOUTH's feed reported 5 minutes ago: its figure is current.
    expect(body.items[0]).toMatchObject({ sku: 'P-4', known: true, availableNow: 6, stale: false, asOf: new Date(now - 20 * hour).toISOString() });
    expect(body.items[0]!.warehouses.map((w) => [w.warehouseId, w.stale])).toEqual([['WH-SOUTH', false]]);
  });

  it('shows a new SKU that is only on order: 0 available now, and when it comes, as of its warehouse feed', async () => {
    const body = (await get(buyerA, '/availability?shipToId=A-WEST&skus=P-5')).body as unknown as Answer;
    expect(body.items[0]).toMatchObject({ sku: 'P-5', known: true, availableNow: 0, stale: false, nextAvailable: { date: inTwoWeeks, quantity: 40 }, asOf: new Date(now - 30 * 60_000).toISOString() });
    expect(body.items[0]!.warehouses).toEqual([
      { warehouseId: 'WH-EAST', preferred: false, available: 0, nextAvailable: { date: inTwoWeeks, quantity: 40 }, asOf: new Date(now - 30 * 60_000).toISOString(), stale: false },
    ]);
    // Dealer C may ship from WH-EAST only; the receipt is there, so it sees it too.
    const c = (await get(buyerC, '/availability?shipToId=C-EAST&skus=P-5')).body as unknown as Answer;
    expect(c.items[0]).toMatchObject({ sku: 'P-5', known: true, nextAvailable: { date: inTwoWeeks, quantity: 40 } });
  });

  it('takes what the ERP already allocated in a warehouse the feed has not stated the SKU in out of its receipt', async () => {
    const stock = new StockRepository(stack.documentClient, stack.tableName);
    const at = new Date(now).toISOString();
    // P-6: 8 in WH-EAST, an order holds 5 of them; the ERP confirms it from WH-NORTH instead, where P-6
    // has no stock statement yet but 40 on order: those 10 units are held there until the feed states them.
    expect(await stock.putLevel('WH-EAST', 'P-6', { onHand: 8, safetyStock: 0, version: now - 60_000, asOf: at })).toBe('applied');
    expect(await stock.putSupply({ supplyId: 'PO-6', sku: 'P-6', warehouseId: 'WH-NORTH', expectedDate: inTwoWeeks, quantity: 40 }, 1)).toBe('applied');
    expect(await stock.reserve('o-p6', [{ sku: 'P-6', warehouseId: 'WH-EAST', quantity: 5 }], at)).toEqual({ outcome: 'reserved' });
    expect(await stock.confirm('o-p6', [{ warehouseId: 'WH-NORTH', version: now + hour, lines: [{ sku: 'P-6', quantity: 10 }] }], at)).toMatchObject({ outcome: 'confirmed' });
    const body = (await get(buyerA, '/availability?shipToId=A-WEST&skus=P-6')).body as unknown as Answer;
    const byId = Object.fromEntries(body.items[0]!.warehouses.map((w) => [w.warehouseId, w]));
    expect(byId['WH-EAST']).toMatchObject({ available: 8 });
    expect(byId['WH-NORTH']).toMatchObject({ available: 0, nextAvailable: { date: inTwoWeeks, quantity: 30 } });
    expect(body.items[0]).toMatchObject({ availableNow: 8, nextAvailable: { date: inTwoWeeks, quantity: 38 } });
  });

  it('reports a SKU the dealer is not entitled to exactly like an unknown one', async () => {
    const body = (await get(buyerB, '/availability?shipToId=D-B-MAIN&skus=P-1,P-2')).body as unknown as Answer;
    expect(body.items[0]).toMatchObject({ sku: 'P-1', known: true, availableNow: 55 });
    expect(body.items[1]).toEqual({ sku: 'P-2', known: false, availableNow: 0, warehouses: [], nextAvailable: null, asOf: null, stale: false });
  });

  it('reports a quarantined, an unlisted (discontinued, no replacement) and an unknown SKU with stock exactly like an unknown one', async () => {
    // Dealer A is entitled to everything: the catalog still decides what exists for it.
    const body = (await get(buyerA, '/availability?shipToId=A-WEST&skus=Q-1,D-1,U-1,NOPE')).body as unknown as Answer;
    for (const item of body.items) expect(item).toEqual({ sku: item.sku, known: false, availableNow: 0, warehouses: [], nextAvailable: null, asOf: null, stale: false });
    expect(body.items.map((i) => i.sku)).toEqual(['Q-1', 'D-1', 'U-1', 'NOPE']);
  });

  it('shows and sums only the warehouses the dealer may ship from, the preferred one first and always', async () => {
    const east = (await get(buyerC, '/availability?shipToId=C-EAST&skus=P-1,P-3')).body as unknown as Answer;
    expect(east.items[0]).toMatchObject({ sku: 'P-1', known: true, availableNow: 45, stale: false });
    expect(east.items[0]!.warehouses.map((w) => [w.warehouseId, w.preferred])).toEqual([['WH-EAST', true]]);
    // P-3 is only stocked in WH-WEST, where dealer C may not be shipped from: nothing to promise, nothing shown.
    expect(east.items[1]).toEqual({ sku: 'P-3', known: false, availableNow: 0, warehouses: [], nextAvailable: null, asOf: null, stale: false });
    // A ship-to preferring WH-NORTH (not in the list) is still served from it, then from the allowed ones.
    const north = (await get(buyerC, '/availability?shipToId=C-NORTH&skus=P-1')).body as unknown as Answer;
    expect(north.items[0]!.warehouses.map((w) => [w.warehouseId, w.preferred, w.available])).toEqual([
      ['WH-NORTH', true, 3],
      ['WH-EAST', false, 45],
    ]);
    expect(north.items[0]!.availableNow).toBe(48);
  });

  it('keeps one dealer’s warehouse restriction to that dealer (another dealer sees every warehouse; dealer B cannot use dealer C’s ship-to)', async () => {
    const b = (await get(buyerB, '/availability?shipToId=D-B-MAIN&skus=P-1')).body as unknown as Answer;
    expect(b.items[0]!.warehouses.map((w) => w.warehouseId)).toEqual(['WH-EAST', 'WH-NORTH', 'WH-WEST']);
    const cross = await get(buyerB, '/availability?shipToId=C-EAST&skus=P-1');
    expect(cross.status).toBe(404);
  });

  it('is 404 for another dealer’s ship-to (cross-dealer), like an unknown one', async () => {
    const cross = await get(buyerB, '/availability?shipToId=A-WEST&skus=P-1');
    const unknown = await get(buyerB, '/availability?shipToId=NOPE&skus=P-1');
    expect(cross.status).toBe(404);
    const { instance: _a, ...crossProblem } = cross.body as Record<string, unknown>;
    const { instance: _b, ...unknownProblem } = unknown.body as Record<string, unknown>;
    expect(crossProblem).toEqual(unknownProblem);
  });

  it('is 404 for a ship-to a racing dealer update left behind (its revision is not the profile’s)', async () => {
    const current = await stack.documentClient.send(new GetCommand({ TableName: stack.tableName, Key: keys.shipTo('D-A', 'A-WEST') }));
    expect(current.Item).toBeDefined();
    const leftBehind = { ...current.Item, ...keys.shipTo('D-A', 'A-OLD'), shipToId: 'A-OLD', revision: Number(current.Item!.revision) - 1 };
    await stack.documentClient.send(new PutCommand({ TableName: stack.tableName, Item: leftBehind }));
    try {
      expect((await get(buyerA, '/availability?shipToId=A-OLD&skus=P-1')).status).toBe(404);
      expect((await get(buyerA, '/availability?shipToId=A-WEST&skus=P-1')).status).toBe(200);
    } finally {
      await stack.documentClient.send(new DeleteCommand({ TableName: stack.tableName, Key: keys.shipTo('D-A', 'A-OLD') }));
    }
  });

  it('refuses more than 100 SKUs', async () => {
    const skus = Array.from({ length: 101 }, (_, i) => `S-${i}`).join(',');
    const response = await get(buyerA, `/availability?shipToId=A-WEST&skus=${skus}`);
    expect(response.status).toBe(400);
  });

  it.each([1, 96, 97, 100])('reads %i SKUs in ceil((4 + skus)/100) DynamoDB requests, all in flight together (dealer context, feed freshness and each SKU’s one item — stock and product — in the same BatchGets)', async (count) => {
    const sent: string[] = [];
    let inFlight = 0;
    let peak = 0;
    const base = stack.documentClient;
    // Every repository call goes through `send`: count them, by command, and how many overlap.
    const countingClient = {
      send: async (command: Parameters<DynamoDBDocumentClient['send']>[0]) => {
        sent.push(command.constructor.name);
        peak = Math.max(peak, ++inFlight);
        try {
          return await base.send(command);
        } finally {
          inFlight -= 1;
        }
      },
    } as unknown as DynamoDBDocumentClient;
    const deps = {
      reads: new AvailabilityRepository(countingClient, stack.tableName),
      taxonomy: new CatalogRepository(countingClient, stack.tableName),
      freshness: { defaultSeconds: 3600, byWarehouse: {} },
      now: () => new Date(),
    };
    // Known, quarantined and unknown SKUs mixed, so stock and product items are both found.
    const named = ['P-1', 'Q-1', 'U-1', 'P-2'];
    const skus = Array.from({ length: count }, (_, i) => named[i] ?? `X-${i}`);

    const result = await readAvailability({ kind: 'dealer', dealerId: 'D-A', userId: buyerA.userId, roles: ['buyer'] }, buyerA, { shipToId: 'A-WEST', skus }, deps);

    expect(result.items).toHaveLength(count);
    expect(result.items[0]).toMatchObject({ sku: 'P-1', known: true, availableNow: 55 });
    expect(result.items.filter((i) => i.known).map((i) => i.sku)).toEqual(count >= named.length ? ['P-1', 'P-2'] : ['P-1']);
    const batchGets = Math.ceil((4 + count) / 100);
    expect(sent).toEqual(Array.from({ length: batchGets }, () => 'BatchGetCommand'));
    expect(peak).toBe(batchGets);
    // The budget: ceil(skus/100) + 1.
    expect(batchGets).toBeLessThanOrEqual(Math.ceil(count / 100) + 1);
  });

  it('answers through the API in ceil((5 + skus)/100) BatchGets, the user record in them: at most ceil(skus/100) + 1 requests', async () => {
    const token = await stack.token(subjectOf(buyerA));
    for (const count of [1, 95, 96, 100]) {
      const skus = Array.from({ length: count }, (_, i) => (i === 0 ? 'P-1' : `X-${i}`));
      const counted: string[] = [];
      handlerClient.middlewareStack.add(
        (next, context) => async (args) => {
          counted.push(context.commandName ?? '?');
          return next(args);
        },
        { step: 'initialize', name: 'countAvailabilityRequests' },
      );
      let response: Awaited<ReturnType<typeof get>>;
      try {
        response = await stack.call('GET', `/availability?shipToId=A-WEST&skus=${skus.join(',')}`, { token });
      } finally {
        handlerClient.middlewareStack.remove('countAvailabilityRequests');
      }

      expect(response.status).toBe(200);
      expect((response.body as unknown as Answer).items[0]).toMatchObject({ sku: 'P-1', known: true });
      const batchGets = Array.from({ length: Math.ceil((5 + count) / 100) }, () => 'BatchGetItemCommand');
      expect(counted, `${count} SKUs: ${counted.join(',')}`).toEqual(batchGets);
      expect(counted.length).toBeLessThanOrEqual(Math.ceil(count / 100) + 1);
    }
  });

  it('refuses a deactivated user, and one of another dealer, although their record is read with the stock', async () => {
    const users = new UserRepository(stack.documentClient, stack.tableName);
    const gone = dealerUser('D-A', 'u-a-gone', ['buyer']);
    await users.put({ ...gone, status: 'deactivated' });
    const response = await get(gone, '/availability?shipToId=A-WEST&skus=P-1');
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ code: 'user-inactive' });
    expect(JSON.stringify(response.body)).not.toContain('WH-');
    // A token claiming dealer D-A for a user whose record lives under D-B finds no record under D-A.
    const elsewhere = await stack.call('GET', '/availability?shipToId=A-WEST&skus=P-1', { token: await stack.token({ ...subjectOf(buyerB), dealerId: 'D-A' }) });
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body).toMatchObject({ code: 'user-inactive' });
    // Unknown to the prefetch (a bad query): the user store decides first, then the query is 400.
    const bad = await get(buyerA, '/availability?shipToId=A-WEST');
    expect(bad.status).toBe(400);
    expect((await get(gone, '/availability?shipToId=A-WEST')).status).toBe(403);
  });
});
