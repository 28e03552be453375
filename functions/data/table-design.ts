import { listingSortKey } from '#domain/catalog-search';

/**
 * The single table, declared once. The CDK data stack and the local stack both build the table from
 * this object, and the key builders below are the only code that knows key formats. Attribute names
 * stay generic (`pk`, `gsi1pk`…) so an index can serve several entities; what each index is *for* is
 * written next to it and in docs/data-model.md.
 */
/** What a catalog listing reads of a product (its Query projection, catalog-items.ts): enough for a list entry. */
export const catalogListingAttributes = [
  'sku',
  'name',
  'categoryId',
  'lifecycle',
  'replacementSku',
  'unitOfMeasure',
  'packSize',
  'minimumOrderQuantity',
  'orderMultiple',
  'attributes',
  'imageUrls',
] as const;

/**
 * The attributes both indexes copy besides the keys (INCLUDE projection): what the catalog listings
 * read and filter on (`listItemAttributes`, `searchText`, `facets`) and what the quarantine report reads
 * (`revision`, `reasons`, `updatedAt`). Never prices: a listed product's item is also its price sheet
 * (`L_…`, `C_…`), and with ALL every contract would be copied into both indexes — each price write three
 * writes, each index entry as large as the item (a Query's read units and its 1 MB page count the
 * projected size). The dealer listing and the special-price queues read their items from the table
 * after the index page (`getIndexed` in batch-get.ts). CloudFormation accepts at most 20 of these per
 * index (here 16).
 */
export const indexedAttributes = [
  ...catalogListingAttributes,
  'searchText',
  'facets',
  'revision',
  'reasons',
  'updatedAt',
] as const;

export const tableDesign = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Items with this attribute (epoch seconds) are expired by DynamoDB TTL. */
  timeToLiveAttribute: 'expiresAt',
  globalSecondaryIndexes: [
    {
      indexName: 'gsi1',
      partitionKey: 'gsi1pk',
      sortKey: 'gsi1sk',
      projectedAttributes: indexedAttributes,
      servesAccessPatterns: [
        'list dealers by name (portal admin)',
        'published products of a category by SKU (catalog)',
        'quarantined products by category (governance report)',
        'special-price requests of one status, newest first (sales-ops)',
      ],
    },
    {
      indexName: 'gsi2',
      partitionKey: 'gsi2pk',
      sortKey: 'gsi2sk',
      projectedAttributes: indexedAttributes,
      servesAccessPatterns: ['published products of a category by name (catalog)', "one dealer's special-price requests of one status, newest first"],
    },
  ],
} as const;

export type IndexName = (typeof tableDesign.globalSecondaryIndexes)[number]['indexName'];

export interface ItemKey {
  readonly pk: string;
  readonly sk: string;
}

/** One SKU's item: its catalog product and its price sheet (`keys.product`, `keys.priceSheet`). */
const productKey = (sku: string): ItemKey => ({ pk: `PRODUCT#${sku}`, sk: 'PRODUCT' });

/**
 * Key builders, one per entity. Each names the access pattern it serves; docs/data-model.md mirrors
 * this list. Ids are validated at the edge, and `#` is not allowed in them, so keys cannot collide.
 */
