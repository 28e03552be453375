import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PortalUser } from '#domain/user';
import { categoryUpserted } from '#events/category-upserted';
import { dealerEntitlementsSet } from '#events/dealer-entitlements-set';
import { productDiscontinued } from '#events/product-discontinued';
import { productUpserted } from '#events/product-upserted';
import type { EventContract } from '#events/contract';
import { UserRepository } from '#functions/data/user-repository';
import { publishErpEvents } from '#local/erp';
import { boltTemplate, categoryDetail, discontinuedDetail, entitlementsDetail, productDetail } from '#test/support/catalog-fixtures';
import { dealerUser, subjectOf } from '#test/support/fixtures';
import { startTestStack, type TestStack } from '#test/support/local-stack';

/**
 * The governed catalog end to end: ERP events through the bus into governance, then the catalog and
 * governance routes through the real gateway and middleware.
 */
let stack: TestStack;
const buyerA = dealerUser('D-A', 'u-a-buyer', ['buyer']);
const buyerB = dealerUser('D-B', 'u-b-buyer', ['buyer']);
const staff = (userId: string, roles: PortalUser['roles']): PortalUser => ({ userId, email: `${userId}@staff.test`, name: userId, roles, status: 'active' });
const salesOps = staff('s-salesops', ['sales-ops']);
const credit = staff('s-credit', ['credit']);

async function publish<S extends EventContract['detail']>(contract: EventContract<S>, details: readonly unknown[]) {
  await publishErpEvents(contract, details);
  await stack.bus.drain();
}

const get = async (user: PortalUser, path: string) => stack.call('GET', path, { token: await stack.token(subjectOf(user)) });
const report = async () => (await get(salesOps, '/governance/catalog?limit=100')).body as unknown as GovernanceReport;

interface GovernanceReport {
  summary: { products: number; complete: number; quarantined: number; staleTemplate: number; completeShare: number | null };
  categories: { categoryId: string | null; known: boolean; products: number; complete: number; quarantined: number; staleTemplate: number; reasons: Record<string, number> }[];
  quarantined: { items: { sku: string; categoryId: string | null; revision: number; reasons: { code: string; field: string; message: string }[] }[]; nextCursor: string | null };
}
const row = (r: GovernanceReport, categoryId: string | null) => r.categories.find((c) => c.categoryId === categoryId);
const quarantinedSku = (r: GovernanceReport, sku: string) => r.quarantined.items.find((q) => q.sku === sku);

beforeAll(async () => {
  stack = await startTestStack();
  const users = new UserRepository(stack.documentClient, stack.tableName);
  await Promise.all([buyerA, buyerB, salesOps, credit].map((u) => users.put(u)));
  await publish(categoryUpserted, [
    categoryDetail('fasteners', { name: 'Fasteners' }),
    categoryDetail('bolts', { name: 'Bolts', parentId: 'fasteners', attributes: boltTemplate, allowedUnitsOfMeasure: ['EA', 'BX'] }),
    categoryDetail('bearings', { name: 'Bearings', attributes: [{ code: 'bore', label: 'Bore', type: 'number', required: true, unit: 'mm' }] }),
  ]);
  await publish(productUpserted, [
    productDetail('BLT-100', {
      name: 'Hex bolt M8 x 40',
      attributes: { material: 'steel', length: { value: 40, unit: 'mm' }, finish: 'zinc', fully_threaded: true },
      imageUrls: ['https://cdn.example.test/BLT-100.jpg'],
      documents: [{ title: 'Data sheet', url: 'https://cdn.example.test/BLT-100.pdf' }],
    }),
    productDetail('BRG-200', { name: 'Ball bearing 6204', categoryId: 'bearings', attributes: { bore: { value: 20, unit: 'mm' } }, packSize: 1, minimumOrderQuantity: 1, orderMultiple: 1 }),
  ]);
  await publish(dealerEntitlementsSet, [entitlementsDetail('D-B', { kind: 'restricted', categoryIds: ['bearings'], skus: [] })]);
  expect(stack.bus.deadLetters).toEqual([]);
});
afterAll(() => stack?.stop());

