import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { UserStore } from '#domain/ports';
import type { PortalUser } from '#domain/user';
import { keys, type ItemKey } from './table-design.ts';

const userKey = (user: { userId: string; dealerId?: string | undefined }): ItemKey =>
  user.dealerId ? keys.dealerUser(user.dealerId, user.userId) : keys.staffUser(user.userId);

/** Dealer users live in their dealer's partition, so a dealer's users are one Query. */
export class UserRepository implements UserStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(user: { userId: string; dealerId?: string | undefined }): Promise<PortalUser | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: userKey(user) }));
    if (!Item) return undefined;
    const { pk: _pk, sk: _sk, entity: _entity, ...rest } = Item;
    return rest as PortalUser;
  }

  async put(user: PortalUser): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: { ...userKey(user), entity: 'user', ...user } }));
  }
}
