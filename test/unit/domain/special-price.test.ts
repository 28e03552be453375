import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyDecision, canDecide, decisionProblems, sameDecision, specialPriceStatuses, type SpecialPriceDecision, type SpecialPriceRequest } from '#domain/special-price';

const request: SpecialPriceRequest = {
  requestId: '01J0000000000000000000000A',
  dealerId: 'D-A',
  requestedBy: 'u-buyer',
  shipToId: 'S-1',
  sku: 'PMP-1',
  quantity: 100,
  currency: 'USD',
  requestedUnitPriceMinor: 7_000,
  quotedUnitPriceMinor: 8_075,
  quotedPriceVersion: 'abc',
  status: 'pending',
  createdAt: '2026-11-30T10:00:00.000Z',
};
const today = '2026-11-30';
const approve = (overrides: Partial<Extract<SpecialPriceDecision, { decision: 'approved' }>> = {}): SpecialPriceDecision => ({
  decision: 'approved',
  unitPriceMinor: 7_200,
  currency: 'USD',
  validFrom: '2026-12-01',
  validTo: '2027-06-01',
  ...overrides,
});

const day = fc.integer({ min: 0, max: 4_000 }).map((n) => new Date(Date.UTC(2025, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));

describe('decisionProblems', () => {
  it('accepts an approval in the request currency with a future window, and a rejection with a reason', () => {
    expect(decisionProblems(request, approve(), today)).toEqual([]);
    expect(decisionProblems(request, { decision: 'rejected', reason: 'Below cost' }, today)).toEqual([]);
  });

  it('names the field of each broken rule', () => {
    const problems = decisionProblems(request, approve({ currency: 'CAD', unitPriceMinor: 0, validFrom: '2027-01-01', validTo: '2027-01-01' }), today);
    expect(problems.map((p) => [p.field, p.code])).toEqual([
      ['body.currency', 'currency_mismatch'],
      ['body.unitPriceMinor', 'too_small'],
      ['body.validTo', 'window_order'],
    ]);
    expect(decisionProblems(request, { decision: 'rejected', reason: '  ' }, today).map((p) => p.field)).toEqual(['body.reason']);
  });

  it('accepts a window exactly when it is ordered and not over by today (validTo exclusive)', () => {
    fc.assert(
      fc.property(day, day, day, (validFrom, validTo, on) => {
        const problems = decisionProblems(request, approve({ validFrom, validTo }), on);
        expect(problems.length === 0).toBe(validTo > validFrom && validTo > on);
      }),
    );
  });

  it('flags the currency exactly when it is not the request currency', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Z]{3}$/), (currency) => {
        const problems = decisionProblems(request, approve({ currency }), today);
        expect(problems.some((p) => p.code === 'currency_mismatch')).toBe(currency !== 'USD');
      }),
    );
  });
});

describe('applyDecision', () => {
  it('moves a pending request to the decision with who and when, and refuses to decide twice', () => {
    const decided = applyDecision(request, approve(), 's-ops', '2026-11-30T11:00:00.000Z');

    expect(decided).toMatchObject({ status: 'approved', decidedBy: 's-ops', decidedAt: '2026-11-30T11:00:00.000Z', decision: approve() });
    expect(canDecide(decided)).toBe(false);
    expect(() => applyDecision(decided, { decision: 'rejected', reason: 'x' }, 's-other', '2026-11-30T11:00:01.000Z')).toThrow(/approved/);
  });

  it('only ever decides from pending, and the status is the decision', () => {
    fc.assert(
      fc.property(fc.constantFrom(...specialPriceStatuses), fc.boolean(), (status, approving) => {
        const decision: SpecialPriceDecision = approving ? approve() : { decision: 'rejected', reason: 'no' };
        const from = { ...request, status };
        if (status !== 'pending') expect(() => applyDecision(from, decision, 'x', 't')).toThrow();
        else expect(applyDecision(from, decision, 'x', 't').status).toBe(decision.decision);
      }),
    );
  });
});

describe('sameDecision', () => {
  it('is the same content from the same person only', () => {
    expect(sameDecision(approve(), 's-ops', approve(), 's-ops')).toBe(true);
    expect(sameDecision(approve(), 's-ops', approve(), 's-other')).toBe(false);
    expect(sameDecision(approve(), 's-ops', approve({ unitPriceMinor: 1 }), 's-ops')).toBe(false);
    expect(sameDecision(approve(), 's-ops', { decision: 'rejected', reason: 'x' }, 's-ops')).toBe(false);
    expect(sameDecision(undefined, undefined, approve(), 's-ops')).toBe(false);
  });
});
