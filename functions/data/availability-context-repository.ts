import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { defaultEntitlement, type Entitlement } from '#domain/entitlements';
import type { AvailabilityContext, AvailabilityContextStore } from '#domain/ports';
import { keys } from './table-design.ts';
import { queryAll } from './query-all.ts';
import { currentShipTos } from './dealer-repository.ts';

/**
 * What an ATP read needs about the dealer, in one Query of the dealer's partition: `ENTITLEMENTS`,
 * `PROFILE` and `SHIPTO#…` sort next to each other (and before `USER#…`), so one range reads the
 * entitlement, the profile's revision and allowed warehouses, and the ship-tos. Ship-tos whose revision is not the profile's
 * are left behind by a racing update and ignored (same rule as functions/data/dealer-repository.ts).
 */
export class AvailabilityContextRepository implements AvailabilityContextStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(dealerId: string): Promise<AvailabilityContext> {
    const from = keys.entitlements(dealerId);
    const profileKey = keys.dealer(dealerId);
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': from.pk, ':from': from.sk, ':to': `${keys.shipToPrefix}\uffff` },
    });
    const profile = items.find((i) => i.sk === profileKey.sk);
    const entitlement = (items.find((i) => i.sk === from.sk)?.entitlement as Entitlement | undefined) ?? defaultEntitlement;
    if (!profile) return { dealerFound: false, entitlement, shipTos: [] };
    const shipTos = currentShipTos(items, profile.revision).map((s) => ({ shipToId: s.shipToId, preferredWarehouseId: s.preferredWarehouseId }));
    const allowedWarehouseIds = profile.allowedWarehouseIds as string[] | undefined;
    return { dealerFound: true, entitlement, shipTos, ...(allowedWarehouseIds ? { allowedWarehouseIds } : {}) };
  }
}
