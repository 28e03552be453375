import { ConditionalCheckFailedException, TransactionCanceledException, TransactionConflictException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  countedReserved,
  decideStock,
  foldReservationLines,
  isCovered,
  planHandover,
  type ConfirmedAllocation,
  type Handover,
  type HandoverStep,
  type IncomingSupply,
  type ReservationLine,
  type StockLevel,
} from '#domain/atp';
import type { HandoverOutcome, ReleaseOutcome, ReservationOutcome, SkuStock, StockFeed, StockStore, UpsertOutcome } from '#domain/ports';
import { batchGetAll } from './batch-get.ts';
import { mapBounded } from './bounded-concurrency.ts';
import { keys, type ItemKey } from './table-design.ts';
import { queryAll } from './query-all.ts';

type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

/**
 * Stock lives in one item per SKU (`keys.stock`: the SKU's product item, which is also its price
 * sheet) with top-level attributes per warehouse, so the ATP read of 100 SKUs is one BatchGet whatever
 * the number of warehouses, and an order line split across warehouses is one item in a reservation
 * transaction. Every write here sets its own attributes and `sku` only — never `entity`, never a
 * Put or Delete of the item — so the product and its prices survive, and an item that stock created
 * before the catalog knew the SKU has no `lockVersion` and counts as no product:
 *
 * - `level#<warehouse>`: what the source last said ({ onHand, safetyStock, version, asOf }).
 * - `reserved#<warehouse>`: units held by unconfirmed portal orders.
 * - `net#<warehouse>`: onHand − safetyStock − reserved, kept in step by every write. DynamoDB
 *   conditions cannot do arithmetic, so this is what `net >= :qty` checks. ATP as read is computed from
 *   the row (`toSkuStock`), and is above `net` while a covered handover awaits settlement (refusing a
 *   little early, never overselling); docs/data-model.md, "Never oversold".
 * - `supply#<supplyId>`: one expected receipt ({ warehouseId, expectedDate, quantity, version }).
 * - `alloc#<warehouse>#<orderId>`: a confirmed order's handover ({ quantity, version }): still part of
 *   `reserved#<warehouse>` until settled, but counted only while `level#<warehouse>.version` is below
 *   `version` (domain/atp.ts `countedReserved`, applied by every read of the row).
 *
 * Warehouse and supply ids cannot contain `#` (events/schema-parts.ts), so attribute names cannot collide.
 */
export const stockAttributes = {
  level: (warehouseId: string) => `level#${warehouseId}`,
  reserved: (warehouseId: string) => `reserved#${warehouseId}`,
  net: (warehouseId: string) => `net#${warehouseId}`,
  supply: (supplyId: string) => `supply#${supplyId}`,
  allocation: (warehouseId: string, orderId: string) => `alloc#${warehouseId}#${orderId}`,
} as const;

/**
 * Snapshot rows written at once by `putLevels`. Below the SDK's 50 sockets per client; more did not
 * raise the rate against DynamoDB Local (bench/README.md, atp).
 */
export const levelWriteConcurrency = 32;

/** At most this many distinct SKUs per reservation: one item each plus the reservation record, within DynamoDB's 100. */
export const maxReservationSkus = 99;

interface StoredSupply {
  readonly warehouseId: string;
  readonly expectedDate: string;
  readonly quantity: number;
  readonly version: number;
}
interface ReservationItem {
  entity: 'reservation';
  orderId: string;
  lines: ReservationLine[];
  reservedAt: string;
  /** Absent on records written before confirmations existed: the same as `reserved`. */
  state?: 'reserved' | 'confirmed';
  confirmedAt?: string;
  handover?: HandoverStep[];
}

/** How long a confirmed reservation record is kept (replays of its confirmation find it), in seconds. */
const confirmedRecordTtlSeconds = 30 * 24 * 3600;

