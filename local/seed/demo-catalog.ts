import type { CategoryUpsertedDetail } from '#events/category-upserted';
import type { DealerEntitlementsSetDetail } from '#events/dealer-entitlements-set';
import type { ProductUpsertedDetail } from '#events/product-upserted';

/**
 * The demo manufacturer's governed catalog, as the ERP/PIM would publish it: a taxonomy with
 * attribute templates, ~300 products, entitlements for two of the three dealers, and a handful of
 * deliberately broken product records so the governance report has something to show. Deterministic.
 */
const at = '2026-11-01T07:00:00Z';
type Category = CategoryUpsertedDetail['category'];
type Product = ProductUpsertedDetail['product'];

const enumOf = (code: string, label: string, allowedValues: string[], required = true) => ({ code, label, type: 'enum' as const, required, allowedValues });
const numberOf = (code: string, label: string, unit: string | undefined, required = true, bounds: { min?: number; max?: number } = {}) => ({
  code,
  label,
  type: 'number' as const,
  required,
  ...(unit ? { unit } : {}),
  ...bounds,
});
const materials = ['steel', 'stainless-a2', 'stainless-a4', 'brass'];
const threads = ['M6', 'M8', 'M10', 'M12', 'M16'];

export const demoCategories: Category[] = [
  { categoryId: 'fasteners', name: 'Fasteners', attributes: [] },
  {
    categoryId: 'bolts',
    name: 'Bolts and screws',
    parentId: 'fasteners',
    allowedUnitsOfMeasure: ['EA', 'BX'],
    attributes: [enumOf('material', 'Material', materials), enumOf('thread', 'Thread', threads), numberOf('length', 'Length', 'mm', true, { min: 5, max: 400 }), { code: 'finish', label: 'Finish', type: 'string', required: false }],
  },
  {
    categoryId: 'nuts-washers',
    name: 'Nuts and washers',
    parentId: 'fasteners',
    allowedUnitsOfMeasure: ['EA', 'BX'],
    attributes: [enumOf('material', 'Material', materials), enumOf('thread', 'Thread', threads), enumOf('kind', 'Kind', ['flange-nut', 'hex-nut', 'lock-washer', 'flat-washer'])],
  },
  {
    categoryId: 'bearings',
    name: 'Bearings',
    allowedUnitsOfMeasure: ['EA'],
    attributes: [
      enumOf('kind', 'Kind', ['deep-groove', 'tapered-roller', 'pillow-block']),
      numberOf('bore', 'Bore', 'mm', true, { min: 3, max: 200 }),
      numberOf('outer_diameter', 'Outer diameter', 'mm', false),
      { code: 'sealed', label: 'Sealed', type: 'boolean', required: false },
    ],
  },
  {
    categoryId: 'hydraulic-fittings',
    name: 'Hydraulic fittings',
    allowedUnitsOfMeasure: ['EA'],
    attributes: [
      enumOf('thread', 'Thread', ['JIC', 'ORFS', 'NPT', 'BSPP']),
      enumOf('size', 'Size', ['1/4"', '3/8"', '1/2"', '3/4"', '1"']),
      enumOf('shape', 'Shape', ['straight', 'elbow', 'tee', 'coupler']),
      numberOf('pressure', 'Working pressure', 'bar', false, { min: 0, max: 700 }),
    ],
  },
  {
    categoryId: 'electrical',
    name: 'Electrical',
    allowedUnitsOfMeasure: ['EA'],
    attributes: [enumOf('kind', 'Kind', ['contactor', 'breaker', 'terminal-block', 'sensor']), enumOf('voltage', 'Rated voltage', ['24V', '120V', '230V', '480V']), numberOf('current', 'Rated current', 'A', false)],
  },
  {
    categoryId: 'safety-equipment',
    name: 'Safety equipment',
    allowedUnitsOfMeasure: ['EA', 'PR', 'BX'],
    attributes: [enumOf('kind', 'Kind', ['glasses', 'gloves', 'hard-hat', 'ear-defenders']), enumOf('size', 'Size', ['S', 'M', 'L', 'XL', 'one-size']), { code: 'standard', label: 'Standard', type: 'string', required: false }],
  },
  {
    categoryId: 'power-tools',
    name: 'Power tools',
    allowedUnitsOfMeasure: ['EA'],
    attributes: [enumOf('voltage', 'Voltage', ['12V', '18V', '36V']), { code: 'cordless', label: 'Cordless', type: 'boolean', required: true }, numberOf('weight', 'Weight', 'kg', false, { min: 0, max: 50 })],
  },
];

