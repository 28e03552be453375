import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decideRevision } from '#domain/dealer';

describe('decideRevision', () => {
  it('applies the first revision and any newer one', () => {
    expect(decideRevision(undefined, 0)).toBe('apply');
    expect(decideRevision(3, 4)).toBe('apply');
  });

  it('tells a replay from an out-of-order delivery', () => {
    expect(decideRevision(4, 4)).toBe('duplicate');
    expect(decideRevision(4, 2)).toBe('stale');
  });

  it('converges to the newest revision for any delivery order with duplicates', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 50 }), { minLength: 1, maxLength: 40 }), (deliveries) => {
        let current: number | undefined;
        for (const revision of deliveries) if (decideRevision(current, revision) === 'apply') current = revision;
        expect(current).toBe(Math.max(...deliveries));
      }),
    );
  });
});