describe('ProductUpserted → catalog', () => {
  it('publishes a complete product with its attributes, packaging and category path', async () => {
    const response = await get(buyerA, '/catalog/products/BLT-100');

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      sku: 'BLT-100',
      name: 'Hex bolt M8 x 40',
      categoryId: 'bolts',
      categoryPath: [
        { categoryId: 'fasteners', name: 'Fasteners' },
        { categoryId: 'bolts', name: 'Bolts' },
      ],
      lifecycle: 'active',
      replacementSku: null,
      replacement: null,
      packaging: { unitOfMeasure: 'EA', packSize: 10, minimumOrderQuantity: 20, orderMultiple: 10 },
      imageUrls: ['https://cdn.example.test/BLT-100.jpg'],
      documents: [{ title: 'Data sheet', url: 'https://cdn.example.test/BLT-100.pdf' }],
    });
    expect(response.body.attributes).toEqual([
      { code: 'material', label: 'Material', value: 'steel', unit: null },
      { code: 'length', label: 'Length', value: 40, unit: 'mm' },
      { code: 'finish', label: 'Finish', value: 'zinc', unit: null },
      { code: 'fully_threaded', label: 'Fully threaded', value: true, unit: null },
    ]);
  });

  it('lists it for the dealer and counts it complete in the governance report', async () => {
    const list = await get(buyerA, '/catalog/products?category=fasteners');
    expect((list.body.items as { sku: string }[]).map((i) => i.sku)).toEqual(['BLT-100']);

    const governance = await report();
    expect(row(governance, 'bolts')).toMatchObject({ known: true, complete: 1, quarantined: 0 });
  });
});

