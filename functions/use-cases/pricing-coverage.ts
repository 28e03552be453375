import { Conflict, NotFound } from '#domain/errors';
import type { Principal } from '#domain/identity';
import type { PortalUser } from '#domain/user';
import { listProducts, type CatalogReadDeps } from './catalog-read.ts';
import { quote, type QuoteDeps } from './quotes.ts';

export type CoverageDeps = QuoteDeps & CatalogReadDeps;

/** SKUs per quote call (the quote reads products and price sheets 100 keys per BatchGet). */
export const coverageChunk = 100;
/** Quote calls in flight at once. */
export const coverageParallelChunks = 4;
/** Catalog page size while enumerating the dealer's SKUs. */
const enumerationPage = 200;

export interface CoverageRequest {
  readonly dealerId: string;
  /** How many unpriced SKUs to list (in SKU order). */
  readonly limit: number;
}

/**
 * Pricing-coverage readiness of one dealer (staff): of the SKUs the dealer is entitled to and can
 * order (its catalog view, active products), how many have a price a quote resolves today, and which
 * do not with the reason the quote gives.
 *
 * It asks the quote use-case itself — each SKU at its minimum order quantity, 100 SKUs per call, for
 * the dealer's first ship-to — so it always agrees with what a quote would say. The quote is a dealer
 * operation; here it runs on the dealer's behalf as an unrestricted user of that dealer (the staff
 * caller's id, no ship-to restriction). The dealer's context (profile, entitlement, taxonomy, pricing
 * partition) is read once per report, not once per chunk (`readOnce`).
 */
export async function pricingCoverage(staff: Principal, request: CoverageRequest, deps: CoverageDeps) {
  const shared = {
    dealers: readOnce(deps.dealers, 'getWithShipTos'),
    entitlements: readOnce(deps.entitlements, 'get'),
    taxonomy: readOnce(deps.taxonomy, 'all'),
    prices: readOnce(deps.prices, 'context'),
    // The batched quote reads, when wired, fetch the same context in one BatchGet per quote call.
    reads: deps.reads ? readOnce(deps.reads, 'quoteContext') : undefined,
  };
  const run: CoverageDeps = { ...deps, ...shared };
  const { dealer, shipTos } = await run.dealers.getWithShipTos(request.dealerId);
  if (!dealer) throw new NotFound(`dealer ${request.dealerId}`);
  const shipTo = [...shipTos].sort((a, b) => (a.shipToId < b.shipToId ? -1 : 1))[0];
  if (!shipTo) throw new Conflict('dealer-without-ship-to', `dealer ${request.dealerId} has no ship-to to quote for`);

  const onBehalf: Principal = { kind: 'dealer', userId: staff.userId, dealerId: dealer.dealerId, roles: ['viewer'] };
  const user: PortalUser = { userId: staff.userId, dealerId: dealer.dealerId, email: '', name: 'pricing coverage', roles: ['viewer'], status: 'active' };

  const orderable = await orderableSkus(onBehalf, run);
  const chunks: (typeof orderable)[] = [];
  for (let i = 0; i < orderable.length; i += coverageChunk) chunks.push(orderable.slice(i, i + coverageChunk));

  const unpriced: { sku: string; name: string; categoryId: string; quantity: number; reason: string; message: string }[] = [];
  let priced = 0;
  let pricedOn = run.today();
  await inBatches(chunks, coverageParallelChunks, async (chunk) => {
    const quoted = await quote(onBehalf, user, { shipToId: shipTo.shipToId, lines: chunk.map((p) => ({ sku: p.sku, quantity: p.minimumOrderQuantity })) }, run);
    pricedOn = quoted.pricedOn;
    quoted.lines.forEach((line, i) => {
      const product = chunk[i]!;
      if (line.unitPriceMinor !== null) {
        priced += 1;
        return;
      }
      const problem = line.problems.find((p) => p.code !== 'below-minimum-order-quantity' && p.code !== 'not-order-multiple') ?? line.problems[0];
      unpriced.push({ sku: product.sku, name: product.name, categoryId: product.categoryId, quantity: line.quantity, reason: problem?.code ?? 'no-price', message: problem?.message ?? 'No price' });
    });
  });

  unpriced.sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
  const total = orderable.length;
  return {
    dealerId: dealer.dealerId,
    dealerName: dealer.name,
    currency: dealer.currency,
    pricedOn,
    shipToId: shipTo.shipToId,
    entitledOrderableSkus: total,
    pricedSkus: priced,
    unpricedSkus: total - priced,
    coveragePercent: coveragePercent(priced, total),
    unpriced: unpriced.slice(0, request.limit),
    unpricedTruncated: unpriced.length > request.limit,
  };
}

/** Share of priced SKUs in percent, one decimal, rounded down (99.96 % is not "100"); no SKUs: 100. */
export const coveragePercent = (priced: number, total: number): number => (total === 0 ? 100 : Math.floor((priced * 1000) / total) / 10);

/** The dealer's catalog view (entitlement, governance, lifecycle), active products only, in SKU order. */
async function orderableSkus(onBehalf: Principal, deps: CatalogReadDeps) {
  const skus: { sku: string; name: string; categoryId: string; minimumOrderQuantity: number }[] = [];
  let cursor: string | undefined;
  do {
    const page = await listProducts(onBehalf, { sort: 'sku', attributes: {}, limit: enumerationPage, cursor }, deps);
    for (const item of page.items) if (item.lifecycle === 'active') skus.push({ sku: item.sku, name: item.name, categoryId: item.categoryId, minimumOrderQuantity: item.minimumOrderQuantity });
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return skus;
}

async function inBatches<T>(items: readonly T[], parallel: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(parallel, items.length) }, worker));
}

/**
 * The same store with the named read methods answered once per argument list for the life of this
 * object (one report): the quote use-case reads the dealer's context on every call.
 */
export function readOnce<T extends object>(target: T, ...methods: (keyof T & string)[]): T {
  const caches = new Map<string, Map<string, unknown>>();
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver) as unknown;
      if (typeof property !== 'string' || !(methods as string[]).includes(property) || typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        let cache = caches.get(property);
        if (!cache) caches.set(property, (cache = new Map<string, unknown>()));
        const key = JSON.stringify(args);
        if (!cache.has(key)) cache.set(key, (value as (...a: unknown[]) => unknown).apply(object, args));
        return cache.get(key);
      };
    },
  });
}
