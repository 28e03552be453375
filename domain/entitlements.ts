import type { Lifecycle } from './product.ts';
import { ancestors, subtree, type Taxonomy } from './taxonomy.ts';

/**
 * Which part of the catalog a dealer may see and order. Published by the ERP per dealer; a dealer the
 * ERP never restricted sees every active product (`all`). A restriction names categories (each with
 * everything below it in the taxonomy) and/or single SKUs; the union is what the dealer sees.
 */
export type Entitlement =
  | { readonly kind: 'all' }
  | { readonly kind: 'restricted'; readonly categoryIds: readonly string[]; readonly skus: readonly string[] };

export const defaultEntitlement: Entitlement = { kind: 'all' };

/** Who reads the catalog: staff see the whole governed catalog, a dealer what it is entitled to. */
export type CatalogAudience = { readonly kind: 'staff' } | { readonly kind: 'dealer'; readonly dealerId: string; readonly entitlement: Entitlement };

/** The categories a restriction opens, with their subtrees; `all` when unrestricted. */
export function entitledCategories(entitlement: Entitlement, taxonomy: Taxonomy): Set<string> | 'all' {
  if (entitlement.kind === 'all') return 'all';
  const open = new Set<string>();
  for (const id of entitlement.categoryIds) for (const c of subtree(taxonomy, id)) open.add(c);
  return open;
}

/** What visibility needs to know about a governed product. */
export interface VisibilityFacts {
  readonly sku: string;
  readonly categoryId: string;
  readonly lifecycle: Lifecycle;
  readonly replacementSku?: string | undefined;
}

/** Dealers see active products, and discontinued ones only when there is a replacement to point to. */
export const dealerListable = (product: Pick<VisibilityFacts, 'lifecycle' | 'replacementSku'>): boolean =>
  product.lifecycle === 'active' || product.replacementSku !== undefined;

export function isEntitled(entitlement: Entitlement, product: Pick<VisibilityFacts, 'sku' | 'categoryId'>, taxonomy: Taxonomy): boolean {
  if (entitlement.kind === 'all') return true;
  if (entitlement.skus.includes(product.sku)) return true;
  const open = entitledCategories(entitlement, taxonomy);
  return open === 'all' || open.has(product.categoryId);
}

/** Whether `audience` may see this governed (not quarantined) product at all. */
export function isVisibleTo(audience: CatalogAudience, product: VisibilityFacts, taxonomy: Taxonomy): boolean {
  if (audience.kind === 'staff') return true;
  return dealerListable(product) && isEntitled(audience.entitlement, product, taxonomy);
}

/**
 * The categories to show an audience for navigation and filters: every category it may see products
 * in (entitled subtrees, the categories of entitled SKUs) plus their ancestors, so the tree stays
 * connected.
 */
export function visibleCategoryIds(audience: CatalogAudience, taxonomy: Taxonomy, categoriesOfEntitledSkus: Iterable<string>): Set<string> {
  if (audience.kind === 'staff' || audience.entitlement.kind === 'all') return new Set(taxonomy.byId.keys());
  const open = entitledCategories(audience.entitlement, taxonomy);
  const shown = new Set(open === 'all' ? taxonomy.byId.keys() : open);
  for (const id of categoriesOfEntitledSkus) if (taxonomy.byId.has(id)) shown.add(id);
  for (const id of [...shown]) for (const a of ancestors(taxonomy, id)) shown.add(a);
  return shown;
}
