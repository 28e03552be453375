import { ConditionalCheckFailedException, TransactionConflictException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import type { UserChange } from '#domain/accounts';
import { Conflict, NotFound } from '#domain/errors';
import type { DealerRoster, DealerUserStore, InviteRecord, InviteReservation, Page, PageRequest, RosterSeen, UserStore } from '#domain/ports';
import type { PortalUser } from '#domain/user';
import { idSchema } from '#events/schema-parts';
import { decodeCursor, encodeCursor } from '#functions/shared/cursor';
import { queryAll } from './query-all.ts';
import { cancelledByCondition, cancelledByConflict } from './transaction-errors.ts';
import { keys, type ItemKey } from './table-design.ts';

/** The user record's key (`UserStore.get` reads it; a route's prefetch may read it in its own BatchGet). */
export const userKey = (user: { userId: string; dealerId?: string | undefined }): ItemKey =>
  user.dealerId ? keys.dealerUser(user.dealerId, user.userId) : keys.staffUser(user.userId);

/** The email claim item (`keys.userEmail`): `pending` while an invite is carried out, then `taken`. */
interface EmailClaimItem {
  entity: 'userEmail';
  dealerId: string;
  email: string;
  state: 'pending' | 'taken';
  userId?: string;
  /** While pending: the invite being carried out, who carries it out and until when. */
  invite?: Pick<InviteRecord, 'name' | 'roles' | 'orderLimit' | 'shipToIds' | 'invitedBy'>;
  attempt?: string;
  leaseUntil?: string;
}

const userCursor = z.object({ u: idSchema });

/**
 * Dealer users live in their dealer's partition, so a dealer's users are one Query. Each dealer user
 * also has an email claim (`USEREMAIL#<dealerId>#<email>`), written in the same transaction as the
 * user under `attribute_not_exists`: the table, not the handler, keeps emails unique per dealer.
 */
export class UserRepository implements UserStore, DealerUserStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(user: { userId: string; dealerId?: string | undefined }): Promise<PortalUser | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: userKey(user) }));
    return Item ? toUser(Item) : undefined;
  }

  /** Writes a user record as is (seed and tests); dealer users invited by admins go through `completeInvite`. */
  async put(user: PortalUser): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: { ...userKey(user), entity: 'user', ...user } }));
  }

  /** A dealer user with its email claim, in one transaction; Conflict `user-exists` when the email is taken. */
  async create(user: PortalUser & { dealerId: string }): Promise<void> {
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: { ...keys.userEmail(user.dealerId, user.email), ...takenClaim(user) },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            { Put: { TableName: this.tableName, Item: { ...userKey(user), entity: 'user', ...user }, ConditionExpression: 'attribute_not_exists(pk)' } },
          ],
        }),
      );
    } catch (error) {
      if (cancelledByCondition(error)) throw new Conflict('user-exists', `dealer ${user.dealerId} already has a user with email ${user.email} or id ${user.userId}`);
      throw error;
    }
  }

  async list(dealerId: string, page: PageRequest): Promise<Page<PortalUser>> {
    const after = page.cursor ? decodeCursor(page.cursor, userCursor) : undefined;
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :users)',
        ExpressionAttributeValues: { ':pk': keys.dealerPartition(dealerId), ':users': keys.userPrefix },
        Limit: page.limit,
        ...(after ? { ExclusiveStartKey: keys.dealerUser(dealerId, after.u) } : {}),
      }),
    );
    const items = (result.Items ?? []).map(toUser);
    const last = items.at(-1);
    return { items, nextCursor: result.LastEvaluatedKey && last ? encodeCursor({ u: last.userId }) : undefined };
  }

  async reserveInvite(invite: InviteRecord, lease: { now: string; until: string }): Promise<InviteReservation> {
    const key = keys.userEmail(invite.dealerId, invite.email);
    const claim: EmailClaimItem = {
      entity: 'userEmail',
      dealerId: invite.dealerId,
      email: invite.email,
      state: 'pending',
      invite: {
        name: invite.name,
        roles: invite.roles,
        invitedBy: invite.invitedBy,
        ...(invite.orderLimit ? { orderLimit: invite.orderLimit } : {}),
        ...(invite.shipToIds ? { shipToIds: invite.shipToIds } : {}),
      },
      attempt: invite.attempt,
      leaseUntil: lease.until,
    };
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...key, ...claim },
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { outcome: 'reserved', invite, resumed: false };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const held = heldBy(error);
      if (held) return held;
    }
    // An unfinished invite whose lease ran out: take it over, keeping what it recorded (its directory user).
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: 'SET attempt = :attempt, leaseUntil = :until',
          ConditionExpression: '#state = :pending AND leaseUntil < :now',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':attempt': invite.attempt, ':until': lease.until, ':pending': 'pending', ':now': lease.now },
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      const stored = Attributes as EmailClaimItem & { invite: NonNullable<EmailClaimItem['invite']> };
      return {
        outcome: 'reserved',
        resumed: true,
        invite: {
          dealerId: stored.dealerId,
          email: stored.email,
          ...stored.invite,
          attempt: invite.attempt,
          ...(stored.userId ? { userId: stored.userId } : {}),
        },
      };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      return heldBy(error) ?? { outcome: 'in-progress' };
    }

    function heldBy(error: ConditionalCheckFailedException): InviteReservation | undefined {
      const state = error.Item?.state?.S;
      if (state === 'taken') return { outcome: 'exists', userId: error.Item?.userId?.S ?? '' };
      if (state === 'pending' && (error.Item?.leaseUntil?.S ?? '') >= lease.now) return { outcome: 'in-progress' };
      return error.Item ? undefined : { outcome: 'in-progress' };
    }
  }

  async recordDirectoryUser(invite: InviteRecord, userId: string): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.userEmail(invite.dealerId, invite.email),
          UpdateExpression: 'SET userId = :userId',
          ConditionExpression: 'attempt = :attempt AND #state = :pending',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':userId': userId, ':attempt': invite.attempt, ':pending': 'pending' },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw lostInvite(invite);
      throw error;
    }
  }

  async completeInvite(invite: InviteRecord, user: PortalUser): Promise<void> {
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: { ...keys.userEmail(invite.dealerId, invite.email), ...takenClaim({ ...user, dealerId: invite.dealerId }) },
                ConditionExpression: 'attempt = :attempt AND #state = :pending',
                ExpressionAttributeNames: { '#state': 'state' },
                ExpressionAttributeValues: { ':attempt': invite.attempt, ':pending': 'pending' },
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: { ...keys.dealerUser(invite.dealerId, user.userId), entity: 'user', ...user },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
    } catch (error) {
      if (cancelledByCondition(error)) throw lostInvite(invite);
      throw error;
    }
  }

  async releaseInvite(invite: InviteRecord): Promise<void> {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: keys.userEmail(invite.dealerId, invite.email),
          ConditionExpression: 'attempt = :attempt AND #state = :pending',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':attempt': invite.attempt, ':pending': 'pending' },
        }),
      );
    } catch (error) {
      // Another attempt owns the invite now (or finished it): it is not ours to release.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  /**
   * The version first, then the users — in that order, not at once: a removal committed after the
   * version was read has moved it on, so a decision made on these users fails its version condition;
   * one committed before is in the users read after. (Read together, the users could predate a removal
   * whose new version is read, and a decision could pass that leaves no admin.)
   */
  async roster(dealerId: string): Promise<DealerRoster> {
    const guard = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.adminRoster(dealerId), ConsistentRead: true }));
    const users = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :users)',
      ProjectionExpression: 'userId, #roles, #status',
      ExpressionAttributeNames: { '#roles': 'roles', '#status': 'status' },
      ExpressionAttributeValues: { ':pk': keys.dealerPartition(dealerId), ':users': keys.userPrefix },
      ConsistentRead: true,
    });
    return { users: users as unknown as DealerRoster['users'], version: Number(guard.Item?.version ?? 0) };
  }

  /**
   * Sets what the change names, removes what it clears (`null`); only an existing user of the dealer,
   * and only while its roles and status are those `seen`. A change removing an active admin is one
   * transaction with the roster item, whose `version` it moves on from `seen.rosterVersion`.
   */
  async update(dealerId: string, userId: string, change: UserChange, seen: RosterSeen): Promise<PortalUser | 'stale'> {
    const names: Record<string, string> = { '#pk': 'pk', '#roles': 'roles', '#status': 'status' };
    const values: Record<string, unknown> = { ':seenRoles': seen.roles, ':seenStatus': seen.status };
    const sets: string[] = [];
    const removes: string[] = [];
    for (const field of ['roles', 'status', 'orderLimit', 'shipToIds'] as const) {
      const value = change[field];
      if (value === undefined) continue;
      names[`#${field}`] = field;
      if (value === null) {
        removes.push(`#${field}`);
      } else {
        values[`:${field}`] = value;
        sets.push(`#${field} = :${field}`);
      }
    }
    if (sets.length + removes.length === 0) {
      const current = await this.get({ userId, dealerId });
      if (!current) throw new NotFound(`user ${userId}`);
      return current;
    }
    const user = {
      TableName: this.tableName,
      Key: keys.dealerUser(dealerId, userId),
      UpdateExpression: [sets.length ? `SET ${sets.join(', ')}` : '', removes.length ? `REMOVE ${removes.join(', ')}` : ''].filter(Boolean).join(' '),
      ConditionExpression: 'attribute_exists(#pk) AND #roles = :seenRoles AND #status = :seenStatus',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    };
    const current = async () => {
      const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.dealerUser(dealerId, userId), ConsistentRead: true }));
      if (!Item) throw new NotFound(`user ${userId}`);
      return toUser(Item);
    };
    // The user or the roster moved since the decision (a failed condition), or another transaction was
    // writing them at that moment (a conflict DynamoDB does not retry): decide again.
    const stale = async () => (await current(), 'stale' as const);
    if (seen.rosterVersion === undefined) {
      try {
        const { Attributes } = await this.client.send(new UpdateCommand({ ...user, ReturnValues: 'ALL_NEW' }));
        return toUser(Attributes ?? {});
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException || error instanceof TransactionConflictException) return stale();
        throw error;
      }
    }
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            { Update: user },
            {
              Update: {
                TableName: this.tableName,
                Key: keys.adminRoster(dealerId),
                UpdateExpression: 'SET #version = :next',
                ConditionExpression: seen.rosterVersion === 0 ? 'attribute_not_exists(#version)' : '#version = :seen',
                ExpressionAttributeNames: { '#version': 'version' },
                ExpressionAttributeValues: { ':next': seen.rosterVersion + 1, ...(seen.rosterVersion === 0 ? {} : { ':seen': seen.rosterVersion }) },
              },
            },
          ],
        }),
      );
    } catch (error) {
      if (cancelledByCondition(error) || cancelledByConflict(error)) return stale();
      throw error;
    }
    return current();
  }
}

export function toUser(item: Record<string, unknown>): PortalUser {
  const { pk: _pk, sk: _sk, entity: _entity, ...rest } = item;
  return rest as unknown as PortalUser;
}

function takenClaim(user: { userId: string; dealerId: string; email: string }): EmailClaimItem {
  return { entity: 'userEmail', dealerId: user.dealerId, email: user.email, state: 'taken', userId: user.userId };
}



const lostInvite = (invite: InviteRecord) =>
  new Conflict('invite-in-progress', `the invite of ${invite.email} is being completed by another request; retry in a minute`);
