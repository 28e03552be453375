import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoProductEvents } from '#local/seed/demo-catalog';
import { seedDemo } from '#local/seed/seed';
import { startTestStack, type TestStack } from '#test/support/local-stack';

/** The demo seed's stock: out of stock, low, plenty, incoming supply and a stale warehouse (README tour). */
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
  await seedDemo(stack);
});
afterAll(() => stack?.stop());

interface Item {
  sku: string;
  availableNow: number;
  stale: boolean;
  nextAvailable: { date: string; quantity: number } | null;
  warehouses: { warehouseId: string; available: number; stale: boolean }[];
}

describe('demo inventory seed', () => {
  it('shows out-of-stock with incoming supply, low, plenty and a stale warehouse', async () => {
    const skus = demoProductEvents().map((p) => p.product.sku);
    const [out, low, , plenty] = skus;
    const response = await stack.call('GET', `/availability?shipToId=ST-ACME-CLE&skus=${out},${low},${plenty}`, { token: await stack.tokenFor('u-acme-buyer') });

    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const items = (response.body as unknown as { items: Item[] }).items;
    const [o, l, p] = items;
    expect(o!.warehouses.map((w) => [w.warehouseId, w.available === 0, w.stale])).toEqual([
      ['WH-EAST', true, false],
      ['WH-WEST', false, true],
    ]);
    expect(o!.stale).toBe(true);
    expect(o!.nextAvailable).not.toBeNull();
    expect(l).toMatchObject({ availableNow: 2, stale: false });
    expect(p!.availableNow).toBeGreaterThan(20);
    expect(p!.stale).toBe(false);
  });

  it('shows Crane (allowed WH-EAST only) no WH-WEST stock, where Acme sees both', async () => {
    const products = demoProductEvents().map((p) => p.product);
    const hydraulics = products.filter((p, i) => p.categoryId.startsWith('hydraulic') && i % 2 === 0).slice(0, 10).map((p) => p.sku);
    const path = (shipToId: string) => `/availability?shipToId=${shipToId}&skus=${hydraulics.join(',')}`;
    const crane = (await stack.call('GET', path('ST-CRAN-TOR'), { token: await stack.tokenFor('u-cran-viewer') })).body as unknown as { items: (Item & { known: boolean })[] };
    const acme = (await stack.call('GET', path('ST-ACME-CLE'), { token: await stack.tokenFor('u-acme-buyer') })).body as unknown as { items: (Item & { known: boolean })[] };
    const known = crane.items.filter((i) => i.known);
    expect(known.length).toBeGreaterThan(0);
    for (const item of known) expect(item.warehouses.map((w) => w.warehouseId)).toEqual(['WH-EAST']);
    expect(acme.items.filter((i) => i.known).some((i) => i.warehouses.some((w) => w.warehouseId === 'WH-WEST'))).toBe(true);
  });

  it('never shows the stock the WMS reports for a quarantined SKU, even to a dealer entitled to everything', async () => {
    const response = await stack.call('GET', '/availability?shipToId=ST-ACME-CLE&skus=FAS-109001', { token: await stack.tokenFor('u-acme-buyer') });
    expect((response.body as unknown as { items: unknown[] }).items).toEqual([{ sku: 'FAS-109001', known: false, availableNow: 0, warehouses: [], nextAvailable: null, asOf: null, stale: false }]);
  });
});
