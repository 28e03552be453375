import { describe, expect, it } from 'vitest';
import type { ProductRecord } from '#domain/product';
import { quoteFactsOf } from '#domain/quoting';

const record: ProductRecord = {
  sku: 'SKU-1',
  lifecycle: 'active',
  lifecycleRevision: 1,
  revision: 1,
  dataRevision: 1,
  updatedAt: '2026-11-30T09:00:00Z',
  data: {
    name: 'Bolt',
    description: 'A bolt',
    categoryId: 'bolts',
    attributes: {},
    unitOfMeasure: 'EA',
    packSize: 10,
    minimumOrderQuantity: 20,
    orderMultiple: 10,
    imageUrls: [],
    documents: [],
  },
};

describe('quoteFactsOf', () => {
  it('keeps what a quote checks: verdict, lifecycle, category, minimum and multiple', () => {
    expect(quoteFactsOf(record, { state: 'complete', templateRevision: 1 })).toEqual({ state: 'complete', lifecycle: 'active', categoryId: 'bolts', minimumOrderQuantity: 20, orderMultiple: 10 });
    expect(quoteFactsOf({ sku: 'SKU-2', lifecycle: 'discontinued', replacementSku: 'SKU-1', lifecycleRevision: 2, revision: 2, updatedAt: '' }, { state: 'quarantined', reasons: [] })).toEqual({
      state: 'quarantined',
      lifecycle: 'discontinued',
      replacementSku: 'SKU-1',
    });
  });
});
