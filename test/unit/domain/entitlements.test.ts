import { describe, expect, it } from 'vitest';
import { entitledCategories, isEntitled, isVisibleTo, visibleCategoryIds, type CatalogAudience } from '#domain/entitlements';
import { buildTaxonomy, type Category } from '#domain/taxonomy';

const category = (categoryId: string, parentId?: string): Category => ({ categoryId, name: categoryId, ...(parentId ? { parentId } : {}), attributes: [], revision: 1, updatedAt: 't' });
const taxonomy = buildTaxonomy([category('fasteners'), category('bolts', 'fasteners'), category('nuts', 'fasteners'), category('bearings'), category('safety')]);
const restricted = { kind: 'restricted', categoryIds: ['fasteners'], skus: ['GLV-1'] } as const;
const product = (sku: string, categoryId: string, lifecycle: 'active' | 'discontinued' = 'active', replacementSku?: string) => ({ sku, categoryId, lifecycle, replacementSku });

describe('entitlements', () => {
  it('opens a category with everything below it', () => {
    expect(entitledCategories(restricted, taxonomy)).toEqual(new Set(['fasteners', 'bolts', 'nuts']));
    expect(entitledCategories({ kind: 'all' }, taxonomy)).toBe('all');
  });

  it('entitles by category subtree or by single SKU', () => {
    expect(isEntitled(restricted, product('B-1', 'bolts'), taxonomy)).toBe(true);
    expect(isEntitled(restricted, product('GLV-1', 'safety'), taxonomy)).toBe(true);
    expect(isEntitled(restricted, product('BRG-1', 'bearings'), taxonomy)).toBe(false);
    expect(isEntitled({ kind: 'restricted', categoryIds: [], skus: [] }, product('B-1', 'bolts'), taxonomy)).toBe(false);
  });

  it('shows dealers active products and discontinued ones with a replacement; staff everything governed', () => {
    const dealer: CatalogAudience = { kind: 'dealer', dealerId: 'D', entitlement: { kind: 'all' } };
    expect(isVisibleTo(dealer, product('B-1', 'bolts'), taxonomy)).toBe(true);
    expect(isVisibleTo(dealer, product('B-1', 'bolts', 'discontinued', 'B-2'), taxonomy)).toBe(true);
    expect(isVisibleTo(dealer, product('B-1', 'bolts', 'discontinued'), taxonomy)).toBe(false);
    expect(isVisibleTo({ kind: 'staff' }, product('B-1', 'bolts', 'discontinued'), taxonomy)).toBe(true);
  });

  it('shows a restricted dealer its categories, those of its single SKUs, and their ancestors', () => {
    const dealer: CatalogAudience = { kind: 'dealer', dealerId: 'D', entitlement: { kind: 'restricted', categoryIds: ['bolts'], skus: [] } };
    expect([...visibleCategoryIds(dealer, taxonomy, ['safety', 'unknown'])].sort()).toEqual(['bolts', 'fasteners', 'safety']);
    expect(visibleCategoryIds({ kind: 'staff' }, taxonomy, []).size).toBe(5);
  });
});
