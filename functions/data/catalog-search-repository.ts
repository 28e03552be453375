import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { facetsOf, listingSortKey, matchesFilter, searchTextOf, type CatalogFilter, type CatalogSort } from '#domain/catalog-search';
import type { CatalogListing, CatalogListItem, CatalogSearch, StoredProduct } from '#domain/ports';
import { listItemAttributes, toListItem, type ProductItem } from './catalog-items.ts';
import { mergeSorted, memorySource, type Keyed, type SortedSource } from './sorted-merge.ts';
import { keys, type IndexName } from './table-design.ts';

/** Which sparse index serves which sort, and the attributes of its keys. */
const sortIndex: Record<CatalogSort, { index: IndexName; pk: string; sk: string }> = {
  sku: { index: 'gsi1', pk: 'gsi1pk', sk: 'gsi1sk' },
  name: { index: 'gsi2', pk: 'gsi2pk', sk: 'gsi2sk' },
};

/** Read budget of one page: see docs/data-model.md, "How catalog search scales". */
export const listingBudget = { maxRounds: 6, maxChunk: 400 } as const;

/**
 * The catalog listing. Each category in the caller's scope is one partition of a sparse index
 * (published products only) sorted by the requested order; the page is a keyset merge of those
 * partitions plus the caller's single entitled SKUs. Filters (attribute values, words, dealer
 * lifecycle rule) run as a FilterExpression inside each partition, so no request reads outside the
 * categories in scope, and each reads a bounded number of items.
 */
export class CatalogSearchRepository implements CatalogSearch {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly products: { get(skus: readonly string[]): Promise<Map<string, StoredProduct>> },
  ) {}

  async list(listing: CatalogListing): Promise<{ items: CatalogListItem[]; after?: string | undefined }> {
    const filtered = listing.filter.text.length > 0 || listing.filter.attributes.length > 0;
    const sources: SortedSource<CatalogListItem>[] = listing.categoryIds.map((categoryId) => this.partitionSource(listing.sort, categoryId, listing.filter));
    if (listing.extraSkus.length > 0) sources.push(await this.singleSkuSource(listing));
    const perSource = Math.ceil(((listing.limit + 1) * 2) / Math.max(1, sources.length));
    const result = await mergeSorted(sources, {
      limit: listing.limit,
      after: listing.after,
      firstChunk: Math.min(listingBudget.maxChunk, Math.max(8, Math.min(listing.limit + 1, perSource)) * (filtered ? 4 : 1)),
      maxChunk: listingBudget.maxChunk,
      maxRounds: listingBudget.maxRounds,
    });
    return { items: result.items, ...(result.after !== undefined ? { after: result.after } : {}) };
  }

  private partitionSource(sort: CatalogSort, categoryId: string, filter: CatalogFilter): SortedSource<CatalogListItem> {
    const { index, pk, sk } = sortIndex[sort];
    const expression = filterExpression(filter);
    const names: Record<string, string> = { '#pk': pk, ...expression.names };
    const projection = [...listItemAttributes, sk].map((attribute, i) => {
      names[`#p${i}`] = attribute;
      return `#p${i}`;
    });
    return {
      read: async (after, limit) => {
        const page = await this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: index,
            KeyConditionExpression: after === undefined ? '#pk = :pk' : '#pk = :pk AND #sk > :after',
            ...(expression.text ? { FilterExpression: expression.text } : {}),
            ProjectionExpression: projection.join(', '),
            ExpressionAttributeNames: after === undefined ? names : { ...names, '#sk': sk },
            ExpressionAttributeValues: { ':pk': keys.catalogPartition(categoryId), ...(after === undefined ? {} : { ':after': after }), ...expression.values },
            Limit: limit,
          }),
        );
        const items = (page.Items ?? []).map((item): Keyed<CatalogListItem> => ({ key: item[sk] as string, value: toListItem(item as Partial<ProductItem>) }));
        const position = page.LastEvaluatedKey?.[sk] as string | undefined;
        return { items, ...(position !== undefined ? { position } : {}) };
      },
    };
  }

  /** Single entitled SKUs: fetched by key (at most 200), filtered and sorted here by the same rules. */
  private async singleSkuSource(listing: CatalogListing): Promise<SortedSource<CatalogListItem>> {
    const found = await this.products.get(listing.extraSkus);
    const items: Keyed<CatalogListItem>[] = [];
    for (const { record, verdict } of found.values()) {
      const data = record.data;
      if (verdict.state !== 'complete' || !data) continue;
      if (listing.extraSkuCategories !== 'all' && !listing.extraSkuCategories.has(data.categoryId)) continue;
      const filterable = { lifecycle: record.lifecycle, replacementSku: record.replacementSku, searchText: searchTextOf(record.sku, data), facets: facetsOf(data.attributes) };
      if (!matchesFilter(filterable, listing.filter)) continue;
      items.push({
        key: listingSortKey(listing.sort, { sku: record.sku, name: data.name }),
        value: {
          sku: record.sku,
          name: data.name,
          categoryId: data.categoryId,
          lifecycle: record.lifecycle,
          ...(record.replacementSku !== undefined ? { replacementSku: record.replacementSku } : {}),
          unitOfMeasure: data.unitOfMeasure,
          packSize: data.packSize,
          minimumOrderQuantity: data.minimumOrderQuantity,
          orderMultiple: data.orderMultiple,
          attributes: data.attributes,
          imageUrls: data.imageUrls,
        },
      });
    }
    return memorySource(items);
  }
}

/**
 * The DynamoDB form of `matchesFilter` (domain/catalog-search.ts): same rules, evaluated by DynamoDB
 * on the items of one partition. Values are placeholders, so nothing from the query string reaches
 * the expression text.
 */
export function filterExpression(filter: CatalogFilter): { text?: string; names: Record<string, string>; values: Record<string, unknown> } {
  const clauses: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  if (filter.dealerListableOnly) {
    names['#lifecycle'] = 'lifecycle';
    names['#replacementSku'] = 'replacementSku';
    values[':active'] = 'active';
    clauses.push('(#lifecycle = :active OR attribute_exists(#replacementSku))');
  }
  if (filter.text.length > 0) names['#searchText'] = 'searchText';
  filter.text.forEach((word, i) => {
    values[`:w${i}`] = ` ${word}`;
    clauses.push(`contains(#searchText, :w${i})`);
  });
  if (filter.attributes.length > 0) names['#facets'] = 'facets';
  filter.attributes.forEach((attribute, i) => {
    names[`#f${i}`] = attribute.code;
    const placeholders = attribute.values.map((value, j) => {
      values[`:f${i}v${j}`] = value;
      return `:f${i}v${j}`;
    });
    clauses.push(`#facets.#f${i} IN (${placeholders.join(', ')})`);
  });
  return { ...(clauses.length > 0 ? { text: clauses.join(' AND ') } : {}), names, values };
}
