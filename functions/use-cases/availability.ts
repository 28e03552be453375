import { availableToPromise, dueSupply, isStale, nextAvailable, nextAvailableAcross, shippableWarehouses } from '#domain/atp';
import { isVisibleTo, type Entitlement } from '#domain/entitlements';
import { Forbidden, NotFound } from '#domain/errors';
import type { Principal } from '#domain/identity';
import type { AvailabilityStore, SkuStock, StockFeed, StoredProduct, TaxonomyStore } from '#domain/ports';
import { buildTaxonomy } from '#domain/taxonomy';
import { shipTosVisibleTo, type PortalUser } from '#domain/user';

/** How old a warehouse's feed may be before answers from it are flagged stale. */
export interface FreshnessLimits {
  readonly defaultSeconds: number;
  readonly byWarehouse: Readonly<Record<string, number>>;
}

export interface AvailabilityDeps {
  /** The dealer context and the asked SKUs' stock and catalog products, in one read. */
  readonly reads: AvailabilityStore;
  readonly taxonomy: Pick<TaxonomyStore, 'all'>;
  readonly freshness: FreshnessLimits;
  readonly now: () => Date;
}

export const maxAvailabilitySkus = 100;

export const limitOf = (limits: FreshnessLimits, warehouseId: string) => limits.byWarehouse[warehouseId] ?? limits.defaultSeconds;

/** The warehouse feed's as-of, or the row's own when newer (its statement applied, the feed item not yet) or no feed was recorded. */
const feedAsOf = (feed: StockFeed | undefined, rowAsOf: string) => (feed && Date.parse(feed.asOf) > Date.parse(rowAsOf) ? feed.asOf : rowAsOf);

/**
 * Available-to-promise of up to 100 SKUs for one of the caller's ship-tos. Reads the dealer context
 * (entitlement, profile with its allowed warehouses, the asked ship-to) and the SKUs' stock and
 * products together, in BatchGets of 100 keys issued at once (a dealer restricted to categories also
 * reads the taxonomy). A SKU is shown only when the catalog would show it to the
 * dealer — governed (not quarantined, not unknown), listable, entitled — otherwise it is reported
 * exactly like an unknown one (`known: false`), its stock never leaked. Only the warehouses the
 * dealer may ship from are shown and summed, the ship-to's preferred one first. A ship-to the caller
 * may not see — another dealer's included — is 404 like an unknown one.
 */
export async function readAvailability(principal: Principal, user: PortalUser, request: { shipToId: string; skus: readonly string[] }, deps: AvailabilityDeps) {
  if (principal.kind !== 'dealer') throw new Forbidden('availability is asked for a dealer ship-to');
  const skus = [...new Set(request.skus)];
  const { context, stock, products, feeds } = await deps.reads.read(principal.dealerId, request.shipToId, skus);
  const shipTo = shipTosVisibleTo(user, context.shipTos).find((s) => s.shipToId === request.shipToId);
  if (!context.dealerFound || !shipTo) throw new NotFound('ship-to');
  const visible = await visibleSkus(principal.dealerId, context.entitlement, skus, products, deps);
  const now = deps.now();
  const items = skus.map((sku) => {
    const found = visible.has(sku) ? withWarehousesOnOrder(stock.get(sku), feeds) : undefined;
    const shown = found ? shippableWarehouses(shipTo.preferredWarehouseId, context.allowedWarehouseIds, found.warehouses.map((w) => w.warehouseId)) : [];
    if (!found || shown.length === 0) return unknownSku(sku);
    const allowed = new Set(shown);
    const rows = found.warehouses.filter((w) => allowed.has(w.warehouseId));
    return skuAvailability({ ...found, warehouses: rows, supply: found.supply.filter((s) => allowed.has(s.warehouseId)) }, shown, shipTo.preferredWarehouseId, now, deps.freshness, feeds);
  });
  return { shipToId: shipTo.shipToId, preferredWarehouseId: shipTo.preferredWarehouseId, items };
}

