/**
 * Available-to-promise, pure. One stock row per SKU and warehouse holds what the ERP/WMS last said
 * (on-hand net of the ERP's own allocations, safety stock, the source version that said it) and what
 * portal orders not yet confirmed by the ERP hold (`reserved`). Storage (functions/data/) enforces
 * the same rules with conditional writes; these functions name them and are property-tested.
 */

/** What the source last said about one SKU in one warehouse. `version` orders the source's statements. */
export interface StockLevel {
  readonly onHand: number;
  readonly safetyStock: number;
  /** The source's version (a WMS sequence number or epoch milliseconds): the newest wins. */
  readonly version: number;
  /** When the source observed it (ISO-8601). */
  readonly asOf: string;
}

export interface StockRow extends StockLevel {
  readonly sku: string;
  readonly warehouseId: string;
  /** Units held by portal orders the ERP has not confirmed yet (never negative). */
  readonly reserved: number;
}

/** ATP = on-hand − reserved − safety stock, never negative. */
export const availableToPromise = (row: Pick<StockRow, 'onHand' | 'reserved' | 'safetyStock'>): number =>
  Math.max(0, row.onHand - row.reserved - row.safetyStock);

export type StockDecision = 'apply' | 'duplicate' | 'stale';

/**
 * Snapshot rows and adjustments both state the absolute level at a source version, so delivery order
 * does not matter: only a strictly newer version applies, the same version is a replay, an older one
 * changes nothing. (A source version identifies one state; a delta without the absolute level could
 * not converge under reordering, so adjustments carry the resulting level — see events/.)
 */
export function decideStock(current: Pick<StockLevel, 'version'> | undefined, incoming: Pick<StockLevel, 'version'>): StockDecision {
  if (current === undefined || incoming.version > current.version) return 'apply';
  return incoming.version === current.version ? 'duplicate' : 'stale';
}

/** The level after a delivery: the incoming one when newer, otherwise the current one unchanged. */
export const mergeStock = <L extends StockLevel>(current: L | undefined, incoming: L): L =>
  decideStock(current, incoming) === 'apply' ? incoming : (current as L);

/** One expected receipt (purchase or production) into a warehouse. */
export interface IncomingSupply {
  readonly supplyId: string;
  readonly sku: string;
  readonly warehouseId: string;
  /** ISO date (YYYY-MM-DD) the quantity is expected to be promisable. */
  readonly expectedDate: string;
  readonly quantity: number;
}

export interface NextAvailable {
  readonly date: string;
  /** Units promisable on that date in total (what is available now plus what has arrived by then). */
  readonly quantity: number;
}

/**
 * When `wanted` units become promisable: the first expected date at which the current net position
 * (on-hand − reserved − safety stock, which may be negative: supply first covers reservations beyond
 * on-hand) plus the supply due by then reaches `wanted`. Without `wanted`: the first date anything more
 * than what is available now becomes promisable. Undefined when supply never gets there.
 */
export function nextAvailable(
  row: Pick<StockRow, 'onHand' | 'reserved' | 'safetyStock'>,
  supply: readonly Pick<IncomingSupply, 'expectedDate' | 'quantity'>[],
  wanted?: number,
): NextAvailable | undefined {
  const now = availableToPromise(row);
  const target = wanted ?? now + 1;
  if (now >= target) return undefined;
  let position = row.onHand - row.reserved - row.safetyStock;
  const byDate = [...supply].filter((s) => s.quantity > 0).sort((a, b) => (a.expectedDate < b.expectedDate ? -1 : a.expectedDate > b.expectedDate ? 1 : 0));
  for (let i = 0; i < byDate.length; i++) {
    position += byDate[i]!.quantity;
    // Receipts on the same date arrive together.
    if (i + 1 < byDate.length && byDate[i + 1]!.expectedDate === byDate[i]!.expectedDate) continue;
    if (position >= target) return { date: byDate[i]!.expectedDate, quantity: position };
  }
  return undefined;
}

/**
 * Receipts as they can be promised on `today` (YYYY-MM-DD): from their expected date, or from today when
 * that date has passed and the ERP has not closed the receipt (late, still expected) — an answer never
 * names a date in the past. The ERP moves a late receipt by sending it again with a new date.
 */
export function dueSupply<S extends Pick<IncomingSupply, 'expectedDate'>>(supply: readonly S[], today: string): S[] {
  return supply.map((s) => (s.expectedDate < today ? { ...s, expectedDate: today } : s));
}

/** One warehouse's row and the receipts expected into it. */
export interface WarehousePosition {
  readonly row: Pick<StockRow, 'onHand' | 'reserved' | 'safetyStock'>;
  readonly supply: readonly Pick<IncomingSupply, 'expectedDate' | 'quantity'>[];
}

/**
 * `nextAvailable` across warehouses: at each receipt date, every warehouse's own position (on-hand −
 * reserved − safety stock + its receipts due by then) floored at zero, summed. A receipt first covers
 * the shortfall of the warehouse it goes into — reservations there beyond its on-hand — and never
 * counts as new stock while another warehouse's surplus is what is available now. With one warehouse
 * it is `nextAvailable`.
 */
