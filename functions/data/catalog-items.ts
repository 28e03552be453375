import { facetsOf, searchTextOf } from '#domain/catalog-search';
import type { GovernanceReason, Verdict } from '#domain/governance';
import type { CatalogListItem, StoredProduct } from '#domain/ports';
import type { AttributeValue, Lifecycle, ProductDocument, ProductRecord } from '#domain/product';
import type { AttributeDefinition, Category } from '#domain/taxonomy';
import { catalogListingAttributes, keys } from './table-design.ts';

/**
 * How catalog entities look in the table. One item per SKU holds the merged ERP record and its
 * governance verdict; only a complete product carries the listing keys (gsi1/gsi2) and the search
 * fields, so the sparse indexes hold exactly the publishable catalog.
 */
export interface ProductItem {
  pk: string;
  sk: string;
  entity: 'product';
  sku: string;
  revision: number;
  dataRevision?: number;
  lifecycleRevision: number;
  updatedAt: string;
  lifecycle: Lifecycle;
  replacementSku?: string;
  name?: string;
  description?: string;
  categoryId?: string;
  attributes?: Record<string, AttributeValue>;
  unitOfMeasure?: string;
  packSize?: number;
  minimumOrderQuantity?: number;
  orderMultiple?: number;
  imageUrls?: string[];
  documents?: ProductDocument[];
  state: Verdict['state'];
  reasons?: GovernanceReason[];
  templateRevision?: number;
  lockVersion: number;
  gsi1pk?: string;
  gsi1sk?: string;
  gsi2pk?: string;
  gsi2sk?: string;
  searchText?: string;
  facets?: Record<string, string>;
}

export function toProductItem(record: ProductRecord, verdict: Verdict, lockVersion: number): ProductItem {
  const data = record.data;
  const item: ProductItem = {
    ...keys.product(record.sku),
    entity: 'product',
    sku: record.sku,
    revision: record.revision,
    lifecycleRevision: record.lifecycleRevision,
    updatedAt: record.updatedAt,
    lifecycle: record.lifecycle,
    state: verdict.state,
    lockVersion,
  };
  if (record.replacementSku !== undefined) item.replacementSku = record.replacementSku;
  if (data) {
    Object.assign(item, {
      dataRevision: record.dataRevision,
      name: data.name,
      description: data.description,
      categoryId: data.categoryId,
      attributes: { ...data.attributes },
      unitOfMeasure: data.unitOfMeasure,
      packSize: data.packSize,
      minimumOrderQuantity: data.minimumOrderQuantity,
      orderMultiple: data.orderMultiple,
      imageUrls: [...data.imageUrls],
      documents: [...data.documents],
    });
  }
  if (verdict.templateRevision !== undefined) item.templateRevision = verdict.templateRevision;
  if (verdict.state === 'quarantined') {
    item.reasons = [...verdict.reasons];
  } else if (data) {
    Object.assign(item, keys.catalogBySku(data.categoryId, record.sku), keys.catalogByName(data.categoryId, data.name, record.sku), {
      searchText: searchTextOf(record.sku, data),
      facets: facetsOf(data.attributes),
    });
  }
  return item;
}

/**
 * Every non-key attribute of a product item, each marked optional or not (checked complete by the
 * type). The product item is also the SKU's price sheet (`L_<currency>_<version>`, `C_<dealerId>`,
 * written by functions/data/price-repository.ts), so a product write is an Update that SETs these
 * and REMOVEs the optional ones now absent — never a Put, which would drop the prices.
 */
const productAttributes: { readonly [K in Exclude<keyof ProductItem, 'pk' | 'sk'>]-?: undefined extends ProductItem[K] ? 'optional' : 'required' } = {
  entity: 'required',
  sku: 'required',
  revision: 'required',
  dataRevision: 'optional',
  lifecycleRevision: 'required',
  updatedAt: 'required',
  lifecycle: 'required',
  replacementSku: 'optional',
  name: 'optional',
  description: 'optional',
  categoryId: 'optional',
  attributes: 'optional',
  unitOfMeasure: 'optional',
  packSize: 'optional',
  minimumOrderQuantity: 'optional',
  orderMultiple: 'optional',
  imageUrls: 'optional',
  documents: 'optional',
  state: 'required',
  reasons: 'optional',
  templateRevision: 'optional',
  lockVersion: 'required',
  gsi1pk: 'optional',
  gsi1sk: 'optional',
  gsi2pk: 'optional',
  gsi2sk: 'optional',
  searchText: 'optional',
  facets: 'optional',
};

/** The product attribute names (keys included), e.g. for a projection that leaves the prices out. */
export const productItemAttributeNames: readonly string[] = ['pk', 'sk', ...Object.keys(productAttributes)];

