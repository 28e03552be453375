import { Conflict, Forbidden, NotFound, ValidationFailed } from '#domain/errors';
import type { Principal } from '#domain/identity';
import type { PageRequest } from '#domain/ports';
import { applyDecision, canDecide, decisionProblems, sameDecision, type SpecialPriceDecision, type SpecialPriceRequest, type SpecialPriceRequestStore, type SpecialPriceStatus } from '#domain/special-price';
import { shipTosVisibleTo, type PortalUser } from '#domain/user';
import { specialPriceApproved } from '#events/special-price-approved';
import type { EventPublisher } from '#functions/adapters/event-publisher';
import { quote, type QuoteDeps } from './quotes.ts';

export interface SpecialPriceDeps extends QuoteDeps {
  readonly requests: SpecialPriceRequestStore;
  readonly newId: () => string;
  readonly now: () => string;
}

export interface SpecialPriceInput {
  readonly shipToId: string;
  readonly sku: string;
  readonly quantity: number;
  readonly requestedUnitPriceMinor: number;
  readonly note?: string | undefined;
}

/**
 * A buyer asks for a better price on one line. The line is quoted first (same ship-to and SKU rules as
 * a quote: a SKU outside the dealer's catalog is 404), and the request stores that quote next to the
 * asked price, pending for sales-ops.
 */
export async function requestSpecialPrice(principal: Principal, user: PortalUser, input: SpecialPriceInput, deps: SpecialPriceDeps) {
  const quoted = await quote(principal, user, { shipToId: input.shipToId, lines: [{ sku: input.sku, quantity: input.quantity }] }, deps);
  const line = quoted.lines[0];
  if (!line || line.problems.some((p) => p.code === 'unknown-sku' || p.code === 'discontinued')) throw new NotFound(`product ${input.sku}`);
  const request: SpecialPriceRequest = {
    requestId: deps.newId(),
    dealerId: quoted.dealerId,
    requestedBy: user.userId,
    shipToId: quoted.shipToId,
    sku: input.sku,
    quantity: input.quantity,
    currency: quoted.currency,
    requestedUnitPriceMinor: input.requestedUnitPriceMinor,
    quotedUnitPriceMinor: line.unitPriceMinor,
    quotedPriceVersion: line.priceVersion,
    note: input.note,
    status: 'pending',
    createdAt: deps.now(),
  };
  await deps.requests.create(request);
  return { ...request, status: 'pending' as const, note: request.note ?? null };
}

/** A request as the API shows it: absent fields are null, the decision flattened. */
export function requestView(request: SpecialPriceRequest) {
  const d = request.decision;
  return {
    requestId: request.requestId,
    dealerId: request.dealerId,
    requestedBy: request.requestedBy,
    shipToId: request.shipToId,
    sku: request.sku,
    quantity: request.quantity,
    currency: request.currency,
    requestedUnitPriceMinor: request.requestedUnitPriceMinor,
    quotedUnitPriceMinor: request.quotedUnitPriceMinor,
    quotedPriceVersion: request.quotedPriceVersion,
    note: request.note ?? null,
    status: request.status,
    createdAt: request.createdAt,
    decidedBy: request.decidedBy ?? null,
    decidedAt: request.decidedAt ?? null,
    approved:
      d?.decision === 'approved' ? { unitPriceMinor: d.unitPriceMinor, currency: d.currency, validFrom: d.validFrom, validTo: d.validTo, comment: d.comment ?? null } : null,
    rejectionReason: d?.decision === 'rejected' ? d.reason : null,
  };
}

export interface ListDeps {
  readonly requests: Pick<SpecialPriceRequestStore, 'byStatus' | 'ofDealer'>;
}

/** Sales-ops' queue: one status (pending by default), optionally one dealer, newest first. */
export async function listSpecialPriceRequests(query: { status: SpecialPriceStatus; dealerId?: string | undefined } & PageRequest, deps: ListDeps) {
  const page = await deps.requests.byStatus(query.status, query.dealerId, { limit: query.limit, cursor: query.cursor });
  return { requests: page.items.map(requestView), nextCursor: page.nextCursor ?? null };
}

/**
 * The caller's dealer's requests (dealer from the token), every status or one, newest first. A user
 * restricted to some ship-tos sees only the requests made for those (the rule of every ship-to read);
 * their pages may then hold fewer than `limit`, the cursor going on where the dealer's page ended.
 */
export async function listOwnSpecialPriceRequests(principal: Principal, user: Pick<PortalUser, 'shipToIds'>, query: { status?: SpecialPriceStatus | undefined } & PageRequest, deps: ListDeps) {
  if (principal.kind !== 'dealer') throw new Forbidden('this listing is for dealer users');
  const pageRequest = { limit: query.limit, cursor: query.cursor };
  const page = query.status ? await deps.requests.byStatus(query.status, principal.dealerId, pageRequest) : await deps.requests.ofDealer(principal.dealerId, pageRequest);
  return { requests: shipTosVisibleTo(user, page.items).map(requestView), nextCursor: page.nextCursor ?? null };
}

export interface DecideDeps {
  readonly requests: SpecialPriceRequestStore;
  readonly events: EventPublisher;
  readonly now: () => string;
}

