import { filterValueVariants, searchTokens, type CatalogFilter, type CatalogSort } from '#domain/catalog-search';
import { defaultEntitlement, entitledCategories, isVisibleTo, visibleCategoryIds, type CatalogAudience } from '#domain/entitlements';
import { NotFound } from '#domain/errors';
import type { Principal } from '#domain/identity';
import type { CatalogListItem, CatalogSearch, EntitlementStore, ProductStore, StoredProduct, TaxonomyStore } from '#domain/ports';
import { ancestors, buildTaxonomy, subtree, type Taxonomy } from '#domain/taxonomy';
import { decodeListCursor, encodeListCursor } from './catalog-cursors.ts';

export interface CatalogReadDeps {
  readonly taxonomy: TaxonomyStore;
  readonly entitlements: EntitlementStore;
  readonly products: ProductStore;
  readonly search: CatalogSearch;
}

/** Words of `q` used for search; more would only slow the filter without narrowing much. */
export const maxSearchWords = 8;

/** Staff see the whole governed catalog; a dealer what its entitlement opens (default: everything). */
export async function audienceOf(principal: Principal, deps: Pick<CatalogReadDeps, 'entitlements'>): Promise<CatalogAudience> {
  if (principal.kind === 'staff') return { kind: 'staff' };
  return { kind: 'dealer', dealerId: principal.dealerId, entitlement: (await deps.entitlements.get(principal.dealerId)) ?? defaultEntitlement };
}

export interface ProductListRequest {
  readonly category?: string | undefined;
  readonly q?: string | undefined;
  readonly sort: CatalogSort;
  /** `attr.<code>` → comma-separated values. */
  readonly attributes: Readonly<Record<string, string>>;
  readonly limit: number;
  readonly cursor?: string | undefined;
}

/**
 * One page of the catalog for the caller. The scope is resolved before any product is read: the
 * requested category's subtree intersected with what the caller may see, as a list of category
 * partitions (plus single entitled SKUs), so nothing outside it is ever read. An unknown category and
 * one the dealer is not entitled to give the same empty page.
 */
export async function listProducts(principal: Principal, request: ProductListRequest, deps: CatalogReadDeps) {
  const after = request.cursor ? decodeListCursor(request.cursor, request.sort) : undefined;
  const [audience, categories] = await Promise.all([audienceOf(principal, deps), deps.taxonomy.all()]);
  const taxonomy = buildTaxonomy(categories);
  const requested = request.category === undefined ? 'all' : subtree(taxonomy, request.category);
  const open = audience.kind === 'staff' ? 'all' : entitledCategories(audience.entitlement, taxonomy);
  const categoryIds = [...taxonomy.byId.keys()].filter((id) => (requested === 'all' || requested.has(id)) && (open === 'all' || open.has(id))).sort();
  const extraSkus = audience.kind === 'dealer' && audience.entitlement.kind === 'restricted' ? audience.entitlement.skus : [];
  const filter: CatalogFilter = {
    text: [...new Set(searchTokens(request.q ?? ''))].slice(0, maxSearchWords),
    attributes: Object.entries(request.attributes)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([code, values]) => ({ code, values: [...new Set(values.split(',').flatMap(filterValueVariants))] })),
    dealerListableOnly: audience.kind === 'dealer',
  };
  const page = await deps.search.list({ sort: request.sort, categoryIds, extraSkus, extraSkuCategories: requested, filter, after, limit: request.limit });
  return { items: page.items.map(listEntry), nextCursor: page.after !== undefined ? encodeListCursor(request.sort, page.after) : null };
}

const listEntry = (item: CatalogListItem) => ({
  sku: item.sku,
  name: item.name,
  categoryId: item.categoryId,
  lifecycle: item.lifecycle,
  replacementSku: item.replacementSku ?? null,
  unitOfMeasure: item.unitOfMeasure,
  packSize: item.packSize,
  minimumOrderQuantity: item.minimumOrderQuantity,
  orderMultiple: item.orderMultiple,
  attributes: { ...item.attributes },
  imageUrl: item.imageUrls[0] ?? null,
});

