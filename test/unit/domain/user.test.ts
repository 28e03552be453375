import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { shipTosVisibleTo } from '#domain/user';

describe('shipTosVisibleTo', () => {
  const shipTos = ['A', 'B', 'C'].map((shipToId) => ({ shipToId }));

  it('shows an unrestricted user every ship-to', () => {
    expect(shipTosVisibleTo({}, shipTos)).toEqual(shipTos);
  });

  it('shows a restricted user only theirs, ignoring ids the dealer does not have', () => {
    expect(shipTosVisibleTo({ shipToIds: ['C', 'Z'] }, shipTos)).toEqual([{ shipToId: 'C' }]);
  });

  it('never shows a ship-to outside the restriction', () => {
    fc.assert(
      fc.property(fc.subarray(['A', 'B', 'C', 'D']), (restriction) => {
        const visible = shipTosVisibleTo({ shipToIds: restriction }, shipTos).map((s) => s.shipToId);
        expect(visible.every((id) => restriction.includes(id))).toBe(true);
      }),
    );
  });
});
