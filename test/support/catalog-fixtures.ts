import type { CategoryUpsertedDetail } from '#events/category-upserted';
import type { DealerEntitlementsSetDetail } from '#events/dealer-entitlements-set';
import type { ProductDiscontinuedDetail } from '#events/product-discontinued';
import type { ProductUpsertedDetail } from '#events/product-upserted';

type CategoryInput = CategoryUpsertedDetail['category'];
type ProductInput = ProductUpsertedDetail['product'];

/** A template with one attribute of every kind: enum, number with unit, string, boolean. */
export const boltTemplate: CategoryInput['attributes'] = [
  { code: 'material', label: 'Material', type: 'enum', required: true, allowedValues: ['steel', 'stainless', 'brass'] },
  { code: 'length', label: 'Length', type: 'number', required: true, unit: 'mm', min: 5, max: 400 },
  { code: 'finish', label: 'Finish', type: 'string', required: false },
  { code: 'fully_threaded', label: 'Fully threaded', type: 'boolean', required: false },
];

export function categoryDetail(categoryId: string, overrides: Partial<CategoryInput> & { revision?: number } = {}): CategoryUpsertedDetail {
  const { revision, ...category } = overrides;
  return {
    schemaVersion: 1,
    revision: revision ?? 1,
    occurredAt: '2026-11-30T08:00:00Z',
    category: { categoryId, name: `Category ${categoryId}`, attributes: [], ...category },
  };
}

/** A valid product of a category with `boltTemplate`; tests override what they are about. */
export function productDetail(sku: string, overrides: Partial<ProductInput> & { revision?: number } = {}): ProductUpsertedDetail {
  const { revision, ...product } = overrides;
  return {
    schemaVersion: 1,
    revision: revision ?? 1,
    occurredAt: '2026-11-30T09:00:00Z',
    product: {
      sku,
      name: `Product ${sku}`,
      description: 'A governed test product',
      categoryId: 'bolts',
      attributes: { material: 'steel', length: { value: 40, unit: 'mm' } },
      unitOfMeasure: 'EA',
      packSize: 10,
      minimumOrderQuantity: 20,
      orderMultiple: 10,
      lifecycle: 'active',
      imageUrls: [],
      documents: [],
      ...product,
    },
  };
}

export const discontinuedDetail = (sku: string, revision: number, replacementSku?: string): ProductDiscontinuedDetail => ({
  schemaVersion: 1,
  revision,
  occurredAt: '2026-11-30T10:00:00Z',
  sku,
  ...(replacementSku ? { replacementSku } : {}),
});

export const entitlementsDetail = (dealerId: string, entitlement: DealerEntitlementsSetDetail['entitlement'], revision = 1): DealerEntitlementsSetDetail => ({
  schemaVersion: 1,
  revision,
  occurredAt: '2026-11-30T09:30:00Z',
  dealerId,
  entitlement,
});
