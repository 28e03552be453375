import { describe, expect, it } from 'vitest';
import type { SheetView } from '#domain/pricing-store';
import { priceDataFor } from '#functions/use-cases/quotes';

const pointer = {
  currency: 'USD',
  priceListId: 'LIST-USD',
  versions: [
    { version: 8, effectiveFrom: '2027-01-01' },
    { version: 7, effectiveFrom: '2026-01-01' },
  ],
};
const sheet: SheetView = {
  sku: 'SKU-1',
  list: new Map([
    [7, { amountMinor: 1_000, floorMinor: 600, breaks: [{ minQuantity: 10, adjustment: { kind: 'percent-off', bps: 500 } }] }],
    [8, { amountMinor: 1_100 }],
  ]),
  contract: { contractId: 'K-1', revision: 2, currency: 'USD', amountMinor: 900, validFrom: '2026-01-01' },
};

describe('priceDataFor', () => {
  it('takes the list version in force on the date, with its floor and breaks only', () => {
    const now = priceDataFor('D-1', 'USD', pointer, [sheet], '2026-06-01');
    const later = priceDataFor('D-1', 'USD', pointer, [sheet], '2027-01-01');

    expect(now.listPrices).toEqual([{ priceListId: 'LIST-USD', version: 7, currency: 'USD', sku: 'SKU-1', amountMinor: 1_000, effectiveFrom: '2026-01-01' }]);
    expect(now.floors.map((f) => f.amountMinor)).toEqual([600]);
    expect(now.volumeBreaks.map((s) => s.appliesTo)).toEqual(['list']);
    expect(later.listPrices.map((l) => l.amountMinor)).toEqual([1_100]);
    expect(later.floors).toEqual([]);
  });

  it('keeps the dealer contract unless it is expired or in another currency', () => {
    expect(priceDataFor('D-1', 'USD', pointer, [sheet], '2026-06-01').contractPrices.map((c) => c.contractId)).toEqual(['K-1']);
    expect(priceDataFor('D-1', 'USD', pointer, [{ ...sheet, contract: { ...sheet.contract!, expired: true } }], '2026-06-01').contractPrices).toEqual([]);
    expect(priceDataFor('D-1', 'CAD', pointer, [sheet], '2026-06-01').contractPrices).toEqual([]);
  });

  it('has no list price before any version is in force or without a pointer', () => {
    expect(priceDataFor('D-1', 'USD', pointer, [sheet], '2025-12-31').listPrices).toEqual([]);
    expect(priceDataFor('D-1', 'USD', undefined, [sheet], '2026-06-01').listPrices).toEqual([]);
  });
});
