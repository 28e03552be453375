import { ConditionalCheckFailedException, TransactionConflictException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { NotFound } from '#domain/errors';
import type { Page, PageRequest } from '#domain/ports';
import { specialPriceStatuses, type DecideOutcome, type SpecialPriceRequest, type SpecialPriceRequestStore, type SpecialPriceStatus, type UnpublishedApproval } from '#domain/special-price';
import { idSchema } from '#events/schema-parts';
import { decodeCursor, encodeCursor } from '#functions/shared/cursor';
import { getIndexed } from './batch-get.ts';
import { cancelledByCondition, cancelledByConflict } from './transaction-errors.ts';
import { keys } from './table-design.ts';

/**
 * Special-price requests (docs/data-model.md, patterns S1–S4). One item per request, keyed by its id
 * and carrying its dealer; gsi1 lists one status for sales-ops, gsi2 one dealer's requests in one
 * status. Sort keys are request ids (ULIDs), read backwards: newest first. A decision is one
 * conditional Update (`status = pending`) that also moves both index keys, so of two racing
 * decisions exactly one is stored.
 */
export class SpecialPriceRepository implements SpecialPriceRequestStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(request: SpecialPriceRequest): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.specialPriceRequest(request.requestId), ...indexKeys(request.dealerId, request.status, request.requestId), entity: 'specialPriceRequest', ...request },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async get(requestId: string): Promise<SpecialPriceRequest | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.specialPriceRequest(requestId), ConsistentRead: true }));
    return Item ? fromItem(Item) : undefined;
  }

  /**
   * The condition decides on the stored status; the dealer (for the index keys) never changes. An
   * approval also writes its outbox entry in the same transaction, so an approval whose event is never
   * published is still found (`unpublished`) and published by the `specialPriceOutbox` schedule.
   */
  async decide(decided: SpecialPriceRequest): Promise<DecideOutcome> {
    const { requestId, decision } = decided;
    if (decided.status === 'pending' || !decision || !decided.decidedBy || !decided.decidedAt) throw new Error(`request ${requestId} carries no decision`);
    const moved = indexKeys(decided.dealerId, decided.status, requestId);
    const update = {
      TableName: this.tableName,
      Key: keys.specialPriceRequest(requestId),
      UpdateExpression: 'SET #status = :status, #decision = :decision, decidedBy = :by, decidedAt = :at, gsi1pk = :gsi1pk, gsi2pk = :gsi2pk',
      ConditionExpression: 'attribute_exists(pk) AND #status = :pending',
      ExpressionAttributeNames: { '#status': 'status', '#decision': 'decision' },
      ExpressionAttributeValues: { ':status': decided.status, ':decision': decision, ':by': decided.decidedBy, ':at': decided.decidedAt, ':pending': 'pending', ':gsi1pk': moved.gsi1pk, ':gsi2pk': moved.gsi2pk },
    };
    for (let attempt = 0; ; attempt++) {
      try {
        if (decided.status === 'approved') {
          const outbox = { ...keys.approvalOutboxEntry(decided.decidedAt, requestId), entity: 'approvalOutbox', requestId, decidedAt: decided.decidedAt };
          await this.client.send(new TransactWriteCommand({ TransactItems: [{ Update: update }, { Put: { TableName: this.tableName, Item: outbox } }] }));
          // Written as decided: nothing else of a request changes while it is pending.
          return { outcome: 'decided', request: decided };
        }
        const { Attributes } = await this.client.send(new UpdateCommand({ ...update, ReturnValues: 'ALL_NEW' }));
        return { outcome: 'decided', request: fromItem(Attributes ?? {}) };
      } catch (error) {
        // A racing decision's transaction was writing the request at that moment (DynamoDB does not
        // retry that): if it is decided now, this one lost; if not, try again.
        const conflict = cancelledByConflict(error) || error instanceof TransactionConflictException;
        if (!conflict && !(error instanceof ConditionalCheckFailedException) && !cancelledByCondition(error)) throw error;
        const now = await this.get(requestId);
        if (!now) throw new NotFound(`special-price request ${requestId}`);
        if (!conflict || now.status !== 'pending' || attempt >= 5) {
          if (now.status === 'pending') throw error;
          return { outcome: 'closed', request: now };
        }
        await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 40 * (attempt + 1)));
      }
    }
  }

  async markPublished(request: Pick<SpecialPriceRequest, 'requestId' | 'decidedAt'>, at: string): Promise<void> {
    const published = {
      Update: {
        TableName: this.tableName,
        Key: keys.specialPriceRequest(request.requestId),
        UpdateExpression: 'SET publishedAt = if_not_exists(publishedAt, :at)',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':at': at },
      },
    };
    const cleared = request.decidedAt ? [{ Delete: { TableName: this.tableName, Key: keys.approvalOutboxEntry(request.decidedAt, request.requestId) } }] : [];
    await this.client.send(new TransactWriteCommand({ TransactItems: [published, ...cleared] }));
  }

  async discardUnpublished(entry: UnpublishedApproval): Promise<void> {
    await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: keys.approvalOutboxEntry(entry.decidedAt, entry.requestId) }));
  }

  async unpublished(before: string, limit: number): Promise<UnpublishedApproval[]> {
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk < :before',
        ExpressionAttributeValues: { ':pk': keys.approvalOutboxPartition, ':before': before },
        ConsistentRead: true,
        Limit: limit,
      }),
    );
    return (result.Items ?? []).map((item) => ({ requestId: item.requestId as string, decidedAt: item.decidedAt as string }));
  }

  /**
   * S1/S2: one status (gsi1), or one status of one dealer (gsi2); per page one Query of the index and
   * one BatchGet of the requests (the indexes copy no request attributes, see `indexedAttributes`). A
   * request decided between the two reads is left out of its former status's page.
   */
  async byStatus(status: SpecialPriceStatus, dealerId: string | undefined, page: PageRequest): Promise<Page<SpecialPriceRequest>> {
    const after = page.cursor ? decodeCursor(page.cursor, cursorSchema).r : undefined;
    const partition = dealerId === undefined ? { index: 'gsi1', pk: 'gsi1pk', sk: 'gsi1sk', value: keys.specialPriceQueuePartition(status) } : { index: 'gsi2', pk: 'gsi2pk', sk: 'gsi2sk', value: keys.specialPriceOfDealerPartition(dealerId, status) };
    const read = await this.readBackwards(partition, after, page.limit);
    const items = (await getIndexed(this.client, this.tableName, read.entries, (item) => item.status === status)).map(fromItem);
    const last = read.entries.at(-1);
    return { items, nextCursor: read.more && last ? encodeCursor({ r: String(last[partition.sk]) }) : undefined };
  }

  /**
   * S3: a dealer's requests of every status, newest first: the dealer's three gsi2 partitions read
   * backwards in parallel and merged by request id (keyset: the cursor is the last id returned), then
   * the page's requests in one BatchGet.
   */
  async ofDealer(dealerId: string, page: PageRequest): Promise<Page<SpecialPriceRequest>> {
    const after = page.cursor ? decodeCursor(page.cursor, cursorSchema).r : undefined;
    const reads = await Promise.all(
      specialPriceStatuses.map((status) => this.readBackwards({ index: 'gsi2', pk: 'gsi2pk', sk: 'gsi2sk', value: keys.specialPriceOfDealerPartition(dealerId, status) }, after, page.limit)),
    );
    const idOf = (entry: Record<string, unknown>) => String(entry.gsi2sk);
    const merged = reads.flatMap((r) => r.entries).sort((a, b) => (idOf(a) < idOf(b) ? 1 : idOf(a) > idOf(b) ? -1 : 0));
    const entries = merged.slice(0, page.limit);
    const more = merged.length > page.limit || reads.some((r) => r.more);
    const items = (await getIndexed(this.client, this.tableName, entries)).map(fromItem);
    const last = entries.at(-1);
    return { items, nextCursor: more && last ? encodeCursor({ r: idOf(last) }) : undefined };
  }

  private async readBackwards(partition: { index: string; pk: string; sk: string; value: string }, after: string | undefined, limit: number) {
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: partition.index,
        KeyConditionExpression: after === undefined ? '#pk = :pk' : '#pk = :pk AND #sk < :after',
        ExpressionAttributeNames: { '#pk': partition.pk, ...(after === undefined ? {} : { '#sk': partition.sk }) },
        ExpressionAttributeValues: { ':pk': partition.value, ...(after === undefined ? {} : { ':after': after }) },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return { entries: result.Items ?? [], more: result.LastEvaluatedKey !== undefined };
  }
}

const indexKeys = (dealerId: string, status: SpecialPriceStatus, requestId: string) => ({ ...keys.specialPriceQueue(status, requestId), ...keys.specialPriceOfDealer(dealerId, status, requestId) });

/** Position in a listing: the last request id returned (partitions are rebuilt from the caller). */
const cursorSchema = z.object({ r: idSchema });

function fromItem(item: Record<string, unknown>): SpecialPriceRequest {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g1s, gsi2pk: _g2, gsi2sk: _g2s, entity: _entity, ...request } = item;
  return request as unknown as SpecialPriceRequest;
}


