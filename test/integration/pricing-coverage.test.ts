import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractPriceUpserted } from '#events/contract-price-upserted';
import { publishErpEvents } from '#local/erp';
import { demoProductEvents } from '#local/seed/demo-catalog';
import { demoUnlistedSkus } from '#local/seed/demo-pricing';
import { seedDemo } from '#local/seed/seed';
import { startTestStack, type TestStack } from '#test/support/local-stack';

/**
 * Pricing-coverage readiness on the demo seed: which entitled, orderable SKUs a quote prices today.
 * The seed leaves six hydraulic SKUs off the price lists; one of them has an Acme contract.
 */
let stack: TestStack;

interface Coverage {
  dealerId: string;
  shipToId: string;
  entitledOrderableSkus: number;
  pricedSkus: number;
  unpricedSkus: number;
  coveragePercent: number;
  unpriced: { sku: string; quantity: number; reason: string; message: string }[];
  unpricedTruncated: boolean;
}

beforeAll(async () => {
  stack = await startTestStack();
  await seedDemo(stack);
}, 120_000);
afterAll(() => stack?.stop());

const coverage = async (dealerId: string, user = 'u-staff-salesops', query = '') => stack.call('GET', `/admin/dealers/${dealerId}/pricing-coverage${query}`, { token: await stack.tokenFor(user) });
const coverageOf = async (dealerId: string, query = '') => {
  const response = await coverage(dealerId, 'u-staff-salesops', query);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as unknown as Coverage;
};
const active = demoProductEvents().filter((e) => e.product.lifecycle === 'active');

describe('GET /admin/dealers/{dealerId}/pricing-coverage', () => {
  it('counts every entitled, orderable SKU and lists the ones a quote cannot price, with its reason', async () => {
    const acme = await coverageOf('D-ACME');

    expect(acme.entitledOrderableSkus).toBe(active.length);
    expect(acme.unpriced.map((u) => u.sku)).toEqual(demoUnlistedSkus.filter((sku) => sku !== 'HYD-401001'));
    expect(acme.unpriced.every((u) => u.reason === 'no-price' && /No contract or list price/.test(u.message))).toBe(true);
    expect(acme).toMatchObject({ pricedSkus: active.length - 5, unpricedSkus: 5, unpricedTruncated: false });
    expect(acme.coveragePercent).toBe(Math.floor(((active.length - 5) * 1000) / active.length) / 10);
    expect(acme.coveragePercent).toBeLessThan(100);
  });

  it("follows each dealer's entitlement and contracts: Crane misses the contract-only SKU too, Bolt misses none", async () => {
    const crane = await coverageOf('D-CRAN');
    const bolt = await coverageOf('D-BOLT');

    const hydraulics = active.filter((e) => e.product.categoryId === 'hydraulic-fittings');
    expect(crane.entitledOrderableSkus).toBe(hydraulics.length);
    expect(crane.unpriced.map((u) => u.sku)).toEqual([...demoUnlistedSkus]);
    expect(bolt.unpricedSkus).toBe(0);
    expect(bolt.coveragePercent).toBe(100);
    expect(bolt.entitledOrderableSkus).toBe(active.filter((e) => ['bolts', 'nuts-washers', 'bearings'].includes(e.product.categoryId) || e.product.sku === 'SAF-602001').length);
  });

  it('agrees with a quote of the same SKUs at their minimum order quantity', async () => {
    const crane = await coverageOf('D-CRAN');
    const hydraulics = active.filter((e) => e.product.categoryId === 'hydraulic-fittings');

    const response = await stack.call('POST', '/quotes', {
      token: await stack.tokenFor('u-cran-viewer'),
      body: { shipToId: crane.shipToId, lines: hydraulics.map((e) => ({ sku: e.product.sku, quantity: e.product.minimumOrderQuantity })) },
    });

    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const lines = response.body.lines as { sku: string; unitPriceMinor: number | null; problems: { code: string }[] }[];
    expect(lines.filter((l) => l.unitPriceMinor === null).map((l) => [l.sku, l.problems[0]?.code])).toEqual(crane.unpriced.map((u) => [u.sku, u.reason]));
  });

  it('moves when the ERP prices a missing SKU', async () => {
    await publishErpEvents(contractPriceUpserted, [
      { schemaVersion: 1, revision: 1, occurredAt: '2026-11-30T10:00:00Z', contractId: 'K-CRAN-1', dealerId: 'D-CRAN', sku: 'HYD-404006', currency: 'CAD', amountMinor: 1_234, validFrom: '2026-01-01' },
    ]);
    await stack.bus.drain();

    const crane = await coverageOf('D-CRAN');

    expect(crane.unpriced.map((u) => u.sku)).not.toContain('HYD-404006');
    expect(crane.unpricedSkus).toBe(5);
  });

  it('caps the list at limit and says so; counts stay whole', async () => {
    const capped = await coverageOf('D-ACME', '?limit=2');

    expect(capped.unpriced.map((u) => u.sku)).toEqual(['HYD-404006', 'HYD-404007']);
    expect(capped).toMatchObject({ unpricedSkus: 5, unpricedTruncated: true });
    expect((await coverage('D-ACME', 'u-staff-salesops', '?limit=0')).status).toBe(400);
  });

  it('is for sales-ops and portal admins only; an unknown dealer is 404', async () => {
    expect((await coverage('D-ACME', 'u-staff-admin')).status).toBe(200);
    expect((await coverage('D-NOPE')).status).toBe(404);
    expect((await coverage('D-ACME', 'u-staff-credit')).status).toBe(403);
    expect((await coverage('D-ACME', 'u-acme-admin')).status).toBe(403);
  });
});