export function nextAvailableAcross(positions: readonly WarehousePosition[], wanted?: number): NextAvailable | undefined {
  const incoming = positions.map((p) => p.supply.filter((s) => s.quantity > 0));
  const availableBy = (date: string | undefined) =>
    positions.reduce((sum, p, i) => {
      const due = date === undefined ? 0 : incoming[i]!.reduce((q, s) => q + (s.expectedDate <= date ? s.quantity : 0), 0);
      return sum + Math.max(0, p.row.onHand - p.row.reserved - p.row.safetyStock + due);
    }, 0);
  const target = wanted ?? availableBy(undefined) + 1;
  if (availableBy(undefined) >= target) return undefined;
  for (const date of [...new Set(incoming.flat().map((s) => s.expectedDate))].sort()) {
    const quantity = availableBy(date);
    if (quantity >= target) return { date, quantity };
  }
  return undefined;
}

/** The warehouses a ship-to is served from, preferred first, then the others in their given order. */
export function sourcingOrder(preferredWarehouseId: string, allowed: readonly string[]): string[] {
  return [preferredWarehouseId, ...new Set(allowed.filter((w) => w !== preferredWarehouseId))];
}

export type SourcingPolicy = 'split' | 'ship-complete';

export interface WarehouseAvailability {
  readonly warehouseId: string;
  readonly available: number;
}

export interface Allocation {
  readonly warehouseId: string;
  readonly quantity: number;
}

export interface SourcingPlan {
  readonly allocations: readonly Allocation[];
  /** What could not be allocated now (0 when the request is covered). */
  readonly shortfall: number;
}

/**
 * Splits a requested quantity across warehouses given in sourcing order (preferred first). `split`
 * takes what each warehouse has, in order, until the request is covered. `ship-complete` takes the
 * whole quantity from the first warehouse that has all of it, or nothing. Never allocates more than a
 * warehouse has; covers the request whenever the policy allows.
 */
export function splitQuantity(requested: number, warehouses: readonly WarehouseAvailability[], policy: SourcingPolicy): SourcingPlan {
  if (!Number.isInteger(requested) || requested < 0) throw new RangeError('requested must be a non-negative integer');
  if (requested === 0) return { allocations: [], shortfall: 0 };
  if (policy === 'ship-complete') {
    const one = warehouses.find((w) => w.available >= requested);
    return one ? { allocations: [{ warehouseId: one.warehouseId, quantity: requested }], shortfall: 0 } : { allocations: [], shortfall: requested };
  }
  const allocations: Allocation[] = [];
  let remaining = requested;
  for (const w of warehouses) {
    if (remaining === 0) break;
    const take = Math.min(remaining, Math.max(0, w.available));
    if (take > 0) {
      allocations.push({ warehouseId: w.warehouseId, quantity: take });
      remaining -= take;
    }
  }
  return { allocations, shortfall: remaining };
}

/** The feed is stale when its as-of is older than the warehouse's freshness limit. */
export const isStale = (asOf: string, now: Date, limitSeconds: number): boolean => now.getTime() - Date.parse(asOf) > limitSeconds * 1000;

/** One line of a reservation: units of a SKU held in a warehouse for an order. */
export interface ReservationLine {
  readonly sku: string;
  readonly warehouseId: string;
  readonly quantity: number;
}

/**
 * Lines of one order folded per stock row (the same SKU and warehouse twice is one row, one condition
 * in the transaction), in a stable order.
 */
export function foldReservationLines(lines: readonly ReservationLine[]): ReservationLine[] {
  const byRow = new Map<string, ReservationLine>();
  for (const line of lines) {
    if (!Number.isInteger(line.quantity) || line.quantity <= 0) throw new RangeError(`quantity of ${line.sku} must be a positive integer`);
    const key = `${line.warehouseId}\u0000${line.sku}`;
    const seen = byRow.get(key);
    byRow.set(key, { ...line, quantity: (seen?.quantity ?? 0) + line.quantity });
  }
  return [...byRow.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, line]) => line);
}

/**
 * Warehouses a ship-to may be served from, preferred first: the dealer's allowed warehouses (absent:
 * every warehouse) intersected with `candidates` (e.g. those with stock), in sourcing order. The
 * ship-to's preferred warehouse is always allowed — the ERP assigns it.
 */
export function shippableWarehouses(preferredWarehouseId: string, allowedWarehouseIds: readonly string[] | undefined, candidates: readonly string[]): string[] {
  const allowed = allowedWarehouseIds === undefined ? undefined : new Set([preferredWarehouseId, ...allowedWarehouseIds]);
  const present = new Set(candidates);
  return sourcingOrder(preferredWarehouseId, [...candidates].sort()).filter((w) => present.has(w) && (allowed === undefined || allowed.has(w)));
}

/**
 * The sourcing split restricted to what the dealer may ship from: warehouses outside the allowed list
 * are never allocated from, the preferred one is tried first (see `splitQuantity`).
 */