const isConditionFailure = (error: unknown) => error instanceof ConditionalCheckFailedException;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class StockRepository implements StockStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** A snapshot row or an adjustment: applies only when strictly newer than what is stored; reservations are kept. */
  async putLevel(warehouseId: string, sku: string, level: StockLevel): Promise<UpsertOutcome> {
    try {
      await this.update({ ...this.levelUpdate(warehouseId, sku, level), ReturnValuesOnConditionCheckFailure: 'ALL_OLD' });
      return 'applied';
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const stored = (error).Item?.[stockAttributes.level(warehouseId)]?.M?.version?.N;
      const decision = decideStock(stored === undefined ? undefined : { version: Number(stored) }, level);
      return decision === 'apply' ? 'stale' : decision;
    }
  }

  /**
   * Many rows of one warehouse (a snapshot chunk): one conditional UpdateItem per row, the same as
   * `putLevel`, at most `levelWriteConcurrency` in flight. Each row is its own item, versioned on its
   * own, so a transaction adds nothing to correctness: it only made one replayed or older row cancel
   * its whole group (then re-applied row by row), and costs two write units per row on DynamoDB where
   * a single update costs one. A row that is a replay or older is an outcome, not an error. Outcomes
   * are in row order; on an unexpected error the rows in flight finish and the error is thrown (the
   * redelivered chunk re-applies only what is missing).
   */
  async putLevels(warehouseId: string, rows: readonly { sku: string; level: StockLevel }[]): Promise<UpsertOutcome[]> {
    return mapBounded(rows, levelWriteConcurrency, (row) => this.putLevel(warehouseId, row.sku, row.level));
  }

  private levelUpdate(warehouseId: string, sku: string, level: StockLevel) {
    return {
      TableName: this.tableName,
      Key: keys.stock(sku),
      UpdateExpression: 'SET #sku = :sku, #level = :level, #reserved = if_not_exists(#reserved, :zero), #net = :base - if_not_exists(#reserved, :zero)',
      ConditionExpression: 'attribute_not_exists(#level) OR #level.#version < :version',
      ExpressionAttributeNames: {
        '#sku': 'sku',
        '#level': stockAttributes.level(warehouseId),
        '#reserved': stockAttributes.reserved(warehouseId),
        '#net': stockAttributes.net(warehouseId),
        '#version': 'version',
      },
      ExpressionAttributeValues: {
        ':sku': sku,
        ':level': { onHand: level.onHand, safetyStock: level.safetyStock, version: level.version, asOf: level.asOf },
        ':zero': 0,
        ':base': level.onHand - level.safetyStock,
        ':version': level.version,
      },
    };
  }

  /** One expected receipt; newest version wins, quantity 0 is kept as the closing statement. */
  async putSupply(supply: IncomingSupply, version: number): Promise<UpsertOutcome> {
    const name = stockAttributes.supply(supply.supplyId);
    const stored: StoredSupply = { warehouseId: supply.warehouseId, expectedDate: supply.expectedDate, quantity: supply.quantity, version };
    try {
      await this.update(
        {
          TableName: this.tableName,
          Key: keys.stock(supply.sku),
          UpdateExpression: 'SET #sku = :sku, #supply = :supply',
          ConditionExpression: 'attribute_not_exists(#supply) OR #supply.#version < :version',
          ExpressionAttributeNames: { '#sku': 'sku', '#supply': name, '#version': 'version' },
          ExpressionAttributeValues: { ':sku': supply.sku, ':supply': stored, ':version': version },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      );
      return 'applied';
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const current = (error).Item?.[name]?.M?.version?.N;
      const decision = decideStock(current === undefined ? undefined : { version: Number(current) }, { version });
      return decision === 'apply' ? 'stale' : decision;
    }
  }

  /**
   * Remembers the newest source version and as-of applied from a warehouse's feed (freshness), in its
   * attribute of the one `keys.stockFeeds` item. One write per chunk or adjustment on one item: far
   * below an item's ~1,000 writes a second at a manufacturer's feed rates (a 50,000-row snapshot is 50
   * chunks); a feed of thousands of adjustments a second would need it per warehouse again.
   */
  async recordFeed(warehouseId: string, version: number, asOf: string): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.stockFeeds,
          UpdateExpression: 'SET #entity = :entity, #feed = :feed',
          ConditionExpression: 'attribute_not_exists(#feed) OR #feed.#version < :version',
          ExpressionAttributeNames: { '#entity': 'entity', '#feed': feedAttribute(warehouseId), '#version': 'version' },
          ExpressionAttributeValues: { ':entity': 'stockFeeds', ':feed': { version, asOf }, ':version': version },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  /**
   * Forgets a warehouse's feed (a closed warehouse, or an id sent by mistake), so the feed-age schedule
   * stops counting it as stale. Only while its newest statement is still `version` or older, so a feed
   * that reports again after the operator looked is kept. `false`: not retired (absent, or newer).
   */
  async retireFeed(warehouseId: string, seenVersion: number): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.stockFeeds,
          UpdateExpression: 'REMOVE #feed',
          ConditionExpression: 'attribute_exists(#feed) AND #feed.#version <= :seen',
          ExpressionAttributeNames: { '#feed': feedAttribute(warehouseId), '#version': 'version' },
          ExpressionAttributeValues: { ':seen': seenVersion },
        }),
      );
      return true;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return false;
    }
  }

  /** The feed freshness of every warehouse that ever reported (one GetItem). */
  async feeds(): Promise<Map<string, StockFeed>> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.stockFeeds }));
    return toStockFeeds(Item);
  }

  /** Stock of many SKUs: one BatchGet per 100 SKUs, issued together; unprocessed keys are retried (functions/data/batch-get.ts). */
  async get(skus: readonly string[]): Promise<Map<string, SkuStock>> {
    const items = await batchGetAll(this.client, this.tableName, [...new Set(skus)].map((sku) => keys.stock(sku)));
    return new Map(items.map((item) => [item.sku as string, toSkuStock(item)]));
  }

  /**
   * Holds stock for an order's lines, all or nothing, in one transaction: per SKU one update that
   * raises `reserved` and lowers `net` of each warehouse under `net >= :qty`, plus the reservation
   * record (what a release gives back). More than 99 distinct SKUs is refused (`too-many-skus`): the
   * ordering use-case splits such an order into several reservations or rejects it. A retry of the
   * same order (the same lines once folded) is `already-reserved` and reserves nothing twice; the same
   * order id with other lines is `reserved-differently` (with what it holds), nothing changed. Transaction conflicts under
   * contention are retried with jittered backoff.
   */
  async reserve(orderId: string, lines: readonly ReservationLine[], at: string): Promise<ReservationOutcome> {
    const { outcome, settleable } = await this.tryReserve(orderId, lines, at);
    if (settleable.length === 0) return outcome;
    // `net` still subtracts handovers a statement already covers until they are settled: settle the
    // short rows' covered handovers (seen in the refused items) and decide again.
    const settled = await Promise.all(settleable.map((row) => this.settleRow(row.sku, row.warehouseId)));
    return settled.some((n) => n > 0) ? (await this.tryReserve(orderId, lines, at)).outcome : outcome;
  }

  private async tryReserve(orderId: string, lines: readonly ReservationLine[], at: string): Promise<{ outcome: ReservationOutcome; settleable: { sku: string; warehouseId: string }[] }> {
    const folded = foldReservationLines(lines);
    const bySku = groupBySku(folded);
    if (bySku.size > maxReservationSkus) return { outcome: { outcome: 'too-many-skus', skus: bySku.size, max: maxReservationSkus }, settleable: [] };
    const record: ReservationItem = { entity: 'reservation', orderId, lines: folded, reservedAt: at, state: 'reserved' };
    const items: TransactItem[] = [
      { Put: { TableName: this.tableName, Item: { ...keys.reservation(orderId), ...record }, ConditionExpression: 'attribute_not_exists(pk)' } },
      ...[...bySku].map(([sku, skuLines]) => this.stockUpdate(sku, skuLines, +1)),
    ];
    const outcome = await this.transact(items);
    if (outcome === 'done') return { outcome: { outcome: 'reserved' }, settleable: [] };
    const reasons = outcome;
    if (reasons[0]?.Code === 'ConditionalCheckFailed') {
      // A retry holds nothing twice; the same order id with other lines is not a retry, and says so
      // (the record is read back only on this path: a retry is rare).
      const held = await this.heldLines(orderId);
      // Released between the refused write and the read: nothing is held, so reserve afresh.
      if (held.length === 0) return this.tryReserve(orderId, lines, at);
      const same = held.length === folded.length && held.every((line, i) => line.sku === folded[i]!.sku && line.warehouseId === folded[i]!.warehouseId && line.quantity === folded[i]!.quantity);
      return { outcome: same ? { outcome: 'already-reserved' } : { outcome: 'reserved-differently', held }, settleable: [] };
    }
    const short: { sku: string; warehouseId: string; requested: number; available: number }[] = [];
    const settleable: { sku: string; warehouseId: string }[] = [];
    [...bySku].forEach(([sku, skuLines], i) => {
      const reason = reasons[i + 1];
      if (reason?.Code !== 'ConditionalCheckFailed') return;
      for (const line of skuLines) {
        const net = Number(reason.Item?.[stockAttributes.net(line.warehouseId)]?.N ?? 0);
        if (net >= line.quantity) continue;
        short.push({ sku, warehouseId: line.warehouseId, requested: line.quantity, available: Math.max(0, net) });
        if (hasCoveredHandover(reason.Item, line.warehouseId)) settleable.push({ sku, warehouseId: line.warehouseId });
      }
    });
    return { outcome: { outcome: 'insufficient', lines: short }, settleable };
  }

  /** The lines an order's reservation record holds, folded as stored (none when it is gone: released meanwhile). */
  private async heldLines(orderId: string): Promise<ReservationLine[]> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.reservation(orderId), ConsistentRead: true }));
    return ((Item as ReservationItem | undefined)?.lines ?? []).map(({ sku, warehouseId, quantity }) => ({ sku, warehouseId, quantity }));
  }

  /**
   * Gives an unconfirmed order's reservation back (cancelled before the ERP confirmed it): deletes the
   * record and lowers `reserved` / raises `net` by its lines, in one transaction. Releasing twice
   * releases once (`not-reserved`). A confirmed order's units belong to the ERP's allocation now
   * (`handed-over`): they leave through the hand-over, never twice.
   */
  async release(orderId: string): Promise<ReleaseOutcome> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.reservation(orderId), ConsistentRead: true }));
    if (!Item) return 'not-reserved';
    const record = Item as ReservationItem;
    if (record.state === 'confirmed') return 'handed-over';
    const items: TransactItem[] = [
      {
        Delete: {
          TableName: this.tableName,
          Key: keys.reservation(orderId),
          ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(#state) OR #state = :reserved)',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':reserved': 'reserved' },
        },
      },
      ...[...groupBySku(record.lines)].map(([sku, skuLines]) => this.stockUpdate(sku, skuLines, -1)),
    ];
    const outcome = await this.transact(items);
    if (outcome === 'done') return 'released';
    if (outcome[0]?.Code === 'ConditionalCheckFailed') return this.release(orderId);
    throw new Error(`release of ${orderId} refused: ${outcome.map((r) => r.Code ?? 'None').join(',')}`);
  }

  /**
   * The ERP confirmed an order and allocated its stock: each row it allocated from becomes a handover
   * (held, counted until a statement at or past the allocation's version is applied), reserved units it
   * did not take are released at once (domain/atp.ts `planHandover`). One transaction: the record moves to `confirmed` (its condition
   * makes a redelivery change nothing) with one update per SKU, each conditional on the level version
   * the plan was made against — a statement racing in cancels it, and it is planned again. The
   * handover index entries are written first (idempotent), so no settle can miss a handover.
   */
  async confirm(orderId: string, allocations: readonly ConfirmedAllocation[], at: string): Promise<HandoverOutcome> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.reservation(orderId), ConsistentRead: true }));
      if (!Item) return { outcome: 'not-reserved' };
      const record = Item as ReservationItem;
      if (record.state === 'confirmed') return { outcome: 'already-confirmed' };
      const reservedSkus = new Set(record.lines.map((l) => l.sku));
      const levels = await this.levelVersions([...new Set([...reservedSkus, ...allocations.flatMap((a) => a.lines.map((l) => l.sku))])]);
      const levelOf = (sku: string, warehouseId: string) => levels.get(sku)?.get(warehouseId);
      const steps = withinTransactionLimit(planHandover(record.lines, allocations, levelOf), reservedSkus);
      await this.writeHandoverIndex(orderId, steps);
      const items: TransactItem[] = [
        {
          Update: {
            TableName: this.tableName,
            Key: keys.reservation(orderId),
            UpdateExpression: 'SET #state = :confirmed, confirmedAt = :at, handover = :steps, expiresAt = :ttl',
            ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(#state) OR #state = :reserved)',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: {
              ':confirmed': 'confirmed',
              ':reserved': 'reserved',
              ':at': at,
              ':steps': steps,
              ':ttl': Math.floor(Date.parse(at) / 1000) + confirmedRecordTtlSeconds,
            },
          },
        },
        ...[...groupBy(steps, (s) => s.sku)].map(([sku, skuSteps]) => this.handoverUpdate(orderId, sku, skuSteps, (wh) => levelOf(sku, wh))),
      ];
      const outcome = await this.transact(items);
      if (outcome === 'done') return { outcome: 'confirmed', steps };
      // The record changed (confirmed or released meanwhile: the next read says which) or a statement
      // moved a level the plan relied on: read and plan again.
    }
    throw new Error(`confirmation of ${orderId}: levels kept moving, gave up after 20 attempts`);
  }

  /**
   * Settles the handovers of a warehouse whose allocation version is at or below `version` (after a
   * statement at that version was applied, for the SKUs it carried, or all): each one leaves
   * `reserved#<wh>` and `net#<wh>` is restored, under the condition that the row's level really is at
   * or past the allocation's version. Settling changes no answer (reads already stop counting covered
   * handovers); it keeps `net`, which reservation conditions check, exact. Returns how many settled.
   */
  async settleHandovers(warehouseId: string, version: number, skus?: readonly string[]): Promise<number> {
    const entries = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND sk <= :to',
      ExpressionAttributeValues: { ':pk': keys.handoverPartition(warehouseId), ':to': `${keys.handover(warehouseId, version, '').sk}\uffff` },
      ConsistentRead: true,
    });
    const only = skus ? new Set(skus) : undefined;
    let settled = 0;
    await Promise.all(
      entries.map(async (entry) => {
        const orderId = entry.orderId as string;
        const pending = [...((entry.skus as Set<string> | undefined) ?? [])].filter((sku) => !only || only.has(sku));
        const done: string[] = [];
        for (const sku of pending) {
          const result = await this.settleOne(sku, warehouseId, orderId);
          if (result === 'settled') settled += 1;
          if (result !== 'pending') done.push(sku);
        }
        if (done.length > 0) await this.dropFromIndex({ pk: entry.pk as string, sk: entry.sk as string }, done);
      }),
    );
    return settled;
  }

  /** Settles the covered handovers of one row (the lazy path, when a reservation finds `net` short). */
  private async settleRow(sku: string, warehouseId: string): Promise<number> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.stock(sku), ConsistentRead: true }));
    if (!Item) return 0;
    const levelVersion = (Item[stockAttributes.level(warehouseId)] as StockLevel | undefined)?.version;
    const covered = handoversOf(Item, warehouseId).filter((h) => isCovered(levelVersion, h));
    const results = await Promise.all(covered.map((h) => this.settleOne(sku, warehouseId, h.orderId)));
    return results.filter((r) => r === 'settled').length;
  }

  private async settleOne(sku: string, warehouseId: string, orderId: string): Promise<'settled' | 'gone' | 'pending'> {
    try {
      await this.update(
        {
          TableName: this.tableName,
          Key: keys.stock(sku),
          UpdateExpression: 'SET #r = #r - #a.#q, #n = #n + #a.#q REMOVE #a',
          ConditionExpression: 'attribute_exists(#a) AND #l.#v >= #a.#v',
          ExpressionAttributeNames: {
            '#a': stockAttributes.allocation(warehouseId, orderId),
            '#r': stockAttributes.reserved(warehouseId),
            '#n': stockAttributes.net(warehouseId),
            '#l': stockAttributes.level(warehouseId),
            '#q': 'quantity',
            '#v': 'version',
          },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      );
      return 'settled';
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return error.Item?.[stockAttributes.allocation(warehouseId, orderId)] ? 'pending' : 'gone';
    }
  }

  /** One index entry per warehouse and allocation version with the SKUs to settle (a string set). */
  private async writeHandoverIndex(orderId: string, steps: readonly HandoverStep[]): Promise<void> {
    const awaiting = steps.filter((s) => s.awaiting > 0);
    const byEntry = groupBy(awaiting, (s) => `${s.warehouseId}\u0000${s.version}`);
    await Promise.all(
      [...byEntry.values()].map((group) =>
        this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...keys.handover(group[0]!.warehouseId, group[0]!.version, orderId), entity: 'handover', orderId, warehouseId: group[0]!.warehouseId, version: group[0]!.version, skus: new Set(group.map((s) => s.sku)) },
          }),
        ),
      ),
    );
  }

  private async dropFromIndex(key: ItemKey, skus: readonly string[]): Promise<void> {
    const { Attributes } = await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: key.pk, sk: key.sk },
        UpdateExpression: 'DELETE skus :done',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':done': new Set(skus) },
        ReturnValues: 'ALL_NEW',
      }),
    ).catch((error: unknown) => {
      if (isConditionFailure(error)) return { Attributes: undefined };
      throw error;
    });
    if (Attributes && Attributes.skus === undefined) {
      await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: { pk: key.pk, sk: key.sk }, ConditionExpression: 'attribute_not_exists(skus)' })).catch((error: unknown) => {
        if (!isConditionFailure(error)) throw error;
      });
    }
  }

  /** Level versions per SKU and warehouse, strongly consistent (what a handover plan is made against). */
  private async levelVersions(skus: readonly string[]): Promise<Map<string, Map<string, number>>> {
    const items = await batchGetAll(this.client, this.tableName, skus.map((sku) => keys.stock(sku)), { ConsistentRead: true });
    const found = new Map<string, Map<string, number>>();
    for (const item of items) {
      const versions = new Map<string, number>();
      for (const [name, value] of Object.entries(item)) if (name.startsWith('level#')) versions.set(name.slice('level#'.length), (value as StockLevel).version);
      found.set(item.sku as string, versions);
    }
    return found;
  }

  /**
   * One SKU's part of a confirmation: per warehouse, release what does not become a handover and record
   * the handover, each conditional on the level the plan saw (below the allocation's version for a
   * handover, at or past it for a covered release — versions only grow, so that one always holds).
   */
  private handoverUpdate(orderId: string, sku: string, steps: readonly HandoverStep[], levelOf: (warehouseId: string) => number | undefined): TransactItem {
    const names: Record<string, string> = { '#v': 'version', '#sku': 'sku' };
    const values: Record<string, unknown> = { ':sku': sku };
    // The item may not exist yet when the ERP allocated a SKU the feed has not reported.
    const sets: string[] = ['#sku = :sku'];
    const conditions: string[] = [];
    steps.forEach((step, i) => {
      names[`#r${i}`] = stockAttributes.reserved(step.warehouseId);
      names[`#n${i}`] = stockAttributes.net(step.warehouseId);
      names[`#l${i}`] = stockAttributes.level(step.warehouseId);
      if (step.release > 0) {
        values[`:q${i}`] = step.release;
        sets.push(`#r${i} = #r${i} - :q${i}`, `#n${i} = #n${i} + :q${i}`);
        conditions.push(`#r${i} >= :q${i}`);
      }
      if (step.hold > 0) {
        // Units the ERP allocated beyond the reservation: already taken, so held without a `net` condition.
        values[`:h${i}`] = step.hold;
        values[':zero'] = 0;
        sets.push(`#r${i} = if_not_exists(#r${i}, :zero) + :h${i}`, `#n${i} = if_not_exists(#n${i}, :zero) - :h${i}`);
      }
      if (step.awaiting > 0) {
        names[`#a${i}`] = stockAttributes.allocation(step.warehouseId, orderId);
        values[`:a${i}`] = { quantity: step.awaiting, version: step.version };
        values[`:v${i}`] = step.version;
        sets.push(`#a${i} = :a${i}`);
        conditions.push(`attribute_not_exists(#a${i})`, `(attribute_not_exists(#l${i}) OR #l${i}.#v < :v${i})`);
      } else {
        const seen = levelOf(step.warehouseId);
        if (seen === undefined) conditions.push(`attribute_not_exists(#l${i})`);
        else {
          values[`:v${i}`] = seen;
          conditions.push(`#l${i}.#v >= :v${i}`);
        }
      }
    });
    const used = new Set([...sets, ...conditions].join(' ').match(/#[a-z]+\d*/g));
    return this.skuItemUpdate(sku, sets, conditions, Object.fromEntries(Object.entries(names).filter(([k]) => used.has(k))), values);
  }

  /** One conditional update of a SKU item inside a transaction; a refusal returns the item as it was. */
  private skuItemUpdate(sku: string, sets: readonly string[], conditions: readonly string[], names: Record<string, string>, values: Record<string, unknown>): TransactItem {
    return {
      Update: {
        TableName: this.tableName,
        Key: keys.stock(sku),
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: conditions.join(' AND '),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    };
  }

  private stockUpdate(sku: string, lines: readonly ReservationLine[], direction: 1 | -1): TransactItem {
    const names: Record<string, string> = {};
    const values: Record<string, number> = {};
    const sets: string[] = [];
    const conditions: string[] = [];
    lines.forEach((line, i) => {
      names[`#r${i}`] = stockAttributes.reserved(line.warehouseId);
      names[`#n${i}`] = stockAttributes.net(line.warehouseId);
      values[`:q${i}`] = line.quantity;
      if (direction === 1) {
        sets.push(`#r${i} = #r${i} + :q${i}`, `#n${i} = #n${i} - :q${i}`);
        conditions.push(`#n${i} >= :q${i}`);
      } else {
        sets.push(`#r${i} = #r${i} - :q${i}`, `#n${i} = #n${i} + :q${i}`);
        conditions.push(`#r${i} >= :q${i}`);
      }
    });
    return this.skuItemUpdate(sku, sets, conditions, names, values);
  }

  /**
   * One UpdateItem on a SKU item, retried while a transaction holds the item: the item is also the
   * product and its price sheet, which catalog ingest writes in transactions of ~95 products, and
   * reservations are transactions too. DynamoDB answers such a write with TransactionConflictException
   * and the SDK does not retry it; a failed condition is the caller's to read.
   */
  private async update(input: ConstructorParameters<typeof UpdateCommand>[0]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.client.send(new UpdateCommand(input));
        return;
      } catch (error) {
        if (!(error instanceof TransactionConflictException) || attempt >= 8) throw error;
        await sleep(Math.min(500, 10 * 2 ** attempt) * (0.5 + Math.random()));
      }
    }
  }

  /** Runs a transaction; retries conflicts; returns the cancellation reasons when a condition failed. */
  private async transact(items: TransactItem[]): Promise<'done' | NonNullable<TransactionCanceledException['CancellationReasons']>> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.client.send(new TransactWriteCommand({ TransactItems: items }));
        return 'done';
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = error.CancellationReasons ?? [];
        const codes = reasons.map((r) => r.Code ?? 'None');
        if (codes.includes('ConditionalCheckFailed')) return reasons;
        if (attempt >= 20 || codes.some((code) => !['None', 'TransactionConflict'].includes(code))) throw error;
        await sleep(Math.random() * Math.min(500, 10 * 2 ** attempt));
      }
    }
  }
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(keyOf(item), [...(groups.get(keyOf(item)) ?? []), item]);
  return groups;
}

