import { isValidSku, type AttributeValue, type ProductData, type ProductRecord } from './product.ts';
import type { AttributeDefinition, Category } from './taxonomy.ts';

/**
 * Catalog governance: a product record is checked against its category's attribute template and the
 * SKU rules. A record that passes is `complete` and may be published; one that fails is
 * `quarantined` with machine-readable reasons and is never shown to dealers. Reason codes are part of
 * the API (governance report) and never renamed.
 */
export const reasonCodes = {
  'unknown-category': 'The category is not in the governed taxonomy',
  'unknown-product': 'A discontinuation arrived for a SKU whose master data never arrived',
  'missing-required-attribute': 'A required attribute of the template is missing',
  'unknown-attribute': 'The attribute is not in the category template',
  'wrong-type': 'The value is not of the type the template declares',
  'wrong-unit': 'The value is not in the unit the template declares',
  'value-not-allowed': 'The value is not one of the allowed values',
  'out-of-range': 'The number is outside the bounds of the template',
  'sku-format': 'The SKU (or replacement SKU) breaks the SKU format',
  'replacement-is-self': 'A product cannot replace itself',
  'replacement-on-active': 'Only a discontinued product has a replacement',
  'moq-not-multiple': 'The minimum order quantity is not a multiple of the order multiple',
  'uom-not-allowed': 'The unit of measure is not allowed in this category',
} as const;
export type ReasonCode = keyof typeof reasonCodes;
export const allReasonCodes = Object.keys(reasonCodes) as ReasonCode[];

export interface GovernanceReason {
  readonly code: ReasonCode;
  /** Dotted path in the product record, e.g. `attributes.diameter`. */
  readonly field: string;
  readonly message: string;
}

export type Verdict =
  | { readonly state: 'complete'; readonly templateRevision: number }
  | { readonly state: 'quarantined'; readonly reasons: readonly GovernanceReason[]; readonly templateRevision?: number | undefined };

const reason = (code: ReasonCode, field: string, message: string): GovernanceReason => ({ code, field, message });

/** SKU rules that need no template: format, replacement, packaging arithmetic. */
export function checkSkuRules(record: Pick<ProductRecord, 'sku' | 'lifecycle' | 'replacementSku'>, data?: Pick<ProductData, 'minimumOrderQuantity' | 'orderMultiple'>): GovernanceReason[] {
  const reasons: GovernanceReason[] = [];
  if (!isValidSku(record.sku)) reasons.push(reason('sku-format', 'sku', `${record.sku} is not upper-case letters and digits in hyphen-joined groups, 3–32 characters`));
  if (record.replacementSku !== undefined) {
    if (!isValidSku(record.replacementSku)) reasons.push(reason('sku-format', 'replacementSku', `${record.replacementSku} is not a valid SKU`));
    if (record.replacementSku === record.sku) reasons.push(reason('replacement-is-self', 'replacementSku', 'the replacement is the product itself'));
    if (record.lifecycle === 'active') reasons.push(reason('replacement-on-active', 'replacementSku', 'an active product has no replacement'));
  }
  if (data && data.minimumOrderQuantity % data.orderMultiple !== 0) {
    reasons.push(reason('moq-not-multiple', 'minimumOrderQuantity', `${data.minimumOrderQuantity} is not a multiple of the order multiple ${data.orderMultiple}`));
  }
  return reasons;
}

function describeValue(value: AttributeValue): string {
  return typeof value === 'object' ? `${value.value} ${value.unit}` : JSON.stringify(value);
}

/** One attribute value against its definition; at most one reason per attribute, the first that applies. */
export function checkAttribute(definition: AttributeDefinition, value: AttributeValue): GovernanceReason | undefined {
  const field = `attributes.${definition.code}`;
  switch (definition.type) {
    case 'boolean':
      return typeof value === 'boolean' ? undefined : reason('wrong-type', field, `expected true or false, got ${describeValue(value)}`);
    case 'string':
    case 'enum': {
      if (typeof value !== 'string') return reason('wrong-type', field, `expected ${definition.type === 'enum' ? 'one of the allowed values' : 'text'}, got ${describeValue(value)}`);
      if (definition.allowedValues && !definition.allowedValues.includes(value)) {
        return reason('value-not-allowed', field, `${JSON.stringify(value)} is not one of ${definition.allowedValues.join(', ')}`);
      }
      return undefined;
    }
    case 'number': {
      if (typeof value === 'number') {
        if (definition.unit !== undefined) return reason('wrong-unit', field, `give the value in ${definition.unit}: {"value": ${value}, "unit": "${definition.unit}"}`);
      } else if (typeof value === 'object') {
        if (definition.unit === undefined) return reason('wrong-unit', field, `${definition.code} has no unit; give a plain number`);
        if (value.unit !== definition.unit) return reason('wrong-unit', field, `expected ${definition.unit}, got ${value.unit}`);
      } else {
        return reason('wrong-type', field, `expected a number, got ${describeValue(value)}`);
      }
      const n = typeof value === 'number' ? value : value.value;
      if ((definition.min !== undefined && n < definition.min) || (definition.max !== undefined && n > definition.max)) {
        return reason('out-of-range', field, `${n} is outside ${definition.min ?? '-∞'}..${definition.max ?? '∞'}`);
      }
      return undefined;
    }
  }
}