interface Line {
  readonly prefix: string;
  readonly group: number;
  readonly categoryId: string;
  readonly names: readonly string[];
  readonly packs: readonly number[];
  readonly unitOfMeasure: string;
  readonly attributes: (i: number, nameIndex: number) => Product['attributes'];
  /** The size part of the name, from the attributes, so name and attributes agree. */
  readonly size: (attributes: Product['attributes']) => string;
}

const text = (value: Product['attributes'][string] | undefined): string =>
  value === undefined ? '' : typeof value === 'object' ? `${value.value} ${value.unit}` : String(value);

const lines: Line[] = [
  {
    prefix: 'FAS',
    group: 1,
    categoryId: 'bolts',
    names: ['Hex bolt', 'Socket cap screw', 'Carriage bolt'],
    packs: [100, 250, 500],
    unitOfMeasure: 'EA',
    size: (a) => `${text(a.thread)} x ${text(a.length)}`,
    attributes: (i) => ({ material: materials[i % 4]!, thread: threads[i % 5]!, length: { value: 10 + 10 * (i % 12), unit: 'mm' }, ...(i % 3 === 0 ? { finish: 'zinc plated' } : {}) }),
  },
  {
    prefix: 'FAS',
    group: 2,
    categoryId: 'nuts-washers',
    names: ['Flange nut', 'Lock washer'],
    packs: [100, 250, 500],
    unitOfMeasure: 'EA',
    size: (a) => `${text(a.thread)} ${text(a.material)}`,
    attributes: (i, n) => ({ material: materials[i % 4]!, thread: threads[i % 5]!, kind: n === 0 ? 'flange-nut' : 'lock-washer' }),
  },
  {
    prefix: 'BEA',
    group: 3,
    categoryId: 'bearings',
    names: ['Deep groove ball bearing', 'Tapered roller bearing', 'Pillow block bearing'],
    packs: [1, 10],
    unitOfMeasure: 'EA',
    size: (a) => `bore ${text(a.bore)}`,
    attributes: (i, n) => ({ kind: ['deep-groove', 'tapered-roller', 'pillow-block'][n]!, bore: { value: 10 + 5 * (i % 10), unit: 'mm' }, outer_diameter: { value: 30 + 8 * (i % 10), unit: 'mm' }, sealed: i % 2 === 0 }),
  },
  {
    prefix: 'HYD',
    group: 4,
    categoryId: 'hydraulic-fittings',
    names: ['JIC swivel adapter', 'ORFS elbow', 'NPT tee', 'Quick coupler'],
    packs: [1, 5, 25],
    unitOfMeasure: 'EA',
    size: (a) => text(a.size),
    attributes: (i, n) => ({ thread: ['JIC', 'ORFS', 'NPT', 'BSPP'][n]!, size: ['1/4"', '3/8"', '1/2"', '3/4"', '1"'][i % 5]!, shape: ['straight', 'elbow', 'tee', 'coupler'][n]!, pressure: { value: 200 + 50 * (i % 6), unit: 'bar' } }),
  },
  {
    prefix: 'ELE',
    group: 5,
    categoryId: 'electrical',
    names: ['Contactor', 'Circuit breaker', 'Terminal block', 'Proximity sensor'],
    packs: [1, 10],
    unitOfMeasure: 'EA',
    size: (a) => text(a.voltage),
    attributes: (i, n) => ({ kind: ['contactor', 'breaker', 'terminal-block', 'sensor'][n]!, voltage: ['24V', '120V', '230V', '480V'][i % 4]!, current: { value: 6 + 4 * (i % 8), unit: 'A' } }),
  },
  {
    prefix: 'SAF',
    group: 6,
    categoryId: 'safety-equipment',
    names: ['Safety glasses', 'Cut-resistant gloves', 'Hard hat', 'Ear defenders'],
    packs: [1, 12],
    unitOfMeasure: 'EA',
    size: (a) => (a.size === 'one-size' ? '' : `size ${text(a.size)}`),
    attributes: (i, n) => ({ kind: ['glasses', 'gloves', 'hard-hat', 'ear-defenders'][n]!, size: n === 1 ? ['S', 'M', 'L', 'XL'][i % 4]! : 'one-size', ...(n === 1 ? { standard: 'EN 388' } : {}) }),
  },
  {
    prefix: 'POW',
    group: 7,
    categoryId: 'power-tools',
    names: ['Cordless drill', 'Impact driver', 'Angle grinder'],
    packs: [1],
    unitOfMeasure: 'EA',
    size: (a) => text(a.voltage),
    attributes: (i) => ({ voltage: ['12V', '18V', '36V'][i % 3]!, cordless: i % 4 !== 3, weight: { value: (12 + 3 * (i % 6)) / 10, unit: 'kg' } }),
  },
];