const groupBySku = (lines: readonly ReservationLine[]): Map<string, ReservationLine[]> => groupBy(lines, (l) => l.sku);

/**
 * A confirmation is one transaction of the record plus one item per SKU. SKUs the ERP allocated that
 * the order did not reserve come on top; past the 99-SKU limit they are left out (not held: the feed
 * counts them at its next statement), never the reserved ones.
 */
function withinTransactionLimit(steps: HandoverStep[], reservedSkus: ReadonlySet<string>): HandoverStep[] {
  const extra = [...new Set(steps.map((s) => s.sku).filter((sku) => !reservedSkus.has(sku)))];
  const room = new Set(extra.slice(0, Math.max(0, maxReservationSkus - reservedSkus.size)));
  return steps.filter((s) => reservedSkus.has(s.sku) || room.has(s.sku));
}

/** Whether a refused stock item (raw attribute values, as a cancellation reason returns it) holds a handover its level covers. */
function hasCoveredHandover(item: Record<string, { M?: Record<string, { N?: string }> }> | undefined, warehouseId: string): boolean {
  if (!item) return false;
  const level = item[stockAttributes.level(warehouseId)]?.M?.version?.N;
  const prefix = `alloc#${warehouseId}#`;
  return Object.entries(item).some(([name, value]) => name.startsWith(prefix) && isCovered(level === undefined ? undefined : Number(level), { version: Number(value.M?.version?.N) }));
}

