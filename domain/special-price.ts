import type { FieldProblem } from './errors.ts';
import type { Page, PageRequest } from './ports.ts';

/**
 * Special prices: a dealer buyer asks for a better unit price on one line; `sales-ops` approves it
 * (with a price, currency and validity window) or rejects it (with a reason), exactly once. The ERP
 * stays the price master: an approval is published as `SpecialPriceApproved`, the ERP creates the
 * contract price, and it comes back as `ContractPriceUpserted` like every other contract price.
 */
export const specialPriceStatuses = ['pending', 'approved', 'rejected'] as const;
export type SpecialPriceStatus = (typeof specialPriceStatuses)[number];

/** What sales-ops decided. Prices in integer minor units; dates `YYYY-MM-DD`, `validTo` exclusive (as contract prices). */
export type SpecialPriceDecision =
  | { readonly decision: 'approved'; readonly unitPriceMinor: number; readonly currency: string; readonly validFrom: string; readonly validTo: string; readonly comment?: string | undefined }
  | { readonly decision: 'rejected'; readonly reason: string };

export interface SpecialPriceRequest {
  readonly requestId: string;
  readonly dealerId: string;
  readonly requestedBy: string;
  readonly shipToId: string;
  readonly sku: string;
  readonly quantity: number;
  readonly currency: string;
  readonly requestedUnitPriceMinor: number;
  /** What a quote said when the request was made (null: the SKU had no price then). */
  readonly quotedUnitPriceMinor: number | null;
  readonly quotedPriceVersion: string | null;
  readonly note?: string | undefined;
  readonly status: SpecialPriceStatus;
  readonly createdAt: string;
  /** Set exactly once, with the status, by the decision. */
  readonly decision?: SpecialPriceDecision | undefined;
  readonly decidedBy?: string | undefined;
  readonly decidedAt?: string | undefined;
  /** When the approval event was accepted by the bus (approved requests only). */
  readonly publishedAt?: string | undefined;
}

export interface SpecialPriceListing {
  /** Staff: one status, optionally of one dealer. */
  byStatus(status: SpecialPriceStatus, dealerId: string | undefined, page: PageRequest): Promise<Page<SpecialPriceRequest>>;
  /** One dealer's requests, every status, newest first. */
  ofDealer(dealerId: string, page: PageRequest): Promise<Page<SpecialPriceRequest>>;
}

export type DecideOutcome =
  | { readonly outcome: 'decided'; readonly request: SpecialPriceRequest }
  /** The request was no longer pending: what it is now (another decision won). */
  | { readonly outcome: 'closed'; readonly request: SpecialPriceRequest };

export interface SpecialPriceRequestStore extends SpecialPriceListing {
  create(request: SpecialPriceRequest): Promise<void>;
  get(requestId: string): Promise<SpecialPriceRequest | undefined>;
  /**
   * Stores a decided request (`applyDecision`) with one conditional write on the stored status still
   * being `pending`; `closed` with the stored request when another decision won. NotFound when unknown.
   */
  decide(decided: SpecialPriceRequest): Promise<DecideOutcome>;
  /**
   * Records that the approval event was published, and clears the request's outbox entry (written by
   * `decide` with an approval) in the same transaction.
   */
  markPublished(request: Pick<SpecialPriceRequest, 'requestId' | 'decidedAt'>, at: string): Promise<void>;
  /** Approvals decided before `before` whose event is not known to be published yet, oldest first. */
  unpublished(before: string, limit: number): Promise<UnpublishedApproval[]>;
  /** Drops an outbox entry whose request no longer exists (nothing left to publish). */
  discardUnpublished(entry: UnpublishedApproval): Promise<void>;
}

export interface UnpublishedApproval {
  readonly requestId: string;
  readonly decidedAt: string;
}

/** Only a pending request can be decided. */
export const canDecide = (request: Pick<SpecialPriceRequest, 'status'>): boolean => request.status === 'pending';

/**
 * The rules a decision must meet against its request, beyond the shape the edge checks: an approved
 * price is in the request's currency (the dealer's), greater than zero, and its window is ordered
 * and not over before `today` (validTo is exclusive, so it must be after today).
 */
export function decisionProblems(request: Pick<SpecialPriceRequest, 'currency'>, decision: SpecialPriceDecision, today: string): FieldProblem[] {
  if (decision.decision === 'rejected') return decision.reason.trim().length === 0 ? [{ field: 'body.reason', code: 'required', message: 'A rejection needs a reason' }] : [];
  const problems: FieldProblem[] = [];
  if (decision.currency !== request.currency)
    problems.push({ field: 'body.currency', code: 'currency_mismatch', message: `The request is in ${request.currency}` });
  if (decision.unitPriceMinor <= 0) problems.push({ field: 'body.unitPriceMinor', code: 'too_small', message: 'The price must be greater than zero' });
  if (decision.validTo <= decision.validFrom) problems.push({ field: 'body.validTo', code: 'window_order', message: 'validTo (exclusive) must be after validFrom' });
  else if (decision.validTo <= today) problems.push({ field: 'body.validTo', code: 'window_past', message: `The window must not be over before ${today}` });
  return problems;
}

/** The state a pending request moves to. */
export function applyDecision(request: SpecialPriceRequest, decision: SpecialPriceDecision, by: string, at: string): SpecialPriceRequest {
  if (!canDecide(request)) throw new Error(`request ${request.requestId} is ${request.status}`);
  return { ...request, status: decision.decision, decision, decidedBy: by, decidedAt: at };
}

/** Two decisions are the same when a retry sends the same content from the same person. */
export function sameDecision(a: SpecialPriceDecision | undefined, aBy: string | undefined, b: SpecialPriceDecision, bBy: string): boolean {
  if (!a || aBy !== bBy || a.decision !== b.decision) return false;
  if (a.decision === 'rejected' && b.decision === 'rejected') return a.reason === b.reason;
  if (a.decision === 'approved' && b.decision === 'approved')
    return a.unitPriceMinor === b.unitPriceMinor && a.currency === b.currency && a.validFrom === b.validFrom && a.validTo === b.validTo && (a.comment ?? '') === (b.comment ?? '');
  return false;
}