/** Products per name in each line: ~300 in all. */
const productsPerLine = [20, 20, 14, 10, 10, 10, 14];

function product(sku: string, fields: Omit<Product, 'sku' | 'description' | 'imageUrls' | 'documents'> & Partial<Product>): ProductUpsertedDetail {
  return {
    schemaVersion: 1,
    revision: 1,
    occurredAt: at,
    product: {
      sku,
      description: `${fields.name}. Manufacturer demo catalog.`,
      imageUrls: [`https://cdn.manufacturer.example/img/${sku}.jpg`],
      documents: [{ title: 'Data sheet', url: `https://cdn.manufacturer.example/doc/${sku}.pdf` }],
      ...fields,
    },
  };
}

/** ~300 valid products; the last of each first product line is discontinued with a replacement. */
export function demoProductEvents(): ProductUpsertedDetail[] {
  const events: ProductUpsertedDetail[] = [];
  lines.forEach((line, li) => {
    line.names.forEach((name, ni) => {
      const perName = productsPerLine[li]!;
      for (let i = 0; i < perName; i++) {
        const sku = `${line.prefix}-${line.group}${String(ni + 1).padStart(2, '0')}${String(i + 1).padStart(3, '0')}`;
        const packSize = line.packs[i % line.packs.length]!;
        const discontinued = i === perName - 1 && ni === 0;
        const attributes = line.attributes(i, ni);
        events.push(
          product(sku, {
            name: `${name} ${line.size(attributes)}`.trim(),
            categoryId: line.categoryId,
            attributes,
            unitOfMeasure: line.unitOfMeasure,
            packSize,
            minimumOrderQuantity: packSize,
            orderMultiple: packSize,
            lifecycle: discontinued ? 'discontinued' : 'active',
            ...(discontinued ? { replacementSku: `${sku.slice(0, -3)}001` } : {}),
          }),
        );
      }
    });
  });
  return events;
}

/** Deliberately broken records: each fails governance one way and lands in quarantine. */
export function brokenProductEvents(): ProductUpsertedDetail[] {
  const base = { unitOfMeasure: 'EA', packSize: 1, minimumOrderQuantity: 1, orderMultiple: 1, lifecycle: 'active' as const };
  return [
    product('FAS-109001', { ...base, name: 'Hex bolt M8 (no thread given)', categoryId: 'bolts', attributes: { material: 'steel', length: { value: 40, unit: 'mm' } } }),
    product('BEA-309001', { ...base, name: 'Ball bearing 3/4" bore', categoryId: 'bearings', attributes: { kind: 'deep-groove', bore: { value: 0.75, unit: 'in' } } }),
    product('SAF-609001', { ...base, name: 'Cut-resistant gloves XXL', categoryId: 'safety-equipment', attributes: { kind: 'gloves', size: 'XXL' } }),
    product('ADH-809001', { ...base, name: 'Threadlocker 50 ml', categoryId: 'adhesives', attributes: { strength: 'medium' } }),
    product('HYD-409001', { ...base, name: 'JIC adapter 1/2" (box of 10, MOQ 15)', categoryId: 'hydraulic-fittings', attributes: { thread: 'JIC', size: '1/2"', shape: 'straight' }, packSize: 10, minimumOrderQuantity: 15, orderMultiple: 10 }),
    product('pow-709001', { ...base, name: 'Cordless drill (legacy SKU)', categoryId: 'power-tools', attributes: { voltage: '18V', cordless: true } }),
  ];
}

/** Bolt & Bearing Co. sees fasteners and bearings plus one glove; Crane sees hydraulics; Acme everything (no record). */
export const demoEntitlements: DealerEntitlementsSetDetail[] = [
  { schemaVersion: 1, revision: 1, occurredAt: at, dealerId: 'D-BOLT', entitlement: { kind: 'restricted', categoryIds: ['fasteners', 'bearings'], skus: ['SAF-602001'] } },
  { schemaVersion: 1, revision: 1, occurredAt: at, dealerId: 'D-CRAN', entitlement: { kind: 'restricted', categoryIds: ['hydraulic-fittings'], skus: [] } },
];

export const demoCategoryEvents = (): CategoryUpsertedDetail[] => demoCategories.map((category) => ({ schemaVersion: 1, revision: 1, occurredAt: at, category }));
