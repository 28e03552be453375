import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  availableToPromise,
  decideStock,
  foldReservationLines,
  isStale,
  mergeStock,
  nextAvailable,
  sourcingOrder,
  splitQuantity,
  type StockLevel,
} from '#domain/atp';

const level = (version: number, onHand = version * 3, safetyStock = version % 4): StockLevel => ({
  version,
  onHand,
  safetyStock,
  asOf: new Date(1_700_000_000_000 + version * 1000).toISOString(),
});

describe('availableToPromise', () => {
  it('is on-hand minus reserved minus safety stock', () => {
    expect(availableToPromise({ onHand: 10, reserved: 3, safetyStock: 2 })).toBe(5);
  });

  it('is never negative', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.nat(), (onHand, reserved, safetyStock) => {
        expect(availableToPromise({ onHand, reserved, safetyStock })).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});

describe('decideStock / mergeStock', () => {
  it('applies newer, ignores replays and older versions', () => {
    expect(decideStock(undefined, { version: 1 })).toBe('apply');
    expect(decideStock({ version: 2 }, { version: 3 })).toBe('apply');
    expect(decideStock({ version: 3 }, { version: 3 })).toBe('duplicate');
    expect(decideStock({ version: 3 }, { version: 1 })).toBe('stale');
  });

  it('converges to the newest version for any interleaving of snapshots and adjustments, with duplicates', () => {
    // Each version is one statement of the source (a snapshot row or an adjustment: both carry the level).
    const deliveries = fc.uniqueArray(fc.nat({ max: 1000 }), { minLength: 1, maxLength: 30 }).chain((versions) =>
      fc.tuple(fc.constant(versions), fc.shuffledSubarray([...versions, ...versions], { minLength: versions.length * 2 })),
    );
    fc.assert(
      fc.property(deliveries, ([versions, order]) => {
        let state: StockLevel | undefined;
        for (const v of order) state = mergeStock(state, level(v));
        expect(state).toEqual(level(Math.max(...versions)));
      }),
    );
  });

  it('an older or duplicate delivery after the newest changes nothing', () => {
    fc.assert(
      fc.property(fc.nat({ max: 100 }), fc.nat({ max: 100 }), (newest, other) => {
        const current = level(Math.max(newest, other));
        expect(mergeStock(current, level(Math.min(newest, other)))).toBe(current);
      }),
    );
  });
});

describe('nextAvailable', () => {
  const row = { onHand: 5, reserved: 2, safetyStock: 1 };

  it('is the first date enough arrives for the wanted quantity', () => {
    const supply = [
      { expectedDate: '2026-12-10', quantity: 4 },
      { expectedDate: '2026-12-03', quantity: 3 },
    ];
    expect(nextAvailable(row, supply, 5)).toEqual({ date: '2026-12-03', quantity: 5 });
    expect(nextAvailable(row, supply, 8)).toEqual({ date: '2026-12-10', quantity: 9 });
    expect(nextAvailable(row, supply, 10)).toBeUndefined();
    expect(nextAvailable(row, supply, 2)).toBeUndefined();
  });

  it('without a wanted quantity, the first date more than now becomes promisable', () => {
    expect(nextAvailable(row, [{ expectedDate: '2026-12-03', quantity: 3 }])).toEqual({ date: '2026-12-03', quantity: 5 });
  });

  it('lets supply cover reservations beyond on-hand first', () => {
    const oversold = { onHand: 2, reserved: 6, safetyStock: 0 };
    expect(nextAvailable(oversold, [{ expectedDate: '2026-12-03', quantity: 4 }])).toBeUndefined();
    expect(nextAvailable(oversold, [{ expectedDate: '2026-12-03', quantity: 4 }, { expectedDate: '2026-12-04', quantity: 1 }])).toEqual({
      date: '2026-12-04',
      quantity: 1,
    });
  });

  it('counts receipts of the same date together', () => {
    const supply = [
      { expectedDate: '2026-12-03', quantity: 1 },
      { expectedDate: '2026-12-03', quantity: 1 },
    ];
    expect(nextAvailable({ onHand: 0, reserved: 0, safetyStock: 0 }, supply, 2)).toEqual({ date: '2026-12-03', quantity: 2 });
  });
});

describe('sourcingOrder', () => {
  it('puts the preferred warehouse first, then the others once each', () => {
    expect(sourcingOrder('WH-WEST', ['WH-EAST', 'WH-WEST', 'WH-EAST', 'WH-NORTH'])).toEqual(['WH-WEST', 'WH-EAST', 'WH-NORTH']);
  });
});

describe('splitQuantity', () => {
  const warehouses = [
    { warehouseId: 'A', available: 3 },
    { warehouseId: 'B', available: 5 },
  ];

  it('splits preferred first, then others', () => {
    expect(splitQuantity(6, warehouses, 'split')).toEqual({
      allocations: [
        { warehouseId: 'A', quantity: 3 },
        { warehouseId: 'B', quantity: 3 },
      ],
      shortfall: 0,
    });
  });

  it('ships complete from the first warehouse that has it all, or nothing', () => {
    expect(splitQuantity(4, warehouses, 'ship-complete')).toEqual({ allocations: [{ warehouseId: 'B', quantity: 4 }], shortfall: 0 });
    expect(splitQuantity(6, warehouses, 'ship-complete')).toEqual({ allocations: [], shortfall: 6 });
  });

  it('never allocates more than available and covers the request when possible', () => {
    const arb = fc.tuple(
      fc.nat({ max: 200 }),
      // Warehouses in sourcing order are distinct (sourcingOrder de-duplicates).
      fc.uniqueArray(fc.record({ warehouseId: fc.string({ minLength: 1, maxLength: 4 }), available: fc.nat({ max: 100 }) }), { maxLength: 6, selector: (w) => w.warehouseId }),
      fc.constantFrom('split' as const, 'ship-complete' as const),
    );
    fc.assert(
      fc.property(arb, ([requested, whs, policy]) => {
        const plan = splitQuantity(requested, whs, policy);
        const total = plan.allocations.reduce((sum, a) => sum + a.quantity, 0);
        expect(total + plan.shortfall).toBe(requested);
        for (const a of plan.allocations) {
          expect(a.quantity).toBeGreaterThan(0);
          expect(a.quantity).toBeLessThanOrEqual(whs.find((w) => w.warehouseId === a.warehouseId)!.available);
        }
        const sum = whs.reduce((s, w) => s + w.available, 0);
        if (policy === 'split') expect(plan.shortfall).toBe(Math.max(0, requested - sum));
        else expect(plan.shortfall === 0).toBe(requested === 0 || whs.some((w) => w.available >= requested));
      }),
    );
  });
});

describe('isStale', () => {
  it('is stale past the limit only', () => {
    const now = new Date('2026-11-30T12:00:00Z');
    expect(isStale('2026-11-30T11:00:00Z', now, 3600)).toBe(false);
    expect(isStale('2026-11-30T10:59:59Z', now, 3600)).toBe(true);
  });
});

describe('foldReservationLines', () => {
  it('folds lines of one stock row and rejects non-positive quantities', () => {
    expect(
      foldReservationLines([
        { sku: 'B', warehouseId: 'W', quantity: 1 },
        { sku: 'A', warehouseId: 'W', quantity: 2 },
        { sku: 'B', warehouseId: 'W', quantity: 3 },
      ]),
    ).toEqual([
      { sku: 'A', warehouseId: 'W', quantity: 2 },
      { sku: 'B', warehouseId: 'W', quantity: 4 },
    ]);
    expect(() => foldReservationLines([{ sku: 'A', warehouseId: 'W', quantity: 0 }])).toThrow(RangeError);
  });
});