describe('governance: quarantine and release', () => {
  it('quarantines a product that breaks its template, with machine-readable reasons, invisible to everyone in the catalog', async () => {
    await publish(productUpserted, [
      productDetail('BLT-BAD', {
        revision: 3,
        name: 'Broken bolt',
        attributes: { material: 'titanium', length: 40, colour: 'red' },
        unitOfMeasure: 'KG',
        minimumOrderQuantity: 15,
      }),
    ]);

    expect(stack.bus.deadLetters).toEqual([]);
    for (const user of [buyerA, salesOps]) expect((await get(user, '/catalog/products/BLT-BAD')).status).toBe(404);
    const list = await get(salesOps, '/catalog/products?category=bolts&limit=100');
    expect((list.body.items as { sku: string }[]).map((i) => i.sku)).not.toContain('BLT-BAD');

    const governance = await report();
    const entry = quarantinedSku(governance, 'BLT-BAD');
    expect(entry?.revision).toBe(3);
    expect(entry?.reasons.map((r) => [r.code, r.field])).toEqual([
      ['moq-not-multiple', 'minimumOrderQuantity'],
      ['value-not-allowed', 'attributes.material'],
      ['wrong-unit', 'attributes.length'],
      ['unknown-attribute', 'attributes.colour'],
      ['uom-not-allowed', 'unitOfMeasure'],
    ]);
    expect(row(governance, 'bolts')).toMatchObject({
      complete: 1,
      quarantined: 1,
      reasons: { 'moq-not-multiple': 1, 'unknown-attribute': 1, 'uom-not-allowed': 1, 'value-not-allowed': 1, 'wrong-unit': 1 },
    });
  });

  it('ignores a replay and an older revision of the quarantined product', async () => {
    const before = await report();
    await publish(productUpserted, [
      productDetail('BLT-BAD', { revision: 3, name: 'Broken bolt' }),
      productDetail('BLT-BAD', { revision: 2, name: 'Older, valid bolt' }),
    ]);

    expect((await get(salesOps, '/catalog/products/BLT-BAD')).status).toBe(404);
    expect(await report()).toEqual(before);
  });

  it('releases it when a fixed newer revision arrives', async () => {
    await publish(productUpserted, [productDetail('BLT-BAD', { revision: 4, name: 'Fixed bolt' })]);

    const detail = await get(buyerA, '/catalog/products/BLT-BAD');
    expect(detail.status).toBe(200);
    expect(detail.body.name).toBe('Fixed bolt');
    const governance = await report();
    expect(quarantinedSku(governance, 'BLT-BAD')).toBeUndefined();
    expect(row(governance, 'bolts')).toMatchObject({ complete: 2, quarantined: 0, reasons: {} });
  });

  it('withdraws a published product whose newer revision fails, rather than show superseded data', async () => {
    await publish(productUpserted, [productDetail('BLT-BAD', { revision: 5, attributes: { length: { value: 40, unit: 'mm' } } })]);

    expect((await get(buyerA, '/catalog/products/BLT-BAD')).status).toBe(404);
    const entry = quarantinedSku(await report(), 'BLT-BAD');
    expect(entry?.reasons).toEqual([{ code: 'missing-required-attribute', field: 'attributes.material', message: 'Material is required in Bolts' }]);
  });

  it('converges to the newest revision, with exact counters, when many revisions race in any order', async () => {
    const before = row(await report(), 'bolts')!;
    const revisions = [7, 2, 9, 4, 12, 1, 11, 5, 3, 10, 8, 6];
    // Odd revisions break the template, even ones are valid; the newest (12) is valid.
    await publish(
      productUpserted,
      revisions.map((r) => productDetail('BLT-RACE', { revision: r, name: `race ${r}`, attributes: r % 2 ? { length: { value: 40, unit: 'mm' } } : { material: 'steel', length: { value: 40, unit: 'mm' } } })),
    );

    expect(stack.bus.deadLetters.filter((l) => JSON.stringify(l.event.detail).includes('BLT-RACE'))).toEqual([]);
    expect((await get(buyerA, '/catalog/products/BLT-RACE')).body).toMatchObject({ name: 'race 12', revision: 12 });
    const after = row(await report(), 'bolts')!;
    expect({ complete: after.complete - before.complete, quarantined: after.quarantined - before.quarantined }).toEqual({ complete: 1, quarantined: 0 });
  });

  it('parks a detail that fails its schema in the DLQ with per-field reasons and stores nothing', async () => {
    const before = await report();
    const letters = stack.bus.deadLetters.length;
    const bad = productDetail('BLT-DLQ', { packSize: 0, imageUrls: ['http://insecure.example.test/x.jpg'] });
    await publish(productUpserted, [bad]);

    const parked = stack.bus.deadLetters.slice(letters);
    expect(parked).toHaveLength(1);
    expect(parked[0]!.error.type).toBe('InvalidEventError');
    const reasons = JSON.parse(parked[0]!.error.message) as { field: string; code: string }[];
    expect(reasons.map((r) => r.field).sort()).toEqual(['detail.product.imageUrls.0', 'detail.product.packSize']);
    expect((await get(salesOps, '/catalog/products/BLT-DLQ')).status).toBe(404);
    expect(await report()).toEqual(before);
  });

  it('quarantines a product of an unknown category and releases it when the category arrives', async () => {
    await publish(productUpserted, [productDetail('GLV-300', { categoryId: 'gloves', attributes: { size: 'L' } })]);
    let governance = await report();
    expect(quarantinedSku(governance, 'GLV-300')?.reasons.map((r) => r.code)).toEqual(['unknown-category']);
    expect(row(governance, 'gloves')).toMatchObject({ known: false, quarantined: 1, reasons: { 'unknown-category': 1 } });

    await publish(categoryUpserted, [categoryDetail('gloves', { name: 'Gloves', attributes: [{ code: 'size', label: 'Size', type: 'enum', required: true, allowedValues: ['M', 'L'] }] })]);

    expect((await get(buyerA, '/catalog/products/GLV-300')).status).toBe(200);
    governance = await report();
    expect(quarantinedSku(governance, 'GLV-300')).toBeUndefined();
    expect(row(governance, 'gloves')).toMatchObject({ known: true, complete: 1, quarantined: 0 });
  });

  it('re-validates quarantined products when their template changes, and reports published ones validated against the old template', async () => {
    await publish(productUpserted, [productDetail('GLV-301', { categoryId: 'gloves', attributes: { size: 'XL' } })]);
    expect(quarantinedSku(await report(), 'GLV-301')?.reasons.map((r) => r.code)).toEqual(['value-not-allowed']);

    await publish(categoryUpserted, [
      categoryDetail('gloves', {
        revision: 2,
        name: 'Gloves',
        attributes: [
          { code: 'size', label: 'Size', type: 'enum', required: true, allowedValues: ['M', 'L', 'XL'] },
          { code: 'cut_level', label: 'Cut level', type: 'string', required: false },
        ],
      }),
    ]);

    const governance = await report();
    expect(quarantinedSku(governance, 'GLV-301')).toBeUndefined();
    expect(row(governance, 'gloves')).toMatchObject({ complete: 2, quarantined: 0, staleTemplate: 1 });
    expect((await get(buyerA, '/catalog/products/GLV-300')).status).toBe(200);
  });

  it('pages through the quarantined SKUs, all of them or one category’s', async () => {
    await publish(productUpserted, [productDetail('BLT-Q1', { attributes: {} }), productDetail('BLT-Q2', { attributes: {} }), productDetail('NUT-Q3', { categoryId: 'nuts' })]);
    const all = (await report()).quarantined.items.map((q) => q.sku);
    const paged = async (query: string) => {
      const skus: string[] = [];
      let cursor: string | null = null;
      do {
        const page = (await get(salesOps, `/governance/catalog?limit=1${query}${cursor ? `&cursor=${cursor}` : ''}`)).body as unknown as GovernanceReport;
        skus.push(...page.quarantined.items.map((q) => q.sku));
        cursor = page.quarantined.nextCursor;
      } while (cursor);
      return skus;
    };

    expect(all).toEqual(expect.arrayContaining(['BLT-Q1', 'BLT-Q2', 'NUT-Q3']));
    expect(await paged('')).toEqual(all);
    expect(await paged('&category=bolts')).toEqual(all.filter((sku) => sku.startsWith('BLT-')));
    expect((await get(salesOps, '/governance/catalog?category=bolts')).body.categories).toHaveLength(1);
  });

  it('ignores an older taxonomy revision', async () => {
    await publish(categoryUpserted, [categoryDetail('gloves', { revision: 1, name: 'Old gloves', attributes: [] })]);
    const categories = (await get(salesOps, '/catalog/categories')).body.categories as { categoryId: string; name: string; revision: number }[];
    expect(categories.find((c) => c.categoryId === 'gloves')).toMatchObject({ name: 'Gloves', revision: 2 });
  });

  it('parks a self-contradicting template in the DLQ', async () => {
    const letters = stack.bus.deadLetters.length;
    await publish(categoryUpserted, [categoryDetail('nuts', { attributes: [{ code: 'grade', label: 'Grade', type: 'enum', required: true }] })]);
    const parked = stack.bus.deadLetters.slice(letters);
    expect(parked.map((l) => (JSON.parse(l.error.message) as { field: string }[])[0]?.field)).toEqual(['detail.category.attributes.0.allowedValues']);
  });
});

