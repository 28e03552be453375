import type { DealerStore, UpsertOutcome } from '#domain/ports';
import type { DealerUpsertedDetail } from '#events/dealer-upserted';

/** Applies one ERP dealer-master record; the store's conditional write makes replays harmless. */
export async function applyDealerUpsert(detail: DealerUpsertedDetail, deps: { dealers: DealerStore }): Promise<UpsertOutcome> {
  const { dealer } = detail;
  return deps.dealers.upsert(
    {
      dealerId: dealer.dealerId,
      name: dealer.name,
      tier: dealer.tier,
      currency: dealer.currency,
      paymentTerms: dealer.paymentTerms,
      creditLimit: { amountMinor: dealer.creditLimitMinor, currency: dealer.currency },
      status: dealer.status,
      branches: dealer.branches ?? [],
      ...(dealer.allowedWarehouseIds ? { allowedWarehouseIds: [...new Set(dealer.allowedWarehouseIds)] } : {}),
      revision: detail.revision,
      updatedAt: detail.occurredAt,
    },
    dealer.shipTos,
  );
}