export function planSourcing(
  requested: number,
  preferredWarehouseId: string,
  allowedWarehouseIds: readonly string[] | undefined,
  warehouses: readonly WarehouseAvailability[],
  policy: SourcingPolicy,
): SourcingPlan {
  const byId = new Map(warehouses.map((w) => [w.warehouseId, w]));
  const order = shippableWarehouses(preferredWarehouseId, allowedWarehouseIds, [...byId.keys()]);
  return splitQuantity(requested, order.map((id) => byId.get(id)!), policy);
}

// ---------------------------------------------------------------------------------------------------
// From portal reservation to ERP allocation (docs/data-model.md, "From portal reservation to ERP
// allocation"). A reserved line is held by the portal (`reserved#<wh>` on the stock row). When the ERP
// confirms the order it allocates the units itself and says from which of its stock versions (per
// warehouse) its on-hand figures include that allocation. The line then becomes a *handover*: still held
// by the portal, but only counted while the row's level is older than that version. Once a statement
// (snapshot row or adjustment) at or past the version has been applied, the level already excludes the
// allocated units and the handover stops counting — on the read that follows, without waiting for the
// bookkeeping that later removes it from `reserved#<wh>` (settling).
// ---------------------------------------------------------------------------------------------------

/** A confirmed line awaiting the ERP statement that includes its allocation. */
export interface Handover {
  readonly orderId: string;
  readonly quantity: number;
  /** The ERP stock version of the warehouse from which its on-hand figures include this allocation. */
  readonly version: number;
}

/** A handover is covered once the row's level is at or past its version: the feed counts those units now. */
export const isCovered = (levelVersion: number | undefined, handover: Pick<Handover, 'version'>): boolean =>
  levelVersion !== undefined && levelVersion >= handover.version;

/**
 * Units the portal holds on one row that still count against its on-hand: everything held (`held`
 * includes handovers until they are settled) minus the handovers the level already includes.
 */
export function countedReserved(held: number, levelVersion: number | undefined, handovers: readonly Handover[]): number {
  const covered = handovers.reduce((sum, h) => sum + (isCovered(levelVersion, h) ? h.quantity : 0), 0);
  return Math.max(0, held - covered);
}

/** What the ERP confirmed for one warehouse of an order: its lines and the stock version that includes them. */
export interface ConfirmedAllocation {
  readonly warehouseId: string;
  readonly version: number;
  readonly lines: readonly { readonly sku: string; readonly quantity: number }[];
}

/** What a confirmation does to one stock row (SKU × warehouse) the order reserved or the ERP allocated from. */
export interface HandoverStep {
  readonly sku: string;
  readonly warehouseId: string;
  /** Units counted as a handover from now until a statement at or past `version` is applied: all the ERP allocated here. */
  readonly awaiting: number;
  /** Reserved units given back now: the ERP allocated fewer here, or the level already includes the allocation. */
  readonly release: number;
  /** Units the ERP allocated here beyond what the portal reserved: held from now on (they are part of `awaiting`). */
  readonly hold: number;
  /** The ERP stock version of the allocation (0 when the ERP allocated nothing from this row). */
  readonly version: number;
}

/**
 * The hand-over of an order's reservation to the ERP's allocation, row by row, given the level version
 * each row is at now. On a row where the portal reserved `q` units and the ERP allocated `c` at version
 * `a`: while the level is older than `a`, its on-hand still includes the `c` allocated units, so all `c`
 * count, as a handover (`q − c` reserved units are released if the ERP took fewer, `c − q` more are held
 * if it took more — from a warehouse or of a SKU the portal did not reserve, say). Once the level is at
 * or past `a`, the feed counts them: the `q` reserved units are released at once (snapshot before
 * confirmation). So `q − release + hold = awaiting`: every reserved unit is released or handed over,
 * and every allocated unit is counted once — by the handover, then by the feed.
 */
export function planHandover(
  reserved: readonly ReservationLine[],
  confirmed: readonly ConfirmedAllocation[],
  levelVersion: (sku: string, warehouseId: string) => number | undefined,
): HandoverStep[] {
  const rows = new Map<string, { sku: string; warehouseId: string; reserved: number; allocated: number; version: number }>();
  const row = (sku: string, warehouseId: string) => {
    const key = `${warehouseId}\u0000${sku}`;
    const found = rows.get(key) ?? { sku, warehouseId, reserved: 0, allocated: 0, version: 0 };
    rows.set(key, found);
    return found;
  };
  for (const line of foldReservationLines(reserved)) row(line.sku, line.warehouseId).reserved += line.quantity;
  for (const allocation of confirmed) {
    for (const line of allocation.lines) {
      const r = row(line.sku, allocation.warehouseId);
      r.allocated += line.quantity;
      r.version = Math.max(r.version, allocation.version);
    }
  }
  return [...rows.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([, r]) => {
      const counting = r.allocated > 0 && !isCovered(levelVersion(r.sku, r.warehouseId), { version: r.version });
      const awaiting = counting ? r.allocated : 0;
      return {
        sku: r.sku,
        warehouseId: r.warehouseId,
        awaiting,
        release: Math.max(0, r.reserved - awaiting),
        hold: Math.max(0, awaiting - r.reserved),
        version: r.version,
      };
    })
    .filter((step) => step.awaiting + step.release > 0);
}
