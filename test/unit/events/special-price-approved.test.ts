import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { specialPriceApproved } from '#events/special-price-approved';

/** Contracts the portal publishes (no rule routes them, so samples.test.ts does not see them). */
describe('SpecialPriceApproved', () => {
  const sample = JSON.parse(readFileSync('events/samples/special-price-approved.json', 'utf8')) as { source: string; 'detail-type': string; detail: Record<string, unknown> };

  it('sample matches its contract', () => {
    expect(sample.source).toBe(specialPriceApproved.source);
    expect(sample['detail-type']).toBe(specialPriceApproved.detailType);
    expect(specialPriceApproved.detail.safeParse(sample.detail).error).toBeUndefined();
  });

  it('refuses a window that is not ordered and a fractional price', () => {
    expect(specialPriceApproved.detail.safeParse({ ...sample.detail, validTo: sample.detail.validFrom }).success).toBe(false);
    expect(specialPriceApproved.detail.safeParse({ ...sample.detail, unitPriceMinor: 52.5 }).success).toBe(false);
  });
});
