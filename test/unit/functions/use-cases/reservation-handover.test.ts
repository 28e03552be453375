import { describe, expect, it } from 'vitest';
import type { ConfirmedAllocation } from '#domain/atp';
import type { HandoverOutcome } from '#domain/ports';
import { orderAllocated } from '#events/order-allocated';
import { applyOrderAllocation } from '#functions/use-cases/reservation-handover';

const detail = orderAllocated.detail.parse({
  schemaVersion: 1,
  orderId: 'O-1',
  confirmedAt: '2026-11-30T10:00:00Z',
  allocations: [{ warehouseId: 'WH-EAST', stockVersion: 42, lines: [{ sku: 'A-1', quantity: 3 }] }],
});

describe('applyOrderAllocation', () => {
  it('passes the allocation with its stock version and maps the store outcome', async () => {
    const calls: [string, readonly ConfirmedAllocation[], string][] = [];
    const stock = (outcome: HandoverOutcome) => ({
      confirm: (orderId: string, allocations: readonly ConfirmedAllocation[], at: string) => (calls.push([orderId, allocations, at]), Promise.resolve(outcome)),
    });
    expect(await applyOrderAllocation(detail, { stock: stock({ outcome: 'confirmed', steps: [] }) })).toBe('applied');
    expect(await applyOrderAllocation(detail, { stock: stock({ outcome: 'already-confirmed' }) })).toBe('duplicate');
    expect(await applyOrderAllocation(detail, { stock: stock({ outcome: 'not-reserved' }) })).toBe('stale');
    expect(calls[0]).toEqual(['O-1', [{ warehouseId: 'WH-EAST', version: 42, lines: [{ sku: 'A-1', quantity: 3 }] }], '2026-11-30T10:00:00Z']);
  });
});

describe('OrderAllocated contract', () => {
  it('refuses a warehouse or a SKU twice, with the field', () => {
    const twice = orderAllocated.detail.safeParse({
      ...detail,
      allocations: [
        { warehouseId: 'WH-EAST', stockVersion: 1, lines: [{ sku: 'A-1', quantity: 1 }, { sku: 'A-1', quantity: 2 }] },
        { warehouseId: 'WH-EAST', stockVersion: 2, lines: [{ sku: 'B-1', quantity: 1 }] },
      ],
    });
    expect(twice.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['allocations.0.lines.1.sku', 'allocations.1.warehouseId']);
  });
});
