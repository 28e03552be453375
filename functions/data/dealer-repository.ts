import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { decideRevision, type Branch, type Dealer, type ShipTo } from '#domain/dealer';
import type { DealerListing, DealerStore, Page, PageRequest, UpsertOutcome } from '#domain/ports';
import { idSchema } from '#events/schema-parts';
import { decodeCursor, encodeCursor } from '#functions/shared/cursor';
import { getIndexed } from './batch-get.ts';
import { keys } from './table-design.ts';
import { queryAll } from './query-all.ts';

interface DealerItem {
  entity: 'dealer';
  dealerId: string;
  name: string;
  tier: string;
  currency: string;
  paymentTerms: string;
  creditLimitMinor: number;
  status: Dealer['status'];
  branches?: Branch[];
  /** Absent: the dealer may be shipped from every warehouse. */
  allowedWarehouseIds?: string[];
  revision: number;
  updatedAt: string;
}

interface ShipToItem extends ShipTo {
  entity: 'shipTo';
  dealerId: string;
  revision: number;
}

/**
 * Dealer profile and ship-tos share the dealer's partition. The profile's `revision` guards every
 * write: only a strictly newer ERP revision is applied, in one transaction with its ship-tos.
 * Ship-tos carry the revision that wrote them; readers ignore any whose revision is not the
 * profile's, so a ship-to left behind by a racing older update is never shown.
 */
export class DealerRepository implements DealerStore, DealerListing {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(dealerId: string): Promise<Dealer | undefined> {
    return (await this.getWithShipTos(dealerId)).dealer;
  }

  /** One Query: `PROFILE` sorts just before `SHIPTO#…` and after nothing else of the dealer's. */
  async getWithShipTos(dealerId: string): Promise<{ dealer: Dealer | undefined; shipTos: ShipTo[] }> {
    const profileKey = keys.dealer(dealerId);
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': profileKey.pk, ':from': profileKey.sk, ':to': `${keys.shipToPrefix}\uffff` },
    });
    const profile = items.find((i) => i.sk === profileKey.sk) as DealerItem | undefined;
    if (!profile) return { dealer: undefined, shipTos: [] };
    const shipTos = currentShipTos(items, profile.revision);
    return { dealer: toDealer(profile), shipTos };
  }

  async upsert(dealer: Dealer, shipTos: readonly ShipTo[]): Promise<UpsertOutcome> {
    const { shipTos: existing } = await this.getWithShipTos(dealer.dealerId);
    const keep = new Set(shipTos.map((s) => s.shipToId));
    const removed = existing.filter((s) => !keep.has(s.shipToId));
    const profile: DealerItem & Record<string, unknown> = {
      ...keys.dealer(dealer.dealerId),
      ...keys.dealerListing(dealer.name, dealer.dealerId),
      entity: 'dealer',
      dealerId: dealer.dealerId,
      name: dealer.name,
      tier: dealer.tier,
      currency: dealer.currency,
      paymentTerms: dealer.paymentTerms,
      creditLimitMinor: dealer.creditLimit.amountMinor,
      status: dealer.status,
      branches: [...(dealer.branches ?? [])],
      ...(dealer.allowedWarehouseIds ? { allowedWarehouseIds: [...dealer.allowedWarehouseIds] } : {}),
      revision: dealer.revision,
      updatedAt: dealer.updatedAt,
    };
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: profile,
                ConditionExpression: 'attribute_not_exists(pk) OR revision < :revision',
                ExpressionAttributeValues: { ':revision': dealer.revision },
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              },
            },
            ...shipTos.map((s) => ({
              Put: {
                TableName: this.tableName,
                Item: { ...keys.shipTo(dealer.dealerId, s.shipToId), entity: 'shipTo', dealerId: dealer.dealerId, revision: dealer.revision, ...s },
              },
            })),
            ...removed.map((s) => ({
              Delete: { TableName: this.tableName, Key: keys.shipTo(dealer.dealerId, s.shipToId) },
            })),
          ],
        }),
      );
      return 'applied';
    } catch (error) {
      const reason = error instanceof TransactionCanceledException ? error.CancellationReasons?.[0] : undefined;
      if (reason?.Code !== 'ConditionalCheckFailed') throw error;
      // The stored profile is at least as new: tell a replay from an out-of-order delivery.
      const stored = Number(reason.Item?.revision?.N);
      const decision = decideRevision(Number.isFinite(stored) ? stored : undefined, dealer.revision);
      return decision === 'apply' ? 'stale' : decision;
    }
  }

  /**
   * All dealers by name, one gsi1 Query per page. The cursor carries the last dealer's id and its
   * listing sort key; the partitions are rebuilt here.
   */
  async list(page: PageRequest): Promise<Page<Dealer>> {
    const after = page.cursor ? decodeCursor(page.cursor, listingCursor) : undefined;
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :listing',
        ExpressionAttributeValues: { ':listing': keys.dealerListingPartition },
        Limit: page.limit,
        ...(after ? { ExclusiveStartKey: { ...keys.dealer(after.d), gsi1pk: keys.dealerListingPartition, gsi1sk: after.s } } : {}),
      }),
    );
    // The index copies no dealer attributes (see `indexedAttributes`): the page's profiles are read
    // from the table, one BatchGet.
    const entries = result.Items ?? [];
    const items = (await getIndexed(this.client, this.tableName, entries)) as unknown as DealerItem[];
    const last = entries.at(-1);
    return {
      items: items.map(toDealer),
      nextCursor: result.LastEvaluatedKey && last ? encodeCursor({ d: keys.dealerIdOf(String(last.pk)), s: String(last.gsi1sk) }) : undefined,
    };
  }
}

/** Position in the dealer listing: dealer id and its gsi1 sort key (which ends with the id). */
const listingCursor = z.object({ d: idSchema, s: z.string().check(z.startsWith('DEALER#')) }).check(z.refine((c) => c.s.endsWith(`#${c.d}`)));

/**
 * The ship-tos of a dealer partition's items that belong to the profile's revision: one written by a
 * racing older update and left behind is never shown.
 */
export function currentShipTos(items: readonly Record<string, unknown>[], profileRevision: unknown): ShipTo[] {
  return (items.filter((i) => i.entity === 'shipTo' && i.revision === profileRevision) as unknown as ShipToItem[]).map(toShipTo);
}

function toDealer(item: DealerItem): Dealer {
  return {
    dealerId: item.dealerId,
    name: item.name,
    tier: item.tier,
    currency: item.currency,
    paymentTerms: item.paymentTerms,
    creditLimit: { amountMinor: item.creditLimitMinor, currency: item.currency },
    status: item.status,
    branches: item.branches ?? [],
    ...(item.allowedWarehouseIds ? { allowedWarehouseIds: item.allowedWarehouseIds } : {}),
    revision: item.revision,
    updatedAt: item.updatedAt,
  };
}

function toShipTo(item: ShipToItem): ShipTo {
  return {
    shipToId: item.shipToId,
    name: item.name,
    address: item.address,
    preferredWarehouseId: item.preferredWarehouseId,
    ...(item.branchId ? { branchId: item.branchId } : {}),
  };
}
