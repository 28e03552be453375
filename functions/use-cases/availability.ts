import { availableToPromise, isStale, nextAvailable, sourcingOrder, type StockRow } from '#domain/atp';
import { isEntitled, type Entitlement } from '#domain/entitlements';
import { Forbidden, NotFound } from '#domain/errors';
import type { Principal } from '#domain/identity';
import type { AvailabilityContextStore, ProductStore, SkuStock, StockStore, TaxonomyStore } from '#domain/ports';
import { buildTaxonomy } from '#domain/taxonomy';
import { shipTosVisibleTo, type PortalUser } from '#domain/user';

/** How old a warehouse's feed may be before answers from it are flagged stale. */
export interface FreshnessLimits {
  readonly defaultSeconds: number;
  readonly byWarehouse: Readonly<Record<string, number>>;
}

export interface AvailabilityDeps {
  readonly context: AvailabilityContextStore;
  readonly stock: Pick<StockStore, 'get'>;
  readonly products: Pick<ProductStore, 'get'>;
  readonly taxonomy: Pick<TaxonomyStore, 'all'>;
  readonly freshness: FreshnessLimits;
  readonly now: () => Date;
}

export const maxAvailabilitySkus = 100;

const limitOf = (limits: FreshnessLimits, warehouseId: string) => limits.byWarehouse[warehouseId] ?? limits.defaultSeconds;

/**
 * Available-to-promise of up to 100 SKUs for one of the caller's ship-tos. Reads: one Query for the
 * dealer context (entitlement, profile, ship-tos) and one BatchGet per 100 SKUs for stock, in
 * parallel. A dealer restricted to categories also needs the products' categories (BatchGet) and the
 * taxonomy, for the SKUs not entitled one by one. A ship-to the caller may not see — another dealer's
 * included — is 404 like an unknown one; a SKU the dealer is not entitled to is reported exactly like
 * an unknown one (`known: false`).
 */
export async function readAvailability(principal: Principal, user: PortalUser, request: { shipToId: string; skus: readonly string[] }, deps: AvailabilityDeps) {
  if (principal.kind !== 'dealer') throw new Forbidden('availability is asked for a dealer ship-to');
  const skus = [...new Set(request.skus)];
  const [context, stock] = await Promise.all([deps.context.get(principal.dealerId), deps.stock.get(skus)]);
  const shipTo = shipTosVisibleTo(user, context.shipTos).find((s) => s.shipToId === request.shipToId);
  if (!context.dealerFound || !shipTo) throw new NotFound('ship-to');
  const entitled = await entitledSkus(context.entitlement, skus, deps);
  const now = deps.now();
  const warehouseAges = new Map<string, number>();
  const items = skus.map((sku) => {
    const found = entitled.has(sku) ? stock.get(sku) : undefined;
    if (!found || found.warehouses.length === 0) return unknownSku(sku);
    for (const row of found.warehouses) {
      const age = Math.max(0, Math.round((now.getTime() - Date.parse(row.asOf)) / 1000));
      warehouseAges.set(row.warehouseId, Math.max(warehouseAges.get(row.warehouseId) ?? 0, age));
    }
    return skuAvailability(found, shipTo.preferredWarehouseId, now, deps.freshness);
  });
  return { result: { shipToId: shipTo.shipToId, preferredWarehouseId: shipTo.preferredWarehouseId, items }, warehouseAges };
}

async function entitledSkus(entitlement: Entitlement, skus: readonly string[], deps: AvailabilityDeps): Promise<Set<string>> {
  if (entitlement.kind === 'all') return new Set(skus);
  const direct = new Set(skus.filter((sku) => entitlement.skus.includes(sku)));
  const rest = skus.filter((sku) => !direct.has(sku));
  if (rest.length === 0 || entitlement.categoryIds.length === 0) return direct;
  const [products, categories] = await Promise.all([deps.products.get(rest), deps.taxonomy.all()]);
  const taxonomy = buildTaxonomy(categories);
  for (const sku of rest) {
    const data = products.get(sku)?.record.data;
    if (data && isEntitled(entitlement, { sku, categoryId: data.categoryId }, taxonomy)) direct.add(sku);
  }
  return direct;
}

const unknownSku = (sku: string) => ({ sku, known: false, availableNow: 0, warehouses: [], nextAvailable: null, asOf: null, stale: false });

function skuAvailability(found: SkuStock, preferredWarehouseId: string, now: Date, freshness: FreshnessLimits) {
  const byId = new Map(found.warehouses.map((w) => [w.warehouseId, w]));
  const order = sourcingOrder(
    preferredWarehouseId,
    found.warehouses.map((w) => w.warehouseId).sort(),
  ).filter((id) => byId.has(id));
  const warehouses = order.map((id) => {
    const row = byId.get(id)!;
    const supply = found.supply.filter((s) => s.warehouseId === id);
    return {
      warehouseId: id,
      preferred: id === preferredWarehouseId,
      available: availableToPromise(row),
      nextAvailable: nextAvailable(row, supply) ?? null,
      asOf: row.asOf,
      stale: isStale(row.asOf, now, limitOf(freshness, id)),
    };
  });
  const total: Pick<StockRow, 'onHand' | 'reserved' | 'safetyStock'> = {
    onHand: found.warehouses.reduce((s, w) => s + Math.max(0, w.onHand - w.safetyStock - w.reserved), 0),
    reserved: 0,
    safetyStock: 0,
  };
  const oldest = found.warehouses.map((w) => w.asOf).sort()[0]!;
  return {
    sku: found.sku,
    known: true,
    availableNow: warehouses.reduce((s, w) => s + w.available, 0),
    warehouses,
    nextAvailable: nextAvailable(total, found.supply) ?? null,
    asOf: oldest,
    stale: warehouses.some((w) => w.stale),
  };
}
