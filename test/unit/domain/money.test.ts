import { describe, expect, it } from 'vitest';
import { money } from '#domain/money';

describe('money', () => {
  it('keeps integer minor units with an ISO currency', () => {
    expect(money(1999, 'USD')).toEqual({ amountMinor: 1999, currency: 'USD' });
  });

  it.each([
    [19.99, 'USD'],
    [Number.MAX_SAFE_INTEGER + 2, 'USD'],
    [100, 'usd'],
    [100, 'DOLLAR'],
  ])('refuses %s %s', (amount, currency) => {
    expect(() => money(amount, currency)).toThrow(RangeError);
  });
});