describe('lifecycle', () => {
  it('keeps a discontinued product with a replacement visible and points to the replacement', async () => {
    await publish(productUpserted, [productDetail('BLT-110', { revision: 1, name: 'Hex bolt M8 x 40 (new)' })]);
    await publish(productDiscontinued, [discontinuedDetail('BLT-100', 2, 'BLT-110')]);

    const detail = await get(buyerA, '/catalog/products/BLT-100');
    expect(detail.body).toMatchObject({ lifecycle: 'discontinued', replacementSku: 'BLT-110', replacement: { sku: 'BLT-110', name: 'Hex bolt M8 x 40 (new)', lifecycle: 'active' } });
  });

  it('hides a discontinued product without replacement from dealers but not from staff', async () => {
    await publish(productUpserted, [productDetail('BLT-120', { revision: 1 })]);
    await publish(productDiscontinued, [discontinuedDetail('BLT-120', 2)]);

    expect((await get(buyerA, '/catalog/products/BLT-120')).status).toBe(404);
    expect((await get(salesOps, '/catalog/products/BLT-120')).body).toMatchObject({ lifecycle: 'discontinued', replacementSku: null });
    const dealerList = await get(buyerA, '/catalog/products?category=bolts&limit=100');
    const staffList = await get(salesOps, '/catalog/products?category=bolts&limit=100');
    expect((dealerList.body.items as { sku: string }[]).map((i) => i.sku)).not.toContain('BLT-120');
    expect((staffList.body.items as { sku: string }[]).map((i) => i.sku)).toContain('BLT-120');
  });

  it('applies a discontinuation that overtakes its product’s older upsert, whatever the arrival order', async () => {
    await publish(productDiscontinued, [discontinuedDetail('BLT-130', 7, 'BLT-110')]);
    const early = await report();
    expect(quarantinedSku(early, 'BLT-130')?.reasons.map((r) => r.code)).toEqual(['unknown-product']);

    await publish(productUpserted, [productDetail('BLT-130', { revision: 6, name: 'Late data' })]);
    const detail = await get(buyerA, '/catalog/products/BLT-130');
    expect(detail.body).toMatchObject({ name: 'Late data', lifecycle: 'discontinued', replacementSku: 'BLT-110' });
    expect(quarantinedSku(await report(), 'BLT-130')).toBeUndefined();
    expect(row(await report(), null)).toMatchObject({ products: 0 });
  });
});

