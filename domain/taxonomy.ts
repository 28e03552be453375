/**
 * The governed taxonomy: categories in a tree, each with the attribute template its products are
 * validated against. The PIM/ERP publishes each category whole with a monotonic `revision`, which is
 * also the version of its template: a product remembers the template revision it was validated against.
 */
export const attributeTypes = ['string', 'number', 'boolean', 'enum'] as const;
export type AttributeType = (typeof attributeTypes)[number];

/** Attribute codes appear in filters (`attr.<code>=`) and expression names, so they are kept plain. */
export const attributeCodePattern = /^[a-z][a-z0-9_]{0,39}$/;

export interface AttributeDefinition {
  readonly code: string;
  readonly label: string;
  readonly type: AttributeType;
  readonly required: boolean;
  /** For `number` attributes: the unit values must be given in (`mm`, `kg`, `V`…). */
  readonly unit?: string | undefined;
  /** For `enum` (required) and `string` (optional) attributes: the only values allowed. */
  readonly allowedValues?: readonly string[] | undefined;
  /** For `number` attributes: inclusive bounds. */
  readonly min?: number | undefined;
  readonly max?: number | undefined;
}

export interface Category {
  readonly categoryId: string;
  readonly name: string;
  /** Navigation only: a category's template is complete on its own (nothing is inherited). */
  readonly parentId?: string | undefined;
  readonly attributes: readonly AttributeDefinition[];
  /** When present, the only units of measure this category's products may be sold in. */
  readonly allowedUnitsOfMeasure?: readonly string[] | undefined;
  /** The PIM's monotonic version of this category and its template. */
  readonly revision: number;
  readonly updatedAt: string;
}

export interface Taxonomy {
  readonly byId: ReadonlyMap<string, Category>;
  readonly children: ReadonlyMap<string, readonly string[]>;
}

/**
 * Categories arrive in any order, so a parent may be missing (the child is then a root until it
 * arrives) and a bad feed may even send a cycle; neither may hang a walk over the tree.
 */
export function buildTaxonomy(categories: Iterable<Category>): Taxonomy {
  const byId = new Map<string, Category>();
  for (const category of categories) byId.set(category.categoryId, category);
  const children = new Map<string, string[]>();
  for (const category of byId.values()) {
    if (category.parentId === undefined || !byId.has(category.parentId)) continue;
    const siblings = children.get(category.parentId) ?? [];
    siblings.push(category.categoryId);
    children.set(category.parentId, siblings);
  }
  for (const list of children.values()) list.sort();
  return { byId, children };
}

/** The category and every descendant (cycle-safe); empty for an unknown id. */
export function subtree(taxonomy: Taxonomy, categoryId: string): Set<string> {
  const found = new Set<string>();
  if (!taxonomy.byId.has(categoryId)) return found;
  const pending = [categoryId];
  while (pending.length > 0) {
    const id = pending.pop()!;
    if (found.has(id)) continue;
    found.add(id);
    pending.push(...(taxonomy.children.get(id) ?? []));
  }
  return found;
}

/** Root-first path of known ancestors, excluding the category itself (cycle-safe). */
export function ancestors(taxonomy: Taxonomy, categoryId: string): string[] {
  const path: string[] = [];
  const seen = new Set<string>([categoryId]);
  let parent = taxonomy.byId.get(categoryId)?.parentId;
  while (parent !== undefined && taxonomy.byId.has(parent) && !seen.has(parent)) {
    seen.add(parent);
    path.unshift(parent);
    parent = taxonomy.byId.get(parent)?.parentId;
  }
  return path;
}

/**
 * Structural consistency of one template, checked by the event contract (a category that breaks
 * these is a malformed event, not a governance finding): unique codes, enum values present, units
 * and bounds only on numbers, min ≤ max.
 */
export function templateProblems(attributes: readonly AttributeDefinition[]): { index: number; field: string; message: string }[] {
  const problems: { index: number; field: string; message: string }[] = [];
  const seen = new Set<string>();
  attributes.forEach((a, index) => {
    if (seen.has(a.code)) problems.push({ index, field: 'code', message: `duplicate attribute code ${a.code}` });
    seen.add(a.code);
    if (a.type === 'enum' && !(a.allowedValues && a.allowedValues.length > 0)) problems.push({ index, field: 'allowedValues', message: 'an enum needs allowed values' });
    if ((a.type === 'number' || a.type === 'boolean') && a.allowedValues) problems.push({ index, field: 'allowedValues', message: `allowed values do not apply to ${a.type}` });
    if (a.type !== 'number' && a.unit !== undefined) problems.push({ index, field: 'unit', message: 'only number attributes have a unit' });
    if (a.type !== 'number' && (a.min !== undefined || a.max !== undefined)) problems.push({ index, field: 'min', message: 'only number attributes have bounds' });
    if (a.min !== undefined && a.max !== undefined && a.min > a.max) problems.push({ index, field: 'max', message: 'max is below min' });
    if (a.allowedValues && new Set(a.allowedValues).size !== a.allowedValues.length) problems.push({ index, field: 'allowedValues', message: 'duplicate allowed values' });
  });
  return problems;
}