/** The handovers recorded on a stock item for one warehouse (`alloc#<warehouse>#<orderId>`). */
function handoversOf(item: Record<string, unknown>, warehouseId: string): Handover[] {
  const prefix = `alloc#${warehouseId}#`;
  return Object.entries(item)
    .filter(([name]) => name.startsWith(prefix))
    .map(([name, value]) => ({ orderId: name.slice(prefix.length), ...(value as { quantity: number; version: number }) }));
}

const feedPrefix = 'F_';
const feedAttribute = (warehouseId: string) => `${feedPrefix}${warehouseId}`;

/** The warehouses' feed freshness from the `keys.stockFeeds` item (absent item: none reported yet). */
export function toStockFeeds(item: Record<string, unknown> | undefined): Map<string, StockFeed> {
  const feeds = new Map<string, StockFeed>();
  for (const [name, value] of Object.entries(item ?? {})) {
    if (!name.startsWith(feedPrefix)) continue;
    const { version, asOf } = value as StockFeed;
    feeds.set(name.slice(feedPrefix.length), { version, asOf });
  }
  return feeds;
}

/**
 * A stock item (`keys.stock`, as read whole) as the SKU's rows per warehouse and open supply, and the
 * units held in warehouses the feed has not stated the SKU in yet (the ERP allocated a new SKU there).
 */