export const keys = {
  /** Get a dealer's profile; with `dealerPartition`, the dealer's ship-tos and users. */
  dealer: (dealerId: string): ItemKey => ({ pk: `DEALER#${dealerId}`, sk: 'PROFILE' }),
  dealerPartition: (dealerId: string): string => `DEALER#${dealerId}`,
  /** The dealer id of a `keys.dealer` partition key (an index entry holds its item's key). */
  dealerIdOf: (pk: string): string => pk.slice('DEALER#'.length),
  /** List all dealers ordered by name (gsi1). */
  dealerListing: (name: string, dealerId: string) => ({ gsi1pk: 'DEALERS', gsi1sk: `DEALER#${name.toLowerCase()}#${dealerId}` }),
  dealerListingPartition: 'DEALERS',
  shipTo: (dealerId: string, shipToId: string): ItemKey => ({ pk: `DEALER#${dealerId}`, sk: `SHIPTO#${shipToId}` }),
  shipToPrefix: 'SHIPTO#',
  /** A dealer user lives in the dealer's partition; staff users in one staff partition. */
  dealerUser: (dealerId: string, userId: string): ItemKey => ({ pk: `DEALER#${dealerId}`, sk: `USER#${userId}` }),
  staffUser: (userId: string): ItemKey => ({ pk: 'STAFF', sk: `USER#${userId}` }),
  userPrefix: 'USER#',
  /**
   * A dealer's admin roster version (`version`), moved on by every user change that removes an
   * active admin, in the same transaction: two such changes decided on the same roster never both
   * pass, so a dealer always keeps an active admin.
   */
  adminRoster: (dealerId: string): ItemKey => ({ pk: `DEALER#${dealerId}`, sk: 'ADMINROSTER' }),
  /**
   * A dealer's claim on a (normalized) email: one user per email and dealer, enforced by a conditional
   * write in the same transaction as the user. While an invite is under way it holds the invite.
   * The dealer id cannot contain `#`, so the email (last) cannot forge another dealer's key.
   */
  userEmail: (dealerId: string, email: string): ItemKey => ({ pk: `USEREMAIL#${dealerId}#${email}`, sk: 'USEREMAIL' }),
  /**
   * Get one product of the catalog by SKU: its merged ERP record and governance verdict. The same
   * item is the SKU's price sheet (`priceSheet`); an item without `lockVersion` holds prices only.
   */
  product: (sku: string): ItemKey => productKey(sku),
  /**
   * A published (complete) product in its category's listings: by SKU on gsi1, by name on gsi2. A
   * quarantined product carries neither (sparse indexes), so no listing can return it.
   */
  catalogBySku: (categoryId: string, sku: string) => ({ gsi1pk: `CATALOG#${categoryId}`, gsi1sk: listingSortKey('sku', { sku, name: '' }) }),
  catalogByName: (categoryId: string, name: string, sku: string) => ({ gsi2pk: `CATALOG#${categoryId}`, gsi2sk: listingSortKey('name', { sku, name }) }),
  catalogPartition: (categoryId: string): string => `CATALOG#${categoryId}`,
  /** One category of the governed taxonomy with its template; the whole taxonomy is one partition. */
  category: (categoryId: string): ItemKey => ({ pk: 'TAXONOMY', sk: `CATEGORY#${categoryId}` }),
  taxonomyPartition: 'TAXONOMY',
  /**
   * A quarantined product's entry, written and deleted with the product: per category in the table
   * (strongly consistent, for re-validation after a template change) and all together on gsi1
   * (the governance report). `null`: a SKU without master data.
   */
  quarantineEntry: (categoryId: string | null, sku: string): ItemKey => ({ pk: `QUARANTINE#${categoryId ?? '-'}`, sk: `PRODUCT#${sku}` }),
  quarantinePartition: (categoryId: string | null): string => `QUARANTINE#${categoryId ?? '-'}`,
  quarantineListing: (categoryId: string | null, sku: string) => ({ gsi1pk: 'QUARANTINE', gsi1sk: `${categoryId ?? '-'}#${sku}` }),
  quarantineListingPartition: 'QUARANTINE',
  /** Governance counters of one category in one write shard (the report adds the shards up). */
  governanceCounter: (shard: number, categoryId: string | null): ItemKey => ({ pk: `GOVERNANCE#${shard}`, sk: `CATEGORY#${categoryId ?? '-'}` }),
  governancePartition: (shard: number): string => `GOVERNANCE#${shard}`,
  /** A dealer's catalog entitlement, in the dealer's partition (absent: every active product). */
  entitlements: (dealerId: string): ItemKey => ({ pk: `DEALER#${dealerId}`, sk: 'ENTITLEMENTS' }),
  /**
   * Stock of one SKU in every warehouse, with its incoming supply and reservations held, as attributes
   * OF THE PRODUCT ITEM (same key as `product`; per warehouse: functions/data/stock-repository.ts), so
   * an ATP read is one item per SKU — stock and the catalog facts that decide whether the dealer may
   * see it — and 100 SKUs fit one BatchGet. Stock writes update their attributes only (never `entity`,
   * never Put/Delete the item); the indexes copy none of them (`indexedAttributes`).
   */
  stock: (sku: string): ItemKey => productKey(sku),
  /** What one portal order holds (its lines per SKU and warehouse) until released or handed to the ERP. */
  reservation: (orderId: string): ItemKey => ({ pk: `RESERVATION#${orderId}`, sk: 'RESERVATION' }),
  /**
   * A confirmed order's handover in one warehouse, awaiting the ERP statement at or past `version`
   * (the SKUs still to settle). Sorted by version, so a statement at version v finds its handovers with
   * one Query of `keys.handoverPartition` up to v.
   */
  handover: (warehouseId: string, version: number, orderId: string): ItemKey => ({ pk: `HANDOVER#${warehouseId}`, sk: `${String(version).padStart(16, '0')}#${orderId}` }),
  handoverPartition: (warehouseId: string): string => `HANDOVER#${warehouseId}`,
  /**
   * Freshness of every warehouse's stock feed in ONE item (`F_<warehouseId>` = the newest source version
   * and as-of applied), so an availability read gets it inside its BatchGets without knowing the
   * warehouses first, and the feed-age schedule sees every warehouse that ever reported.
   */
  stockFeeds: { pk: 'STOCKFEEDS', sk: 'FEEDS' } as ItemKey,
  /** Get one warehouse. */
  warehouse: (warehouseId: string): ItemKey => ({ pk: `WAREHOUSE#${warehouseId}`, sk: 'WAREHOUSE' }),
  /** One approval task: its state and the Step Functions task token that resumes the workflow. */
  approval: (approvalId: string): ItemKey => ({ pk: `APPROVAL#${approvalId}`, sk: 'APPROVAL' }),
  /**
   * One SKU's price sheet: its entry in each retained list version (`L_<currency>_<version>`) and each
   * dealer's contract price (`C_<dealerId>`), as attributes OF THE PRODUCT ITEM (same key as
   * `product`), so a quote reads one item per SKU — facts and prices — projecting only the caller's
   * attributes. Price writes update their attribute only; product writes update the product's only.
   */
  priceSheet: (sku: string): ItemKey => productKey(sku),
  /**
   * Everything price-related that is not per SKU, in ONE item a quote reads inside its dealer-context
   * BatchGet: tiers (`T_<tierId>`), promotions (`R_<promotionId>`), list pointers (`P_<currency>`),
   * each attribute written with its own revision-guarded (or pointer-guarded) conditional update.
   */
  pricingContext: { pk: 'PRICING', sk: 'CONTEXT' } as ItemKey,
  /** Which parts of a price list version have arrived (the pointer flips when all have); `prunedAt` once retired. */
  priceListVersion: (currency: string, version: number): ItemKey => ({ pk: `PRICELIST#${currency}`, sk: `VERSION#${String(version).padStart(10, '0')}` }),
  priceListVersionPartition: (currency: string): string => `PRICELIST#${currency}`,
  /** The SKUs one part of a list version wrote, so a retired version's entries can be removed (pruning). */
  priceListPart: (currency: string, version: number, index: number): ItemKey => ({ pk: `PRICELISTPART#${currency}#${String(version).padStart(10, '0')}`, sk: `PART#${String(index).padStart(4, '0')}` }),
  priceListPartPartition: (currency: string, version: number): string => `PRICELISTPART#${currency}#${String(version).padStart(10, '0')}`,
  /**
   * The category tree as a quote needs it (`N_<categoryId>` = {parentId, revision}), in one item read
   * inside the quote's dealer-context BatchGet; written with each category (revision-guarded).
   */
  taxonomyTree: { pk: 'TAXONOMYTREE', sk: 'TREE' } as ItemKey,
  /**
   * One special-price request (it carries its dealer, like an approval): read and decided by id with a
   * strongly consistent conditional write. Listed on gsi1 by status for sales-ops, and on gsi2 by
   * dealer and status; the sort key is the request id (a ULID, so time-ordered: read backwards for
   * newest first). A decision moves both index keys to the new status in the same write.
   */
  specialPriceRequest: (requestId: string): ItemKey => ({ pk: `SPECIALPRICE#${requestId}`, sk: 'REQUEST' }),
  /**
   * An approval still to publish (the outbox): written in the decision's transaction, deleted with the
   * `publishedAt` write once the bus took the event; the `specialPriceOutbox` schedule publishes what is
   * left (oldest first: the sort key starts with the decision time).
   */
  approvalOutboxEntry: (decidedAt: string, requestId: string): ItemKey => ({ pk: 'OUTBOX#SPECIALPRICEAPPROVED', sk: `${decidedAt}#${requestId}` }),
  approvalOutboxPartition: 'OUTBOX#SPECIALPRICEAPPROVED',
  specialPriceQueue: (status: string, requestId: string) => ({ gsi1pk: `SPECIALPRICE#${status}`, gsi1sk: requestId }),
  specialPriceQueuePartition: (status: string): string => `SPECIALPRICE#${status}`,
  specialPriceOfDealer: (dealerId: string, status: string, requestId: string) => ({ gsi2pk: `SPECIALPRICE#${dealerId}#${status}`, gsi2sk: requestId }),
  specialPriceOfDealerPartition: (dealerId: string, status: string): string => `SPECIALPRICE#${dealerId}#${status}`,
} as const;
