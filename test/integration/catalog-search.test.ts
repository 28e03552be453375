import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PortalUser } from '#domain/user';
import { categoryUpserted } from '#events/category-upserted';
import { dealerEntitlementsSet } from '#events/dealer-entitlements-set';
import { productUpserted, type ProductUpsertedDetail } from '#events/product-upserted';
import { UserRepository } from '#functions/data/user-repository';
import { publishErpEvents } from '#local/erp';
import { categoryDetail, entitlementsDetail, productDetail } from '#test/support/catalog-fixtures';
import { dealerUser, subjectOf } from '#test/support/fixtures';
import { startTestStack, type TestStack } from '#test/support/local-stack';

/**
 * Catalog listing semantics against an independent model of the data: filters, sorts, entitlements
 * and cursor pagination (including while products are added between pages).
 */
let stack: TestStack;
const buyerA = dealerUser('D-A', 'u-a', ['buyer']);
const buyerB = dealerUser('D-B', 'u-b', ['viewer']);
const salesOps: PortalUser = { userId: 's-ops', email: 'ops@staff.test', name: 'ops', roles: ['sales-ops'], status: 'active' };

const toolTemplate = [
  { code: 'voltage', label: 'Voltage', type: 'enum' as const, required: true, allowedValues: ['12V', '18V', '36V'] },
  { code: 'weight', label: 'Weight', type: 'number' as const, required: false, unit: 'kg' },
  { code: 'brand', label: 'Brand', type: 'string' as const, required: false },
  { code: 'cordless', label: 'Cordless', type: 'boolean' as const, required: false },
];
const words = ['anchor', 'bolt', 'compact', 'drill', 'edge', 'flex', 'grip', 'heavy', 'impact', 'jig', 'keyless', 'lite'];
const brands = ['Makita', 'Bosch', 'DeWalt'];
const categories = ['drills', 'saws', 'gloves'] as const;
type Product = ProductUpsertedDetail['product'];

/** Deterministic products: names share words (prefix cases like "bolt" / "bolt compact"), some discontinued. */
function product(i: number, prefix = 'P'): ProductUpsertedDetail {
  const categoryId = categories[i % 3]!;
  const name = [words[i % words.length]!, ...(i % 4 === 0 ? [] : [words[(i * 7) % words.length]!]), ...(i % 5 === 0 ? [String(i % 13)] : [])].join(' ');
  const sku = `${prefix}-${String((i * 37) % 1000).padStart(3, '0')}-${i}`;
  const discontinued = i % 11 === 0;
  const attributes: Product['attributes'] =
    categoryId === 'gloves'
      ? { size: ['M', 'L'][i % 2]! }
      : { voltage: ['12V', '18V', '36V'][Math.floor(i / 3) % 3]!, weight: { value: 1 + (Math.floor(i / 3) % 4), unit: 'kg' }, brand: brands[Math.floor(i / 9) % 3]!, cordless: Math.floor(i / 6) % 2 === 0 };
  return productDetail(sku, {
    name: i % 6 === 0 ? name.toUpperCase() : name,
    description: `Item ${i}`,
    categoryId,
    attributes,
    lifecycle: discontinued ? 'discontinued' : 'active',
    ...(discontinued && i % 2 === 0 ? { replacementSku: `P-REPL-${i}` } : {}),
  });
}

const initial = Array.from({ length: 150 }, (_, i) => product(i));
const live = new Map(initial.map((p) => [p.product.sku, p.product]));

// The model: independent of the listing code.
const byName = (a: Product, b: Product) => (a.name.toLowerCase() !== b.name.toLowerCase() ? (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : 1) : a.sku < b.sku ? -1 : 1);
const bySku = (a: Product, b: Product) => (a.sku < b.sku ? -1 : 1);
const dealerListable = (p: Product) => p.lifecycle === 'active' || p.replacementSku !== undefined;
const expected = (predicate: (p: Product) => boolean, order = byName) => [...live.values()].filter(predicate).sort(order).map((p) => p.sku);

async function collect(user: PortalUser, query: string, options: { between?: (page: number) => Promise<void> } = {}) {
  const token = await stack.token(subjectOf(user));
  const skus: string[] = [];
  const pageSizes: number[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 500; page++) {
    const response = await stack.call('GET', `/catalog/products?${query}${cursor ? `&cursor=${cursor}` : ''}`, { token });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const items = response.body.items as { sku: string }[];
    skus.push(...items.map((i) => i.sku));
    pageSizes.push(items.length);
    cursor = response.body.nextCursor as string | null;
    if (!cursor) return { skus, pageSizes };
    await options.between?.(page);
  }
  throw new Error('pagination did not end');
}

beforeAll(async () => {
  stack = await startTestStack();
  const users = new UserRepository(stack.documentClient, stack.tableName);
  await Promise.all([buyerA, buyerB, salesOps].map((u) => users.put(u)));
  await publishErpEvents(categoryUpserted, [
    categoryDetail('tools', { name: 'Tools' }),
    categoryDetail('drills', { name: 'Drills', parentId: 'tools', attributes: toolTemplate }),
    categoryDetail('saws', { name: 'Saws', parentId: 'tools', attributes: toolTemplate }),
    categoryDetail('gloves', { name: 'Gloves', attributes: [{ code: 'size', label: 'Size', type: 'enum', required: true, allowedValues: ['M', 'L'] }] }),
  ]);
  await stack.bus.drain();
  await publishErpEvents(productUpserted, initial);
  await publishErpEvents(dealerEntitlementsSet, [entitlementsDetail('D-B', { kind: 'restricted', categoryIds: ['saws'], skus: [initial[2]!.product.sku, initial[5]!.product.sku] })]);
  await stack.bus.drain();
  expect(stack.bus.deadLetters).toEqual([]);
});
afterAll(() => stack?.stop());

