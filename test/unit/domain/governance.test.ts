import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkAttribute, checkSkuRules, evaluate, factsOf, governanceDelta, staleTemplateCount, sumDeltas, type GovernanceFacts, type ReasonCode } from '#domain/governance';
import type { AttributeValue, ProductData, ProductRecord } from '#domain/product';
import type { AttributeDefinition, Category } from '#domain/taxonomy';

const bolts: Category = {
  categoryId: 'bolts',
  name: 'Bolts',
  revision: 4,
  updatedAt: '2026-11-30T08:00:00Z',
  allowedUnitsOfMeasure: ['EA', 'BX'],
  attributes: [
    { code: 'material', label: 'Material', type: 'enum', required: true, allowedValues: ['steel', 'brass'] },
    { code: 'length', label: 'Length', type: 'number', required: true, unit: 'mm', min: 5, max: 400 },
    { code: 'finish', label: 'Finish', type: 'string', required: false },
    { code: 'coated', label: 'Coated', type: 'boolean', required: false },
    { code: 'grade', label: 'Grade', type: 'number', required: false },
  ],
};

const data = (overrides: Partial<ProductData> = {}): ProductData => ({
  name: 'Hex bolt',
  description: '',
  categoryId: 'bolts',
  attributes: { material: 'steel', length: { value: 40, unit: 'mm' } },
  unitOfMeasure: 'EA',
  packSize: 10,
  minimumOrderQuantity: 20,
  orderMultiple: 10,
  imageUrls: [],
  documents: [],
  ...overrides,
});

const record = (overrides: Partial<ProductRecord> = {}, dataOverrides: Partial<ProductData> = {}): ProductRecord => ({
  sku: 'HEX-M8-040',
  data: data(dataOverrides),
  dataRevision: 1,
  lifecycle: 'active',
  lifecycleRevision: 1,
  revision: 1,
  updatedAt: '2026-11-30T09:00:00Z',
  ...overrides,
});

const codes = (reasons: readonly { code: ReasonCode }[]) => reasons.map((r) => r.code);

describe('evaluate', () => {
  it('calls a product that meets its template and the SKU rules complete, against the template revision', () => {
    expect(evaluate(record(), bolts)).toEqual({ state: 'complete', templateRevision: 4 });
  });

  it('quarantines a product of an unknown category, still reporting SKU rules', () => {
    const verdict = evaluate(record({ sku: 'bad sku' }), undefined);
    expect(verdict.state).toBe('quarantined');
    expect(verdict.state === 'quarantined' && verdict.reasons.map((r) => [r.code, r.field])).toEqual([
      ['unknown-category', 'categoryId'],
      ['sku-format', 'sku'],
    ]);
  });

  it('quarantines a SKU without master data (a discontinuation that came first)', () => {
    const verdict = evaluate({ sku: 'HEX-1', lifecycle: 'discontinued', lifecycleRevision: 3, revision: 3, updatedAt: 't' }, bolts);
    expect(verdict.state === 'quarantined' && codes(verdict.reasons)).toEqual(['unknown-product']);
  });

  it('reports every template violation with its field, in template order then unknown attributes', () => {
    const verdict = evaluate(record({}, { attributes: { length: 3, material: 'gold', coated: 'yes', colour: 'red' }, unitOfMeasure: 'KG' }), bolts);
    expect(verdict.state === 'quarantined' && verdict.reasons.map((r) => [r.code, r.field])).toEqual([
      ['value-not-allowed', 'attributes.material'],
      ['wrong-unit', 'attributes.length'],
      ['wrong-type', 'attributes.coated'],
      ['unknown-attribute', 'attributes.colour'],
      ['uom-not-allowed', 'unitOfMeasure'],
    ]);
  });

  it('reports a missing required attribute with the category’s label', () => {
    const verdict = evaluate(record({}, { attributes: { length: { value: 40, unit: 'mm' } } }), bolts);
    expect(verdict).toEqual({
      state: 'quarantined',
      templateRevision: 4,
      reasons: [{ code: 'missing-required-attribute', field: 'attributes.material', message: 'Material is required in Bolts' }],
    });
  });
});

