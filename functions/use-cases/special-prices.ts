import { NotFound } from '#domain/errors';
import type { Principal } from '#domain/identity';
import type { SpecialPriceRequest, SpecialPriceRequestStore } from '#domain/pricing-store';
import type { PortalUser } from '#domain/user';
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
  return { ...request, note: request.note ?? null };
}