describe('pagination', () => {
  it('covers the whole governed catalog exactly once, in name order, for staff', async () => {
    const { skus, pageSizes } = await collect(salesOps, 'limit=7');
    expect(skus).toEqual(expected(() => true));
    expect(Math.max(...pageSizes)).toBeLessThanOrEqual(7);
  });

  it('covers it in SKU order too', async () => {
    const { skus } = await collect(salesOps, 'limit=13&sort=sku');
    expect(skus).toEqual(expected(() => true, bySku));
  });

  it('returns every product exactly once while new products are inserted between pages', async () => {
    const before = new Set(live.keys());
    let added = 0;
    const { skus } = await collect(salesOps, 'limit=10', {
      between: async () => {
        const fresh = [product(1000 + added, 'NEW'), product(2000 + added, 'AAA')];
        added++;
        await publishErpEvents(productUpserted, fresh);
        await stack.bus.drain();
        for (const p of fresh) live.set(p.product.sku, p.product);
      },
    });
    expect(added).toBeGreaterThan(5);
    expect(new Set(skus).size).toBe(skus.length);
    for (const sku of before) expect(skus).toContain(sku);
    const order = skus.map((sku) => live.get(sku)!);
    expect(order).toEqual([...order].sort(byName));
  });
});

describe('filters and sort', () => {
  it('filters by a category with its subcategories, for a dealer (no discontinued products without replacement)', async () => {
    const { skus } = await collect(buyerA, 'category=tools&limit=20');
    expect(skus).toEqual(expected((p) => ['drills', 'saws'].includes(p.categoryId) && dealerListable(p)));
  });

  it('filters by attribute values (any of the listed values) within a category, sorted by SKU', async () => {
    const { skus } = await collect(buyerA, 'category=drills&attr.voltage=18V,36v&sort=sku&limit=5');
    expect(skus).toEqual(expected((p) => p.categoryId === 'drills' && ['18V', '36V'].includes(p.attributes.voltage as string) && dealerListable(p), bySku));
    expect(skus.length).toBeGreaterThan(5);
  });

  it('combines attribute filters of different types across categories', async () => {
    const { skus } = await collect(buyerA, 'attr.cordless=true&attr.weight=2.0&limit=4');
    expect(skus).toEqual(expected((p) => p.attributes.cordless === true && (p.attributes.weight as { value: number } | undefined)?.value === 2 && dealerListable(p)));
    expect(skus.length).toBeGreaterThan(0);
  });

  it('searches word prefixes in name, SKU, description and text attributes (all words must match)', async () => {
    const drill = await collect(buyerA, 'q=DRI&limit=6');
    expect(drill.skus).toEqual(expected((p) => p.name.toLowerCase().split(' ').some((w) => w.startsWith('dri')) && dealerListable(p)));
    const brand = await collect(buyerA, 'q=makita%20heavy&limit=50');
    expect(brand.skus).toEqual(expected((p) => p.attributes.brand === 'Makita' && p.name.toLowerCase().split(' ').some((w) => w.startsWith('heavy')) && dealerListable(p)));
    expect(brand.skus.length).toBeGreaterThan(0);
    const sku = initial[42]!.product.sku;
    expect((await collect(buyerA, `q=${sku}`)).skus).toEqual([sku]);
  });

  it('finds nothing outside the catalog: an unknown category or attribute gives an empty listing', async () => {
    expect((await collect(buyerA, 'category=nope')).skus).toEqual([]);
    expect((await collect(buyerA, 'attr.colour=red')).skus).toEqual([]);
  });
});

describe('entitlements in listings', () => {
  const entitledToB = (p: Product) => (p.categoryId === 'saws' || [initial[2]!.product.sku, initial[5]!.product.sku].includes(p.sku)) && dealerListable(p);

  it('lists for restricted dealer B its categories merged with its single SKUs, each once, across pages', async () => {
    const { skus } = await collect(buyerB, 'limit=6');
    expect(skus).toEqual(expected(entitledToB));
    expect(skus).toContain(initial[2]!.product.sku);
  });

  it('applies the requested category to dealer B’s single SKUs too', async () => {
    const { skus } = await collect(buyerB, 'category=gloves');
    expect(skus).toEqual(expected((p) => entitledToB(p) && p.categoryId === 'gloves'));
    expect(skus).toEqual([initial[2]!.product.sku, initial[5]!.product.sku].filter((s) => live.get(s)!.categoryId === 'gloves').sort((a, b) => byName(live.get(a)!, live.get(b)!)));
  });

  it('refuses a cursor of a name-sorted listing for a SKU-sorted one', async () => {
    const token = await stack.token(subjectOf(buyerA));
    const first = await stack.call('GET', '/catalog/products?limit=2', { token });
    const mixed = await stack.call('GET', `/catalog/products?limit=2&sort=sku&cursor=${first.body.nextCursor as string}`, { token });
    expect(mixed.status).toBe(400);
    expect((mixed.body.errors as { field: string }[])[0]?.field).toBe('query.cursor');
  });
});