export function toSkuStock(item: Record<string, unknown>): SkuStock {
  // One pass over the item (it also holds the product and every price): per warehouse its level,
  // held units and handovers; then what counts (domain/atp.ts `countedReserved`).
  const levels = new Map<string, StockLevel>();
  const held = new Map<string, number>();
  const handovers = new Map<string, Handover[]>();
  const supply: IncomingSupply[] = [];
  const sku = item.sku as string;
  for (const [name, value] of Object.entries(item)) {
    if (name.startsWith('level#')) levels.set(name.slice('level#'.length), value as StockLevel);
    else if (name.startsWith('reserved#')) held.set(name.slice('reserved#'.length), Number(value ?? 0));
    else if (name.startsWith('alloc#')) {
      // `alloc#<warehouse>#<orderId>`: ids cannot contain `#`.
      const [, warehouseId, orderId] = name.split('#') as [string, string, string];
      const list = handovers.get(warehouseId) ?? [];
      list.push({ orderId, ...(value as { quantity: number; version: number }) });
      handovers.set(warehouseId, list);
    } else if (name.startsWith('supply#')) {
      const s = value as StoredSupply;
      if (s.quantity > 0) supply.push({ supplyId: name.slice('supply#'.length), sku, warehouseId: s.warehouseId, expectedDate: s.expectedDate, quantity: s.quantity });
    }
  }
  const warehouses = [...levels].map(([warehouseId, level]) => ({ warehouseId, sku, ...level, reserved: countedReserved(held.get(warehouseId) ?? 0, level.version, handovers.get(warehouseId) ?? []) }));
  const heldWithoutLevel = new Map<string, number>();
  for (const [warehouseId, units] of held) {
    if (levels.has(warehouseId)) continue;
    const counted = countedReserved(units, undefined, handovers.get(warehouseId) ?? []);
    if (counted > 0) heldWithoutLevel.set(warehouseId, counted);
  }
  return { sku, warehouses, supply, ...(heldWithoutLevel.size > 0 ? { heldWithoutLevel } : {}) };
}