describe('checkAttribute', () => {
  const number = (extra: Partial<AttributeDefinition> = {}): AttributeDefinition => ({ code: 'n', label: 'N', type: 'number', required: true, ...extra });

  it.each<[string, AttributeDefinition, AttributeValue, ReasonCode | undefined]>([
    ['a number in the declared unit', number({ unit: 'mm' }), { value: 4, unit: 'mm' }, undefined],
    ['a bare number where a unit is declared', number({ unit: 'mm' }), 4, 'wrong-unit'],
    ['another unit', number({ unit: 'mm' }), { value: 4, unit: 'in' }, 'wrong-unit'],
    ['a unit where none is declared', number(), { value: 4, unit: 'mm' }, 'wrong-unit'],
    ['text for a number', number(), '4', 'wrong-type'],
    ['below min', number({ min: 5 }), 4, 'out-of-range'],
    ['above max', number({ max: 5 }), 6, 'out-of-range'],
    ['at the bounds', number({ min: 4, max: 4 }), 4, undefined],
    ['a number for text', { code: 's', label: 'S', type: 'string', required: false }, 4, 'wrong-type'],
    ['text outside a string’s allowed values', { code: 's', label: 'S', type: 'string', required: false, allowedValues: ['a'] }, 'b', 'value-not-allowed'],
    ['an enum value in another case', { code: 'e', label: 'E', type: 'enum', required: false, allowedValues: ['steel'] }, 'Steel', 'value-not-allowed'],
    ['a string for a boolean', { code: 'b', label: 'B', type: 'boolean', required: false }, 'true', 'wrong-type'],
  ])('%s', (_label, definition, value, expected) => {
    expect(checkAttribute(definition, value)?.code).toBe(expected);
  });
});

describe('checkSkuRules', () => {
  it.each<[string, Parameters<typeof checkSkuRules>[0], Parameters<typeof checkSkuRules>[1], ReasonCode[]]>([
    ['a good active SKU', { sku: 'HEX-M8-040', lifecycle: 'active' }, { minimumOrderQuantity: 20, orderMultiple: 10 }, []],
    ['lower case', { sku: 'hex-m8', lifecycle: 'active' }, undefined, ['sku-format']],
    ['a double hyphen', { sku: 'HEX--M8', lifecycle: 'active' }, undefined, ['sku-format']],
    ['too short', { sku: 'AB', lifecycle: 'active' }, undefined, ['sku-format']],
    ['a replacement on an active product', { sku: 'HEX-1', lifecycle: 'active', replacementSku: 'HEX-2' }, undefined, ['replacement-on-active']],
    ['itself as replacement', { sku: 'HEX-1', lifecycle: 'discontinued', replacementSku: 'HEX-1' }, undefined, ['replacement-is-self']],
    ['a malformed replacement', { sku: 'HEX-1', lifecycle: 'discontinued', replacementSku: 'hex_2' }, undefined, ['sku-format']],
    ['MOQ not a multiple', { sku: 'HEX-1', lifecycle: 'active' }, { minimumOrderQuantity: 15, orderMultiple: 10 }, ['moq-not-multiple']],
  ])('%s', (_label, sku, packaging, expected) => {
    expect(codes(checkSkuRules(sku, packaging))).toEqual(expected);
  });

  it('accepts a MOQ exactly when it is a multiple of the order multiple (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 1000 }), (moq, multiple) => {
        const reasons = codes(checkSkuRules({ sku: 'HEX-1', lifecycle: 'active' }, { minimumOrderQuantity: moq, orderMultiple: multiple }));
        expect(reasons.includes('moq-not-multiple')).toBe(moq % multiple !== 0);
      }),
    );
  });
});

/** A template of random attributes and a product that satisfies it. */
const templateAndValues = fc
  .uniqueArray(fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/), { minLength: 1, maxLength: 8 })
  .chain((codesList) =>
    fc.tuple(
      ...codesList.map((code) =>
        fc.oneof(
          fc.record({ def: fc.constant<AttributeDefinition>({ code, label: code, type: 'string', required: true }), value: fc.string({ maxLength: 10 }) }),
          fc.record({ def: fc.constant<AttributeDefinition>({ code, label: code, type: 'boolean', required: true }), value: fc.boolean() }),
          fc.integer({ min: -100, max: 100 }).chain((min) =>
            fc.record({
              def: fc.constant<AttributeDefinition>({ code, label: code, type: 'number', required: true, unit: 'mm', min, max: min + 50 }),
              value: fc.integer({ min, max: min + 50 }).map((v): AttributeValue => ({ value: v, unit: 'mm' })),
            }),
          ),
          fc.uniqueArray(fc.stringMatching(/^[a-z]{1,6}$/), { minLength: 1, maxLength: 5 }).chain((allowed) =>
            fc.record({
              def: fc.constant<AttributeDefinition>({ code, label: code, type: 'enum', required: true, allowedValues: allowed }),
              value: fc.constantFrom(...allowed),
            }),
          ),
        ),
      ),
    ),
  );

