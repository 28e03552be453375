import type { StockStore, UpsertOutcome } from '#domain/ports';
import type { OrderAllocatedDetail } from '#events/order-allocated';

export interface ReservationHandoverDeps {
  readonly stock: Pick<StockStore, 'confirm'>;
}

/**
 * The ERP confirmed a portal order: its reservation hands over to the ERP's allocation
 * (domain/atp.ts `planHandover`, stored by functions/data/stock-repository.ts `confirm`). A redelivery
 * is a `duplicate`; a confirmation of an order the portal holds nothing for changes nothing (`stale`).
 */
export async function applyOrderAllocation(detail: OrderAllocatedDetail, deps: ReservationHandoverDeps): Promise<UpsertOutcome> {
  const allocations = detail.allocations.map((a) => ({ warehouseId: a.warehouseId, version: a.stockVersion, lines: a.lines }));
  const result = await deps.stock.confirm(detail.orderId, allocations, detail.confirmedAt);
  switch (result.outcome) {
    case 'confirmed':
      return 'applied';
    case 'already-confirmed':
      return 'duplicate';
    case 'not-reserved':
      return 'stale';
  }
}