describe('entitlements', () => {
  it('dealer B, restricted to bearings, gets 404 for a bolt exactly as for an unknown SKU; dealer A sees it', async () => {
    const notEntitled = await get(buyerB, '/catalog/products/BLT-110');
    const unknown = await get(buyerB, '/catalog/products/NO-SUCH-SKU');

    expect(notEntitled.status).toBe(404);
    expect({ ...notEntitled.body, instance: undefined }).toEqual({ ...unknown.body, instance: undefined });
    expect((await get(buyerA, '/catalog/products/BLT-110')).status).toBe(200);
    expect((await get(buyerB, '/catalog/products/BRG-200')).status).toBe(200);
  });

  it('lists for dealer B only what it is entitled to, also when it asks for another category', async () => {
    const all = await get(buyerB, '/catalog/products?limit=100');
    const bolts = await get(buyerB, '/catalog/products?category=bolts');

    expect((all.body.items as { sku: string }[]).map((i) => i.sku)).toEqual(['BRG-200']);
    expect(bolts.body).toEqual({ items: [], nextCursor: null });
  });

  it('opens single SKUs and their categories to a restricted dealer', async () => {
    await publish(dealerEntitlementsSet, [entitlementsDetail('D-B', { kind: 'restricted', categoryIds: ['bearings'], skus: ['BLT-110'] }, 2)]);

    expect((await get(buyerB, '/catalog/products/BLT-110')).status).toBe(200);
    expect((await get(buyerB, '/catalog/products/BLT-BAD')).status).toBe(404);
    const list = await get(buyerB, '/catalog/products?limit=100&sort=sku');
    expect((list.body.items as { sku: string }[]).map((i) => i.sku)).toEqual(['BLT-110', 'BRG-200']);
    const categories = (await get(buyerB, '/catalog/categories')).body.categories as { categoryId: string; parentId: string | null }[];
    expect(categories.map((c) => [c.categoryId, c.parentId])).toEqual([
      ['bearings', null],
      ['bolts', 'fasteners'],
      ['fasteners', null],
    ]);
  });

  it('ignores an older entitlement revision', async () => {
    await publish(dealerEntitlementsSet, [entitlementsDetail('D-B', { kind: 'all' }, 1)]);
    expect((await get(buyerB, '/catalog/products/GLV-300')).status).toBe(404);
  });

  it('shows staff and unrestricted dealers the whole taxonomy with templates', async () => {
    const categories = (await get(buyerA, '/catalog/categories')).body.categories as { categoryId: string; attributes: { code: string }[] }[];
    expect(categories.map((c) => c.categoryId)).toEqual(['bearings', 'bolts', 'fasteners', 'gloves']);
    expect(categories.find((c) => c.categoryId === 'bolts')?.attributes.map((a) => a.code)).toEqual(['material', 'length', 'finish', 'fully_threaded']);
  });
});

describe('access', () => {
  it('refuses the catalog to staff without catalog:read, and the report to dealers', async () => {
    expect((await get(credit, '/catalog/products')).status).toBe(403);
    expect((await get(credit, '/catalog/products/BLT-110')).status).toBe(403);
    const dealer = await get(buyerA, '/governance/catalog');
    expect(dealer.status).toBe(403);
    expect(dealer.body.code).toBe('forbidden');
    expect((await get(salesOps, '/governance/catalog')).status).toBe(200);
  });

  it('answers bad query parameters with 400 problem+json and per-field reasons', async () => {
    const response = await get(buyerA, '/catalog/products?limit=0&sort=price&attr.Bad=1&colour=red&category=a%23b');

    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect((response.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['query.attr.Bad', 'query.category', 'query.colour', 'query.limit', 'query.sort']);
  });

  it('answers a cursor that is not one with 400', async () => {
    const response = await get(buyerA, '/catalog/products?cursor=not-a-cursor');
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ field: 'query.cursor', code: 'invalid_cursor', message: 'not a cursor from a previous page of this listing' }]);
  });
});
