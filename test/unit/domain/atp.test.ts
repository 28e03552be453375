import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  availableToPromise,
  dueSupply,
  decideStock,
  foldReservationLines,
  isStale,
  mergeStock,
  nextAvailable,
  nextAvailableAcross,
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

describe('nextAvailableAcross', () => {
  const position = (onHand: number, reserved: number, supply: { expectedDate: string; quantity: number }[] = []) => ({ row: { onHand, reserved, safetyStock: 0 }, supply });

  it("a receipt first covers its own warehouse's reservations: never counted as new stock beside another's surplus", () => {
    // WH-A: nothing on hand, 4 reserved, 4 coming; WH-B: 10 on hand. Available now 10; the receipt only
    // makes WH-A whole, so nothing more becomes promisable (14 would promise units that do not exist).
    expect(nextAvailableAcross([position(0, 4, [{ expectedDate: '2026-12-10', quantity: 4 }]), position(10, 0)])).toBeUndefined();
    expect(nextAvailableAcross([position(0, 4, [{ expectedDate: '2026-12-10', quantity: 6 }]), position(10, 0)])).toEqual({ date: '2026-12-10', quantity: 12 });
    expect(nextAvailableAcross([position(0, 4, [{ expectedDate: '2026-12-10', quantity: 6 }]), position(10, 0)], 11)).toEqual({ date: '2026-12-10', quantity: 12 });
    expect(nextAvailableAcross([position(0, 4, [{ expectedDate: '2026-12-10', quantity: 6 }]), position(10, 0)], 13)).toBeUndefined();
  });

  it('takes receipts of different warehouses in date order', () => {
    const positions = [position(1, 0, [{ expectedDate: '2026-12-20', quantity: 5 }]), position(0, 0, [{ expectedDate: '2026-12-05', quantity: 2 }])];
    expect(nextAvailableAcross(positions)).toEqual({ date: '2026-12-05', quantity: 3 });
    expect(nextAvailableAcross(positions, 4)).toEqual({ date: '2026-12-20', quantity: 8 });
  });

  const supplyArb = fc.array(fc.record({ expectedDate: fc.constantFrom('2026-12-01', '2026-12-02', '2026-12-05', '2027-01-10'), quantity: fc.nat({ max: 20 }) }), { maxLength: 5 });
  const rowArb = fc.record({ onHand: fc.nat({ max: 30 }), reserved: fc.nat({ max: 30 }), safetyStock: fc.nat({ max: 5 }) });

  it('with one warehouse, is nextAvailable', () => {
    fc.assert(
      fc.property(rowArb, supplyArb, fc.option(fc.nat({ max: 60 }), { nil: undefined }), (row, supply, wanted) => {
        expect(nextAvailableAcross([{ row, supply }], wanted)).toEqual(nextAvailable(row, supply, wanted));
      }),
    );
  });

  it('never promises more than the warehouses promise one by one by that date', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ row: rowArb, supply: supplyArb }), { minLength: 1, maxLength: 4 }), (positions) => {
        const next = nextAvailableAcross(positions);
        if (!next) return;
        // Each warehouse alone: what it promises by that date (its own receipts due), or now.
        const own = positions.map(({ row, supply }) => {
          const due = supply.filter((s) => s.expectedDate <= next.date && s.quantity > 0);
          return Math.max(0, row.onHand - row.reserved - row.safetyStock + due.reduce((q, s) => q + s.quantity, 0));
        });
        expect(next.quantity).toBe(own.reduce((a, b) => a + b, 0));
        const now = positions.reduce((q, { row }) => q + availableToPromise(row), 0);
        expect(next.quantity).toBeGreaterThan(now);
        // The first such date: summed the same way, no earlier receipt date gets past what is available now.
        const earlier = [...new Set(positions.flatMap(({ supply }) => supply.filter((s) => s.quantity > 0 && s.expectedDate < next.date).map((s) => s.expectedDate)))];
        for (const date of earlier) {
          const by = positions.reduce((q, { row, supply }) => q + Math.max(0, row.onHand - row.reserved - row.safetyStock + supply.filter((s) => s.expectedDate <= date).reduce((t, s) => t + s.quantity, 0)), 0);
          expect(by).toBeLessThanOrEqual(now);
        }
        // A receipt never promises more than it brings: at most now + everything due by then.
        const due = positions.reduce((q, { supply }) => q + supply.filter((s) => s.expectedDate <= next.date).reduce((t, s) => t + s.quantity, 0), 0);
        expect(next.quantity).toBeLessThanOrEqual(now + due);
      }),
    );
  });
});

describe('dueSupply', () => {
  it('promises a late receipt from today, never from a date in the past; others keep their date', () => {
    const supply = [
      { supplyId: 'PO-1', expectedDate: '2026-10-01', quantity: 5 },
      { supplyId: 'PO-2', expectedDate: '2026-11-30', quantity: 1 },
      { supplyId: 'PO-3', expectedDate: '2026-12-15', quantity: 2 },
    ];
    expect(dueSupply(supply, '2026-11-30')).toEqual([
      { supplyId: 'PO-1', expectedDate: '2026-11-30', quantity: 5 },
      { supplyId: 'PO-2', expectedDate: '2026-11-30', quantity: 1 },
      { supplyId: 'PO-3', expectedDate: '2026-12-15', quantity: 2 },
    ]);
    expect(nextAvailable({ onHand: 0, reserved: 0, safetyStock: 0 }, dueSupply(supply, '2026-11-30'))).toEqual({ date: '2026-11-30', quantity: 6 });
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