/**
 * Sales-ops decides a pending request, exactly once: the conditional write in the repository lets one
 * of two racing decisions win; the other is `409 special-price-request-closed`. An approval is then
 * published as `SpecialPriceApproved` for the ERP, which answers with the contract price
 * (`ContractPriceUpserted`). The approval and its outbox entry are one write, so the event is never
 * lost: if publishing fails the call fails (500) with the decision stored, and the `specialPriceOutbox`
 * schedule publishes it within minutes (`publishPendingApprovals`); the same decision sent again by the
 * same person publishes it at once instead of answering 409. The ERP may see an approval twice (a
 * publish whose answer was lost is published again): `requestId` identifies it.
 */
export async function decideSpecialPrice(principal: Principal, requestId: string, decision: SpecialPriceDecision, deps: DecideDeps) {
  if (principal.kind !== 'staff') throw new Forbidden('special prices are decided by staff');
  const at = deps.now();
  const current = await deps.requests.get(requestId);
  if (!current) throw new NotFound(`special-price request ${requestId}`);
  if (canDecide(current)) {
    const problems = decisionProblems(current, decision, at.slice(0, 10));
    if (problems.length > 0) throw new ValidationFailed(problems);
  }
  const result = canDecide(current) ? await deps.requests.decide(applyDecision(current, decision, principal.userId, at)) : { outcome: 'closed' as const, request: current };
  const stored = result.request;
  if (result.outcome === 'closed') {
    const retryOfUnpublished = stored.status === 'approved' && stored.publishedAt === undefined && sameDecision(stored.decision, stored.decidedBy, decision, principal.userId);
    if (!retryOfUnpublished) throw new Conflict('special-price-request-closed', `special-price request ${requestId} was already ${stored.status} by ${stored.decidedBy ?? 'someone'}`);
  }
  if (stored.status === 'approved' && stored.decision?.decision === 'approved') {
    const publishedAt = await publishApproval(stored, deps);
    return requestView({ ...stored, publishedAt });
  }
  return requestView(stored);
}

/** Publishes an approved request's event, then records it published (clearing its outbox entry). */
async function publishApproval(stored: SpecialPriceRequest, deps: OutboxDeps): Promise<string> {
  const d = stored.decision;
  if (stored.status !== 'approved' || d?.decision !== 'approved') throw new Error(`request ${stored.requestId} is not approved`);
  await deps.events.publish(specialPriceApproved, {
    schemaVersion: 1,
    occurredAt: stored.decidedAt ?? deps.now(),
    requestId: stored.requestId,
    dealerId: stored.dealerId,
    sku: stored.sku,
    quantity: stored.quantity,
    currency: d.currency,
    unitPriceMinor: d.unitPriceMinor,
    validFrom: d.validFrom,
    validTo: d.validTo,
    approvedBy: stored.decidedBy ?? 'unknown',
    requestedUnitPriceMinor: stored.requestedUnitPriceMinor,
    quotedUnitPriceMinor: stored.quotedUnitPriceMinor,
    ...(d.comment !== undefined ? { comment: d.comment } : {}),
  });
  const publishedAt = deps.now();
  await deps.requests.markPublished(stored, publishedAt);
  return publishedAt;
}

/** How long a decision's own call has to publish its approval before the schedule takes over. */
export const outboxGraceSeconds = 120;

export interface OutboxDeps extends Pick<DecideDeps, 'events' | 'now'> {
  readonly requests: Pick<SpecialPriceRequestStore, 'get' | 'markPublished' | 'unpublished' | 'discardUnpublished'>;
}

/**
 * The `specialPriceOutbox` schedule: publishes the approvals whose event the deciding call did not get
 * out (older than `outboxGraceSeconds`, so a decision still publishing is left alone), oldest first, up
 * to `limit`. An entry whose request is already published — the call published it but stopped before
 * clearing the entry — is only cleared, as is one whose request is gone. An entry that fails stays for
 * the next run (entries behind `limit` wait for the runs after it). Returns what it did and the age of the oldest entry left (the
 * backlog metric the alarm watches).
 */
export async function publishPendingApprovals(deps: OutboxDeps, limit = 100) {
  const now = deps.now();
  const before = new Date(Date.parse(now) - outboxGraceSeconds * 1000).toISOString();
  const entries = await deps.requests.unpublished(before, limit);
  let published = 0;
  let cleared = 0;
  let failed = 0;
  let oldestLeft: string | undefined;
  for (const entry of entries) {
    try {
      const stored = await deps.requests.get(entry.requestId);
      if (!stored) {
        await deps.requests.discardUnpublished(entry);
        cleared++;
      } else if (stored.publishedAt === undefined) {
        await publishApproval(stored, deps);
        published++;
      } else {
        await deps.requests.markPublished(entry, stored.publishedAt);
        cleared++;
      }
    } catch {
      // Left in the outbox for the next run; the backlog age says how long it has waited.
      failed++;
      oldestLeft ??= entry.decidedAt;
    }
  }
  const oldestAgeSeconds = oldestLeft === undefined ? 0 : Math.round((Date.parse(now) - Date.parse(oldestLeft)) / 1000);
  return { published, cleared, failed, oldestAgeSeconds };
}