describe('evaluate (properties)', () => {
  const categoryOf = (defs: AttributeDefinition[]): Category => ({ categoryId: 'c', name: 'C', attributes: defs, revision: 1, updatedAt: 't' });
  const productOf = (attributes: Record<string, AttributeValue>) => record({}, { categoryId: 'c', attributes });

  it('publishes any product that meets a random template', () => {
    fc.assert(
      fc.property(templateAndValues, (pairs) => {
        const verdict = evaluate(productOf(Object.fromEntries(pairs.map((p) => [p.def.code, p.value]))), categoryOf(pairs.map((p) => p.def)));
        expect(verdict.state).toBe('complete');
      }),
    );
  });

  it('quarantines it with missing-required-attribute, on that field, when one required attribute is dropped', () => {
    fc.assert(
      fc.property(templateAndValues, fc.nat(), (pairs, pick) => {
        const dropped = pairs[pick % pairs.length]!.def.code;
        const attributes = Object.fromEntries(pairs.filter((p) => p.def.code !== dropped).map((p) => [p.def.code, p.value]));
        const verdict = evaluate(productOf(attributes), categoryOf(pairs.map((p) => p.def)));
        expect(verdict.state === 'quarantined' && verdict.reasons.map((r) => [r.code, r.field])).toEqual([['missing-required-attribute', `attributes.${dropped}`]]);
      }),
    );
  });

  it('quarantines it with unknown-attribute when an attribute outside the template is added', () => {
    fc.assert(
      fc.property(templateAndValues, (pairs) => {
        const attributes = { ...Object.fromEntries(pairs.map((p) => [p.def.code, p.value])), zz_extra: 'x' };
        const verdict = evaluate(productOf(attributes), categoryOf(pairs.map((p) => p.def)));
        expect(verdict.state === 'quarantined' && codes(verdict.reasons)).toEqual(['unknown-attribute']);
      }),
    );
  });
});

describe('governance counters', () => {
  const facts: fc.Arbitrary<GovernanceFacts> = fc.oneof(
    fc.record({ categoryId: fc.constantFrom('a', 'b', null), state: fc.constant('complete' as const), reasonCodes: fc.constant([]), templateRevision: fc.integer({ min: 1, max: 3 }) }),
    fc.record({
      categoryId: fc.constantFrom('a', 'b', null),
      state: fc.constant('quarantined' as const),
      reasonCodes: fc.uniqueArray(fc.constantFrom<ReasonCode>('unknown-category', 'wrong-type', 'sku-format'), { minLength: 1 }),
    }),
  );

  it('adds up, over any sequence of transitions, to the counts of the final states', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('S1', 'S2', 'S3', 'S4'), facts), { maxLength: 40 }), (transitions) => {
        const current = new Map<string, GovernanceFacts>();
        const deltas = [];
        for (const [sku, next] of transitions) {
          deltas.push(...governanceDelta(current.get(sku), next));
          current.set(sku, next);
        }
        const expected = sumDeltas([...current.values()].flatMap((f) => governanceDelta(undefined, f)));
        const byCategory = (list: ReturnType<typeof sumDeltas>) => Object.fromEntries(list.map((d) => [String(d.categoryId), d]));
        expect(byCategory(sumDeltas(deltas))).toEqual(byCategory(expected));
      }),
    );
  });

  it('changes nothing when a product is re-judged the same', () => {
    const same: GovernanceFacts = { categoryId: 'a', state: 'quarantined', reasonCodes: ['wrong-type'] };
    expect(governanceDelta(same, same)).toEqual([]);
  });

  it('moves a product between categories and states in one delta', () => {
    expect(governanceDelta({ categoryId: 'a', state: 'quarantined', reasonCodes: ['wrong-type', 'sku-format'] }, { categoryId: 'b', state: 'complete', reasonCodes: [], templateRevision: 2 })).toEqual([
      { categoryId: 'a', complete: 0, quarantined: -1, reasons: { 'wrong-type': -1, 'sku-format': -1 }, templates: {} },
      { categoryId: 'b', complete: 1, quarantined: 0, reasons: {}, templates: { '2': 1 } },
    ]);
  });

  it('counts a product once per reason code, whatever the number of reasons with that code', () => {
    const verdict = evaluate(record({}, { attributes: { colour: 'red', size: 'L', material: 'steel', length: { value: 40, unit: 'mm' } } }), bolts);
    expect(factsOf(record(), verdict).reasonCodes).toEqual(['unknown-attribute']);
  });

  it('counts complete products validated against an older template revision as stale', () => {
    expect(staleTemplateCount({ complete: 6, quarantined: 0, reasons: {}, templates: { '1': 2, '2': 3, '3': 1 } }, 3)).toBe(5);
    expect(staleTemplateCount({ complete: 6, quarantined: 0, reasons: {}, templates: { '3': 6 } }, 3)).toBe(0);
    expect(staleTemplateCount({ complete: 1, quarantined: 0, reasons: {}, templates: { '1': 1 } }, undefined)).toBe(0);
  });
});
