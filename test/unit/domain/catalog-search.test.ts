import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { facetValue, filterValueVariants, listingSortKey, matchesFilter, nameSortKey, normalizeText, searchTextOf, searchTokens } from '#domain/catalog-search';
import type { AttributeValue } from '#domain/product';

describe('text normalization', () => {
  it('folds case and accents and splits on anything not a letter or digit', () => {
    expect(normalizeText('  Écrou  M8/Zinc—plaqué ')).toBe('ecrou m8 zinc plaque');
    expect(searchTokens('HEX-M8-040')).toEqual(['hex', 'm8', '040']);
    expect(searchTokens(' ,; ')).toEqual([]);
  });
});

describe('listing sort keys', () => {
  it('sort by name then SKU, shorter names first', () => {
    const products = [
      { sku: 'B-2', name: 'Bolt M6' },
      { sku: 'B-1', name: 'bolt' },
      { sku: 'A-9', name: 'Bolt' },
      { sku: 'C-1', name: 'Bolt1' },
      { sku: 'D-1', name: 'Anchor' },
    ];
    const sorted = [...products].sort((a, b) => (listingSortKey('name', a) < listingSortKey('name', b) ? -1 : 1)).map((p) => p.sku);
    expect(sorted).toEqual(['D-1', 'A-9', 'B-1', 'B-2', 'C-1']);
  });

  it('order exactly as (name key, SKU) for any names and SKUs (property)', () => {
    const product = fc.record({ sku: fc.stringMatching(/^[A-Z0-9]{1,6}(-[A-Z0-9]{1,4})?$/), name: fc.string({ maxLength: 20 }) });
    fc.assert(
      fc.property(product, product, (a, b) => {
        const byKey = Math.sign(listingSortKey('name', a) < listingSortKey('name', b) ? -1 : listingSortKey('name', a) > listingSortKey('name', b) ? 1 : 0);
        const [ka, kb] = [nameSortKey(a.name), nameSortKey(b.name)];
        const byTuple = ka !== kb ? (ka < kb ? -1 : 1) : a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0;
        expect(byKey).toBe(byTuple);
      }),
    );
  });
});

describe('filters', () => {
  const attributeValue: fc.Arbitrary<AttributeValue> = fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
    fc.boolean(),
    fc.record({ value: fc.integer({ min: -1000, max: 1000 }), unit: fc.constantFrom('mm', 'kg') }),
  );

  it('find every stored value by the way it prints (property)', () => {
    fc.assert(
      fc.property(attributeValue, (value) => {
        const printed = typeof value === 'object' ? String(value.value) : String(value);
        expect(filterValueVariants(printed)).toContain(facetValue(value));
      }),
    );
  });

  it('match numbers however they are written, and text in any case', () => {
    expect(filterValueVariants('10.0')).toEqual(['10.0', '10']);
    expect(filterValueVariants('Steel')).toEqual(['steel']);
  });

  const item = { searchText: searchTextOf('HEX-M8-040', { name: 'Hex bolt M8', description: 'Zinc plated', attributes: { material: 'Stainless', length: { value: 40, unit: 'mm' } } }), facets: { material: 'stainless', length: '40' }, lifecycle: 'active' };

  it('match word prefixes in SKU, name, description and text attributes, all words required', () => {
    const matches = (text: string[]) => matchesFilter(item, { text, attributes: [], dealerListableOnly: false });
    expect(matches(['hex', 'zin'])).toBe(true);
    expect(matches(['stain'])).toBe(true);
    expect(matches(['040'])).toBe(true);
    expect(matches(['olt'])).toBe(false);
    expect(matches(['hex', 'brass'])).toBe(false);
  });

  it('match any of the values of each attribute, every attribute required', () => {
    const matches = (attributes: { code: string; values: string[] }[]) => matchesFilter(item, { text: [], attributes, dealerListableOnly: false });
    expect(matches([{ code: 'material', values: ['brass', 'stainless'] }])).toBe(true);
    expect(matches([{ code: 'material', values: ['stainless'] }, { code: 'length', values: ['50'] }])).toBe(false);
    expect(matches([{ code: 'colour', values: ['red'] }])).toBe(false);
  });

  it('hide discontinued products without replacement from dealers', () => {
    const discontinued = { ...item, lifecycle: 'discontinued' };
    expect(matchesFilter(discontinued, { text: [], attributes: [], dealerListableOnly: true })).toBe(false);
    expect(matchesFilter({ ...discontinued, replacementSku: 'X-1' }, { text: [], attributes: [], dealerListableOnly: true })).toBe(true);
    expect(matchesFilter(discontinued, { text: [], attributes: [], dealerListableOnly: false })).toBe(true);
  });
});
