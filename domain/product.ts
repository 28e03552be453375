import type { RevisionDecision } from './dealer.ts';

/**
 * The product master as the ERP publishes it, keyed by SKU. Two contracts feed it: ProductUpserted
 * (the whole record) and ProductDiscontinued (lifecycle only). Both carry the ERP's per-SKU revision.
 */
export const lifecycles = ['active', 'discontinued'] as const;
export type Lifecycle = (typeof lifecycles)[number];

/** A number may carry its unit; the template says which unit (domain/governance.ts). */
export type AttributeValue = string | number | boolean | { readonly value: number; readonly unit: string };

export interface ProductDocument {
  readonly title: string;
  readonly url: string;
}

/** Everything about a SKU except its lifecycle. */
export interface ProductData {
  readonly name: string;
  readonly description: string;
  readonly categoryId: string;
  readonly attributes: Readonly<Record<string, AttributeValue>>;
  readonly unitOfMeasure: string;
  readonly packSize: number;
  readonly minimumOrderQuantity: number;
  readonly orderMultiple: number;
  readonly imageUrls: readonly string[];
  readonly documents: readonly ProductDocument[];
}

export interface ProductLifecycle {
  readonly lifecycle: Lifecycle;
  readonly replacementSku?: string | undefined;
}

/**
 * What the portal knows about one SKU, merged from both contracts. Data and lifecycle keep their own
 * revision so that the merge is order-insensitive: a discontinuation at revision 5 wins over an
 * upsert at revision 4 whichever arrives first, while the upsert's data still applies. `data` is
 * missing only when a discontinuation arrived before any master data.
 */
export interface ProductRecord extends ProductLifecycle {
  readonly sku: string;
  readonly data?: ProductData | undefined;
  readonly dataRevision?: number | undefined;
  readonly lifecycleRevision: number;
  /** max(dataRevision, lifecycleRevision). */
  readonly revision: number;
  readonly updatedAt: string;
}

export type ProductChange =
  | { readonly kind: 'upsert'; readonly sku: string; readonly revision: number; readonly occurredAt: string; readonly data: ProductData; readonly lifecycle: ProductLifecycle }
  | { readonly kind: 'discontinue'; readonly sku: string; readonly revision: number; readonly occurredAt: string; readonly replacementSku?: string | undefined };

export type MergeResult = { readonly decision: 'apply'; readonly record: ProductRecord } | { readonly decision: Exclude<RevisionDecision, 'apply'> };

/**
 * Applies one change to the stored record. Each part (data, lifecycle) takes the change only when the
 * change is strictly newer than what set that part; a change newer for neither part is a duplicate
 * (same revision as a part) or stale. Converges to the same record for any delivery order.
 */
export function mergeProductChange(current: ProductRecord | undefined, change: ProductChange): MergeResult {
  const dataNewer = change.kind === 'upsert' && (current?.dataRevision === undefined || change.revision > current.dataRevision);
  const lifecycleNewer = current === undefined || change.revision > current.lifecycleRevision;
  if (!dataNewer && !lifecycleNewer) {
    const seen = current?.dataRevision === change.revision || current?.lifecycleRevision === change.revision;
    return { decision: seen ? 'duplicate' : 'stale' };
  }
  const lifecycle: ProductLifecycle =
    !lifecycleNewer && current
      ? { lifecycle: current.lifecycle, replacementSku: current.replacementSku }
      : change.kind === 'upsert'
        ? change.lifecycle
        : { lifecycle: 'discontinued', replacementSku: change.replacementSku };
  const lifecycleRevision = !lifecycleNewer && current ? current.lifecycleRevision : change.revision;
  const data = dataNewer ? change.data : current?.data;
  const dataRevision = dataNewer ? change.revision : current?.dataRevision;
  return {
    decision: 'apply',
    record: {
      sku: change.sku,
      ...(data ? { data, dataRevision } : {}),
      lifecycle: lifecycle.lifecycle,
      ...(lifecycle.replacementSku !== undefined ? { replacementSku: lifecycle.replacementSku } : {}),
      lifecycleRevision,
      revision: Math.max(dataRevision ?? -1, lifecycleRevision),
      // The time of the newest revision, not of the last one to arrive.
      updatedAt: current && current.revision > change.revision ? current.updatedAt : change.occurredAt,
    },
  };
}

/**
 * SKU format, stricter than the transport-safe id the contracts accept: upper-case letters and
 * digits in groups joined by single hyphens, 3–32 characters (`HEX-M8-040`). A SKU that is a safe id
 * but breaks this rule is a governance finding (quarantine), not a malformed event.
 */
export const skuPattern = /^(?=.{3,32}$)[A-Z0-9]+(?:-[A-Z0-9]+)*$/;
export const isValidSku = (sku: string): boolean => skuPattern.test(sku);