/** The product data against its category's template: required, unknown, typed, allowed, UoM. */
export function checkAgainstTemplate(data: ProductData, category: Category): GovernanceReason[] {
  const reasons: GovernanceReason[] = [];
  const definitions = new Map(category.attributes.map((a) => [a.code, a]));
  for (const definition of category.attributes) {
    const value = data.attributes[definition.code];
    if (value === undefined) {
      if (definition.required) reasons.push(reason('missing-required-attribute', `attributes.${definition.code}`, `${definition.label} is required in ${category.name}`));
      continue;
    }
    const problem = checkAttribute(definition, value);
    if (problem) reasons.push(problem);
  }
  for (const code of Object.keys(data.attributes).sort()) {
    if (!definitions.has(code)) reasons.push(reason('unknown-attribute', `attributes.${code}`, `${category.name} has no attribute ${code}`));
  }
  if (category.allowedUnitsOfMeasure && !category.allowedUnitsOfMeasure.includes(data.unitOfMeasure)) {
    reasons.push(reason('uom-not-allowed', 'unitOfMeasure', `${data.unitOfMeasure} is not one of ${category.allowedUnitsOfMeasure.join(', ')}`));
  }
  return reasons;
}

/**
 * The verdict on a whole record. `category` is the product's category as currently governed, or
 * undefined when the taxonomy does not know it. Every applicable reason is reported, not just the
 * first, so one re-send can fix them all.
 */
export function evaluate(record: ProductRecord, category: Category | undefined): Verdict {
  if (!record.data) {
    return { state: 'quarantined', reasons: [reason('unknown-product', 'sku', `no master data has arrived for ${record.sku}`), ...checkSkuRules(record)] };
  }
  const reasons = checkSkuRules(record, record.data);
  if (!category) {
    reasons.unshift(reason('unknown-category', 'categoryId', `${record.data.categoryId} is not a governed category`));
    return { state: 'quarantined', reasons };
  }
  reasons.push(...checkAgainstTemplate(record.data, category));
  return reasons.length === 0 ? { state: 'complete', templateRevision: category.revision } : { state: 'quarantined', reasons, templateRevision: category.revision };
}

/**
 * What the governance counters need to know about one SKU's state. The counters (per category:
 * complete, quarantined, products per reason code, complete products per template revision) are
 * maintained by adding the delta of every transition, so the report never scans.
 */
export interface GovernanceFacts {
  /** null: no master data yet (a discontinuation without a product). */
  readonly categoryId: string | null;
  readonly state: 'complete' | 'quarantined';
  readonly reasonCodes: readonly ReasonCode[];
  readonly templateRevision?: number | undefined;
}

export interface CounterDelta {
  readonly categoryId: string | null;
  complete: number;
  quarantined: number;
  /** Products (not reasons) per reason code: a product missing three attributes counts once. */
  reasons: Partial<Record<ReasonCode, number>>;
  /** Complete products per template revision they were validated against. */
  templates: Record<string, number>;
}

export function factsOf(record: ProductRecord, verdict: Verdict): GovernanceFacts {
  return {
    categoryId: record.data?.categoryId ?? null,
    state: verdict.state,
    reasonCodes: verdict.state === 'quarantined' ? [...new Set(verdict.reasons.map((r) => r.code))].sort() : [],
    ...(verdict.state === 'complete' ? { templateRevision: verdict.templateRevision } : {}),
  };
}

function contribution(facts: GovernanceFacts, sign: 1 | -1): CounterDelta {
  return {
    categoryId: facts.categoryId,
    complete: facts.state === 'complete' ? sign : 0,
    quarantined: facts.state === 'quarantined' ? sign : 0,
    reasons: Object.fromEntries(facts.reasonCodes.map((code) => [code, sign])),
    templates: facts.state === 'complete' && facts.templateRevision !== undefined ? { [String(facts.templateRevision)]: sign } : {},
  };
}

/** Adds deltas per category and drops zeros; an empty result means the counters do not change. */
export function sumDeltas(deltas: Iterable<CounterDelta>): CounterDelta[] {
  const byCategory = new Map<string | null, CounterDelta>();
  for (const d of deltas) {
    const sum = byCategory.get(d.categoryId) ?? { categoryId: d.categoryId, complete: 0, quarantined: 0, reasons: {}, templates: {} };
    sum.complete += d.complete;
    sum.quarantined += d.quarantined;
    for (const [code, n] of Object.entries(d.reasons) as [ReasonCode, number][]) sum.reasons[code] = (sum.reasons[code] ?? 0) + n;
    for (const [rev, n] of Object.entries(d.templates)) sum.templates[rev] = (sum.templates[rev] ?? 0) + n;
    byCategory.set(d.categoryId, sum);
  }
  const result: CounterDelta[] = [];
  for (const sum of byCategory.values()) {
    sum.reasons = Object.fromEntries(Object.entries(sum.reasons).filter(([, n]) => n !== 0));
    sum.templates = Object.fromEntries(Object.entries(sum.templates).filter(([, n]) => n !== 0));
    if (sum.complete !== 0 || sum.quarantined !== 0 || Object.keys(sum.reasons).length > 0 || Object.keys(sum.templates).length > 0) result.push(sum);
  }
  return result;
}

/** The counter changes for one SKU moving from `previous` (undefined: new) to `next`. */
export const governanceDelta = (previous: GovernanceFacts | undefined, next: GovernanceFacts): CounterDelta[] =>
  sumDeltas([...(previous ? [contribution(previous, -1)] : []), contribution(next, 1)]);

/** Counters of one category as read back (summed over storage shards). */
export interface CategoryCounters {
  readonly complete: number;
  readonly quarantined: number;
  readonly reasons: Partial<Record<ReasonCode, number>>;
  readonly templates: Readonly<Record<string, number>>;
}

/** Complete products validated against an older template than the category's current one. */
export const staleTemplateCount = (counters: CategoryCounters, currentRevision: number | undefined): number =>
  currentRevision === undefined ? 0 : Object.entries(counters.templates).reduce((n, [rev, count]) => (Number(rev) < currentRevision ? n + count : n), 0);
