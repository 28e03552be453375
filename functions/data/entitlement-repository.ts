import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { decideRevision } from '#domain/dealer';
import type { Entitlement } from '#domain/entitlements';
import type { EntitlementStore, UpsertOutcome } from '#domain/ports';
import { keys } from './table-design.ts';

interface EntitlementItem {
  entity: 'entitlements';
  dealerId: string;
  entitlement: Entitlement;
  revision: number;
  updatedAt: string;
}

/** A dealer's catalog entitlement: one item in the dealer's partition, newest ERP revision wins. */
export class EntitlementRepository implements EntitlementStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(dealerId: string): Promise<Entitlement | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.entitlements(dealerId) }));
    return (Item as EntitlementItem | undefined)?.entitlement;
  }

  async put(dealerId: string, entitlement: Entitlement, revision: number, updatedAt: string): Promise<UpsertOutcome> {
    const item: EntitlementItem = { entity: 'entitlements', dealerId, entitlement, revision, updatedAt };
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.entitlements(dealerId), ...item },
          ConditionExpression: 'attribute_not_exists(pk) OR revision < :revision',
          ExpressionAttributeValues: { ':revision': revision },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return 'applied';
    } catch (error) {
      if (!(error instanceof Error) || error.name !== 'ConditionalCheckFailedException') throw error;
      const stored = (error as { Item?: { revision?: { N?: string } } }).Item?.revision?.N;
      const decision = decideRevision(stored === undefined ? undefined : Number(stored), revision);
      return decision === 'apply' ? 'stale' : decision;
    }
  }
}