function visible(audience: CatalogAudience, stored: StoredProduct | undefined, taxonomy: Taxonomy): stored is StoredProduct & { record: { data: NonNullable<StoredProduct['record']['data']> } } {
  const data = stored?.record.data;
  if (!stored || !data || stored.verdict.state !== 'complete') return false;
  return isVisibleTo(audience, { sku: stored.record.sku, categoryId: data.categoryId, lifecycle: stored.record.lifecycle, replacementSku: stored.record.replacementSku }, taxonomy);
}

/**
 * One product for the caller. Unknown, quarantined and not-entitled SKUs are the same 404: the
 * answer never tells a dealer that a SKU exists outside what it may see.
 */
export async function getProduct(principal: Principal, sku: string, deps: CatalogReadDeps) {
  const [audience, categories, found] = await Promise.all([audienceOf(principal, deps), deps.taxonomy.all(), deps.products.get([sku])]);
  const taxonomy = buildTaxonomy(categories);
  const stored = found.get(sku);
  if (!visible(audience, stored, taxonomy)) throw new NotFound('product');
  const { record } = stored;
  const data = record.data;
  const replacementSku = record.lifecycle === 'discontinued' ? record.replacementSku : undefined;
  const replacement = replacementSku ? (await deps.products.get([replacementSku])).get(replacementSku) : undefined;
  const category = taxonomy.byId.get(data.categoryId);
  const labels = new Map((category?.attributes ?? []).map((a, i) => [a.code, { label: a.label, order: i }]));
  const attributes = Object.entries(data.attributes)
    .map(([code, value]) => ({
      code,
      label: labels.get(code)?.label ?? code,
      value: typeof value === 'object' ? value.value : value,
      unit: typeof value === 'object' ? value.unit : null,
      order: labels.get(code)?.order ?? Number.MAX_SAFE_INTEGER,
    }))
    .sort((a, b) => a.order - b.order || (a.code < b.code ? -1 : 1))
    .map(({ order: _order, ...attribute }) => attribute);
  return {
    sku: record.sku,
    name: data.name,
    description: data.description,
    categoryId: data.categoryId,
    categoryPath: [...ancestors(taxonomy, data.categoryId), data.categoryId].map((id) => ({ categoryId: id, name: taxonomy.byId.get(id)?.name ?? id })),
    lifecycle: record.lifecycle,
    replacementSku: replacementSku ?? null,
    replacement: replacement && visible(audience, replacement, taxonomy) ? { sku: replacement.record.sku, name: replacement.record.data.name, lifecycle: replacement.record.lifecycle } : null,
    attributes,
    packaging: { unitOfMeasure: data.unitOfMeasure, packSize: data.packSize, minimumOrderQuantity: data.minimumOrderQuantity, orderMultiple: data.orderMultiple },
    imageUrls: [...data.imageUrls],
    documents: data.documents.map((d) => ({ title: d.title, url: d.url })),
    revision: record.revision,
    updatedAt: record.updatedAt,
  };
}

/** The taxonomy the caller may browse, with each category's template (for building filters). */
export async function listCategories(principal: Principal, deps: CatalogReadDeps) {
  const [audience, categories] = await Promise.all([audienceOf(principal, deps), deps.taxonomy.all()]);
  const taxonomy = buildTaxonomy(categories);
  const singleSkus = audience.kind === 'dealer' && audience.entitlement.kind === 'restricted' ? audience.entitlement.skus : [];
  const skuCategories = singleSkus.length > 0 ? [...(await deps.products.get(singleSkus)).values()].filter((p) => visible(audience, p, taxonomy)).map((p) => p.record.data.categoryId) : [];
  const shown = visibleCategoryIds(audience, taxonomy, skuCategories);
  return {
    categories: [...shown]
      .sort()
      .map((id) => taxonomy.byId.get(id)!)
      .map((c) => ({
        categoryId: c.categoryId,
        name: c.name,
        parentId: c.parentId !== undefined && shown.has(c.parentId) ? c.parentId : null,
        revision: c.revision,
        allowedUnitsOfMeasure: c.allowedUnitsOfMeasure ? [...c.allowedUnitsOfMeasure] : null,
        attributes: c.attributes.map((a) => ({
          code: a.code,
          label: a.label,
          type: a.type,
          required: a.required,
          unit: a.unit ?? null,
          allowedValues: a.allowedValues ? [...a.allowedValues] : null,
          min: a.min ?? null,
          max: a.max ?? null,
        })),
      })),
  };
}