/** The SKUs the catalog shows this dealer (the same rule as `GET /catalog/products/{sku}`). */
async function visibleSkus(dealerId: string, entitlement: Entitlement, skus: readonly string[], products: ReadonlyMap<string, StoredProduct>, deps: AvailabilityDeps): Promise<Set<string>> {
  const needsTaxonomy = entitlement.kind === 'restricted' && entitlement.categoryIds.length > 0 && skus.some((sku) => !entitlement.skus.includes(sku) && products.has(sku));
  const taxonomy = buildTaxonomy(needsTaxonomy ? await deps.taxonomy.all() : []);
  const audience = { kind: 'dealer', dealerId, entitlement } as const;
  const visible = new Set<string>();
  for (const sku of skus) {
    const stored = products.get(sku);
    const data = stored?.record.data;
    if (!stored || !data || stored.verdict.state !== 'complete') continue;
    if (isVisibleTo(audience, { sku, categoryId: data.categoryId, lifecycle: stored.record.lifecycle, replacementSku: stored.record.replacementSku }, taxonomy)) visible.add(sku);
  }
  return visible;
}

/**
 * A warehouse with receipts expected for the SKU but no level from its feed yet (a new SKU on order)
 * is shown with 0 available and its next-available date, as of the warehouse's feed — not hidden as
 * unknown. One whose feed never reported stays out: nothing about it is known yet.
 */
function withWarehousesOnOrder(found: SkuStock | undefined, feeds: ReadonlyMap<string, StockFeed>): SkuStock | undefined {
  if (!found) return undefined;
  const stated = new Set(found.warehouses.map((w) => w.warehouseId));
  const onOrder = [...new Set(found.supply.map((s) => s.warehouseId))].filter((w) => !stated.has(w) && feeds.has(w));
  if (onOrder.length === 0) return found;
  // Units the ERP already allocated there (held until the feed states the SKU) come out of the receipt.
  const empty = onOrder.map((warehouseId) => ({ warehouseId, sku: found.sku, onHand: 0, safetyStock: 0, reserved: found.heldWithoutLevel?.get(warehouseId) ?? 0, version: 0, asOf: feeds.get(warehouseId)!.asOf }));
  return { ...found, warehouses: [...found.warehouses, ...empty] };
}

const unknownSku = (sku: string) => ({ sku, known: false, availableNow: 0, warehouses: [], nextAvailable: null, asOf: null, stale: false });

/**
 * `found` holds only the rows and supply of the warehouses in `order` (allowed, preferred first). A
 * warehouse is stale when its feed — the newest statement applied from it, of any SKU — is older than
 * its limit: the measure the staleness alarm watches (stockFeedAge). A figure the feed has not restated
 * since (`asOf`, its own statement's) is still current while the feed runs: the feed states every change.
 */
function skuAvailability(found: SkuStock, order: readonly string[], preferredWarehouseId: string, now: Date, freshness: FreshnessLimits, feeds: ReadonlyMap<string, StockFeed>) {
  const byId = new Map(found.warehouses.map((w) => [w.warehouseId, w]));
  const due = dueSupply(found.supply, now.toISOString().slice(0, 10));
  const warehouses = order.map((id) => {
    const row = byId.get(id)!;
    const supply = due.filter((s) => s.warehouseId === id);
    return {
      warehouseId: id,
      preferred: id === preferredWarehouseId,
      available: availableToPromise(row),
      nextAvailable: nextAvailable(row, supply) ?? null,
      asOf: row.asOf,
      stale: isStale(feedAsOf(feeds.get(id), row.asOf), now, limitOf(freshness, id)),
    };
  });
  const oldest = found.warehouses.map((w) => w.asOf).sort()[0]!;
  return {
    sku: found.sku,
    known: true,
    availableNow: warehouses.reduce((s, w) => s + w.available, 0),
    warehouses,
    nextAvailable: nextAvailableAcross(order.map((id) => ({ row: byId.get(id)!, supply: due.filter((s) => s.warehouseId === id) }))) ?? null,
    asOf: oldest,
    stale: warehouses.some((w) => w.stale),
  };
}
