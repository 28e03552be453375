import type { AttributeValue, ProductData } from './product.ts';

/**
 * Search and sort semantics of the catalog, as pure functions. The DynamoDB listing (functions/data/
 * catalog-repository.ts) evaluates the same rules in key conditions and filter expressions; these
 * functions are the reference the tests check it against, and what in-memory paths use.
 */
export const catalogSorts = ['name', 'sku'] as const;
export type CatalogSort = (typeof catalogSorts)[number];

/** Lower-case ASCII words: accents folded, anything not a letter or digit separates words. */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

export const searchTokens = (text: string): string[] => {
  const normalized = normalizeText(text);
  return normalized ? normalized.split(' ') : [];
};

/**
 * The name part of the name sort key: normalized words joined by `+` (which sorts below digits and
 * letters), so a shorter name sorts before its longer variants ("bolt" < "bolt m6" < "bolt1").
 */
export const nameSortKey = (name: string): string => searchTokens(name).join('+').slice(0, 160);

/**
 * The total order of a listing: name (then SKU), or SKU. The separator is a space, below every
 * character of a name key, so the order is exactly (name key, SKU). Keys are ASCII, so comparing
 * them as JS strings equals DynamoDB's byte order.
 */
export function listingSortKey(sort: CatalogSort, product: { sku: string; name: string }): string {
  return sort === 'sku' ? product.sku : `${nameSortKey(product.name)} ${product.sku}`;
}

export const compareSortKeys = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Filter form of an attribute value: text lower-cased, numbers canonical (`10.0` → `10`), units dropped. */
export function facetValue(value: AttributeValue): string {
  if (typeof value === 'object') return String(value.value);
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return value.trim().toLowerCase();
}

/** A value from the query string in every form it may be stored in (text, and canonical number). */
export function filterValueVariants(raw: string): string[] {
  const text = raw.trim().toLowerCase();
  const variants = new Set([text]);
  if (text !== '' && Number.isFinite(Number(text))) variants.add(String(Number(text)));
  return [...variants];
}

export const facetsOf = (attributes: Readonly<Record<string, AttributeValue>>): Record<string, string> =>
  Object.fromEntries(Object.entries(attributes).map(([code, value]) => [code, facetValue(value)]));

/**
 * The words a product is found by: SKU, name, description and text attribute values. Stored with a
 * leading space so that `contains(searchText, " " + word)` is a word-prefix match.
 */
export function searchTextOf(sku: string, data: Pick<ProductData, 'name' | 'description' | 'attributes'>): string {
  const words = new Set<string>([...searchTokens(sku), ...searchTokens(data.name), ...searchTokens(data.description)]);
  for (const value of Object.values(data.attributes)) if (typeof value === 'string') for (const word of searchTokens(value)) words.add(word);
  return ` ${[...words].join(' ')}`.slice(0, 4000);
}

export interface CatalogFilter {
  /** Word prefixes that must all occur (from `q`). */
  readonly text: readonly string[];
  /** Each attribute must have one of its values (values already in every stored form). */
  readonly attributes: readonly { readonly code: string; readonly values: readonly string[] }[];
  /** Dealers only see active products and discontinued ones with a replacement. */
  readonly dealerListableOnly: boolean;
}

export interface FilterableItem {
  readonly searchText: string;
  readonly facets: Readonly<Record<string, string>>;
  readonly lifecycle: string;
  readonly replacementSku?: string | undefined;
}

export function matchesFilter(item: FilterableItem, filter: CatalogFilter): boolean {
  if (filter.dealerListableOnly && item.lifecycle !== 'active' && item.replacementSku === undefined) return false;
  if (!filter.text.every((word) => item.searchText.includes(` ${word}`))) return false;
  return filter.attributes.every((a) => {
    const stored = item.facets[a.code];
    return stored !== undefined && a.values.includes(stored);
  });
}