/**
 * The parts of an UpdateItem (or transaction Update) that makes the product item equal to `item` in
 * its product attributes, leaving every other attribute (the SKU's prices) as it is.
 */
export function productItemUpdate(item: ProductItem): { UpdateExpression: string; ExpressionAttributeNames: Record<string, string>; ExpressionAttributeValues: Record<string, unknown> } {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets: string[] = [];
  const removes: string[] = [];
  Object.keys(productAttributes).forEach((attribute, i) => {
    names[`#p${i}`] = attribute;
    const value = (item as unknown as Record<string, unknown>)[attribute];
    if (value === undefined) removes.push(`#p${i}`);
    else {
      values[`:p${i}`] = value;
      sets.push(`#p${i} = :p${i}`);
    }
  });
  return {
    UpdateExpression: `SET ${sets.join(', ')}${removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : ''}`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

/**
 * Whether a product item read by key is a product: a price write (list entry, contract) or a stock
 * write can create the item of a SKU the catalog does not know yet, with its prices or stock only and
 * no `lockVersion`.
 */
export const isProductItem = (item: Record<string, unknown>): boolean => item.lockVersion !== undefined;

export function fromProductItem(item: ProductItem): StoredProduct {
  const record: ProductRecord = {
    sku: item.sku,
    lifecycle: item.lifecycle,
    ...(item.replacementSku !== undefined ? { replacementSku: item.replacementSku } : {}),
    lifecycleRevision: item.lifecycleRevision,
    revision: item.revision,
    updatedAt: item.updatedAt,
    ...(item.dataRevision !== undefined
      ? {
          dataRevision: item.dataRevision,
          data: {
            name: item.name ?? '',
            description: item.description ?? '',
            categoryId: item.categoryId ?? '',
            attributes: item.attributes ?? {},
            unitOfMeasure: item.unitOfMeasure ?? '',
            packSize: item.packSize ?? 1,
            minimumOrderQuantity: item.minimumOrderQuantity ?? 1,
            orderMultiple: item.orderMultiple ?? 1,
            imageUrls: item.imageUrls ?? [],
            documents: item.documents ?? [],
          },
        }
      : {}),
  };
  const verdict: Verdict =
    item.state === 'complete'
      ? { state: 'complete', templateRevision: item.templateRevision ?? 0 }
      : { state: 'quarantined', reasons: item.reasons ?? [], ...(item.templateRevision !== undefined ? { templateRevision: item.templateRevision } : {}) };
  return { record, verdict, lockVersion: item.lockVersion };
}

/** The attributes a listing reads (projection; the indexes copy them): enough for a list entry. */
export const listItemAttributes = catalogListingAttributes;

export function toListItem(item: Partial<ProductItem>): CatalogListItem {
  return {
    sku: item.sku ?? '',
    name: item.name ?? '',
    categoryId: item.categoryId ?? '',
    lifecycle: item.lifecycle ?? 'active',
    ...(item.replacementSku !== undefined ? { replacementSku: item.replacementSku } : {}),
    unitOfMeasure: item.unitOfMeasure ?? '',
    packSize: item.packSize ?? 1,
    minimumOrderQuantity: item.minimumOrderQuantity ?? 1,
    orderMultiple: item.orderMultiple ?? 1,
    attributes: item.attributes ?? {},
    imageUrls: item.imageUrls ?? [],
  };
}

export interface CategoryItem {
  pk: string;
  sk: string;
  entity: 'category';
  categoryId: string;
  name: string;
  parentId?: string;
  attributes: AttributeDefinition[];
  allowedUnitsOfMeasure?: string[];
  revision: number;
  updatedAt: string;
}

export function toCategoryItem(category: Category): CategoryItem {
  return {
    ...keys.category(category.categoryId),
    entity: 'category',
    categoryId: category.categoryId,
    name: category.name,
    ...(category.parentId !== undefined ? { parentId: category.parentId } : {}),
    attributes: category.attributes.map((a) => ({ ...a })),
    ...(category.allowedUnitsOfMeasure ? { allowedUnitsOfMeasure: [...category.allowedUnitsOfMeasure] } : {}),
    revision: category.revision,
    updatedAt: category.updatedAt,
  };
}

export function fromCategoryItem(item: CategoryItem): Category {
  return {
    categoryId: item.categoryId,
    name: item.name,
    ...(item.parentId !== undefined ? { parentId: item.parentId } : {}),
    attributes: item.attributes,
    ...(item.allowedUnitsOfMeasure ? { allowedUnitsOfMeasure: item.allowedUnitsOfMeasure } : {}),
    revision: item.revision,
    updatedAt: item.updatedAt,
  };
}
