import type { PriceListRetentionStore } from '#domain/price-lists';
import type { PriceStore } from '#domain/pricing-store';
import type { ContractPriceExpiredDetail } from '#events/contract-price-expired';
import type { ContractPriceUpsertedDetail } from '#events/contract-price-upserted';
import type { PriceListPublishedDetail } from '#events/price-list-published';
import type { PricingTierUpsertedDetail } from '#events/pricing-tier-upserted';
import type { PromotionEndedDetail } from '#events/promotion-ended';
import type { PromotionUpsertedDetail } from '#events/promotion-upserted';
import type { ConsumerOutcome } from '#functions/shared/event-consumer';

export interface PriceIngestDeps {
  readonly prices: PriceStore & PriceListRetentionStore;
  /** Today as `YYYY-MM-DD` (UTC): decides which list versions a pointer keeps. */
  readonly today?: (() => string) | undefined;
}

/** Ended promotions are kept as tombstones (so a late upsert cannot revive them) for this long. */
const tombstoneSeconds = 90 * 24 * 3600;
const utcToday = () => new Date().toISOString().slice(0, 10);

/**
 * One part of a price list version. Atomic visibility: (0) the part's SKUs are recorded (for pruning);
 * (1) its items are written into their SKUs' price sheets under the version's own attribute, which no
 * quote reads yet; (2) the part is recorded on the version item; (3) when every part is recorded, the
 * currency's pointer (one attribute of the pricing context item) is flipped to the version with a
 * conditional write; (4) versions the pointer no longer keeps are pruned from the SKUs their parts
 * wrote. A crash anywhere is repaired by redelivery, every step being idempotent; a version at or
 * below the pointer is a duplicate or stale and writes nothing but re-runs the (idempotent) pruning.
 */
export async function applyPriceListPart(detail: PriceListPublishedDetail, deps: PriceIngestDeps): Promise<ConsumerOutcome> {
  const pointer = await deps.prices.pointer(detail.currency);
  const live = pointer?.versions[0]?.version;
  if (live !== undefined && live >= detail.version) {
    await deps.prices.pruneRetired(detail.currency);
    return live === detail.version ? 'duplicate' : 'stale';
  }
  await deps.prices.recordPartSkus(detail.currency, detail.version, detail.part.index, detail.items.map((i) => i.sku));
  await deps.prices.writeListItems(detail.currency, detail.version, detail.items);
  const { seen, complete } = await deps.prices.recordListPart(detail.currency, detail.version, detail.part);
  if (!complete) return seen ? 'duplicate' : 'applied';
  const flipped = await deps.prices.flipPointerRetaining(detail.currency, detail.priceListId, detail.version, detail.effectiveFrom, (deps.today ?? utcToday)());
  await deps.prices.pruneRetired(detail.currency);
  return flipped === 'applied' || !seen ? 'applied' : flipped;
}

export const applyContractPrice = (d: ContractPriceUpsertedDetail, deps: PriceIngestDeps): Promise<ConsumerOutcome> =>
  deps.prices.putContract(d.dealerId, d.sku, {
    contractId: d.contractId,
    revision: d.revision,
    currency: d.currency,
    amountMinor: d.amountMinor,
    validFrom: d.validFrom,
    validTo: d.validTo,
    breaks: d.breaks,
  });

/** An expired contract stays as a tombstone with its revision, so list and tier apply again. */
export const expireContractPrice = (d: ContractPriceExpiredDetail, deps: PriceIngestDeps): Promise<ConsumerOutcome> =>
  deps.prices.putContract(d.dealerId, d.sku, {
    contractId: d.contractId,
    revision: d.revision,
    currency: 'XXX',
    amountMinor: 0,
    validFrom: d.occurredAt.slice(0, 10),
    validTo: d.occurredAt.slice(0, 10),
    expired: true,
  });

export const applyPromotion = (d: PromotionUpsertedDetail, deps: PriceIngestDeps): Promise<ConsumerOutcome> =>
  deps.prices.putPromotion({
    promotionId: d.promotionId,
    revision: d.revision,
    name: d.name,
    target: d.target,
    benefit: d.benefit,
    stacking: d.stacking,
    minQuantity: d.minQuantity,
    validFrom: d.validFrom,
    validTo: d.validTo,
  });

export const endPromotion = (d: PromotionEndedDetail, deps: PriceIngestDeps): Promise<ConsumerOutcome> =>
  deps.prices.putPromotion(
    { promotionId: d.promotionId, revision: d.revision, name: '', target: {}, benefit: { kind: 'percent-off', bps: 0 }, stacking: 'exclusive', validFrom: d.occurredAt.slice(0, 10), ended: true },
    Math.floor(Date.parse(d.occurredAt) / 1000) + tombstoneSeconds,
  );

export const applyPricingTier = (d: PricingTierUpsertedDetail, deps: PriceIngestDeps): Promise<ConsumerOutcome> =>
  deps.prices.putTier({ tierId: d.tierId, revision: d.revision, discountBps: d.discountBps, categoryDiscountBps: d.categoryDiscountBps });
