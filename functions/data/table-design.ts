/**
 * The single table, declared once. The CDK data stack and the local stack both build the table from
 * this object, and the key builders below are the only code that knows key formats. Attribute names
 * stay generic (`pk`, `gsi1pk`…) so an index can serve several entities; what each index is *for* is
 * written next to it and in docs/data-model.md.
 */
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
      servesAccessPatterns: ['list dealers by name (portal admin)'],
    },
  ],
} as const;

export type IndexName = (typeof tableDesign.globalSecondaryIndexes)[number]['indexName'];

export interface ItemKey {
  readonly pk: string;
  readonly sk: string;
}

/**
 * Key builders, one per entity. Each names the access pattern it serves; docs/data-model.md mirrors
 * this list. Ids are validated at the edge, and `#` is not allowed in them, so keys cannot collide.
 */
export const keys = {
  /** Get a dealer's profile; with `dealerPartition`, the dealer's ship-tos and users. */
  dealer: (dealerId: string): ItemKey => ({ pk: `DEALER#${dealerId}`, sk: 'PROFILE' }),
  dealerPartition: (dealerId: string): string => `DEALER#${dealerId}`,
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
   * A dealer's claim on a (normalized) email: one user per email and dealer, enforced by a conditional
   * write in the same transaction as the user. While an invite is under way it holds the invite.
   * The dealer id cannot contain `#`, so the email (last) cannot forge another dealer's key.
   */
  userEmail: (dealerId: string, email: string): ItemKey => ({ pk: `USEREMAIL#${dealerId}#${email}`, sk: 'USEREMAIL' }),
  /** Get one product of the catalog by SKU. */
  product: (sku: string): ItemKey => ({ pk: `PRODUCT#${sku}`, sk: 'PRODUCT' }),
  /** Get one warehouse. */
  warehouse: (warehouseId: string): ItemKey => ({ pk: `WAREHOUSE#${warehouseId}`, sk: 'WAREHOUSE' }),
  /** One approval task: its state and the Step Functions task token that resumes the workflow. */
  approval: (approvalId: string): ItemKey => ({ pk: `APPROVAL#${approvalId}`, sk: 'APPROVAL' }),
} as const;
