import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, GetCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { decideStock, foldReservationLines, type IncomingSupply, type ReservationLine, type StockLevel } from '#domain/atp';
import type { ReservationOutcome, SkuStock, StockStore, UpsertOutcome } from '#domain/ports';
import { keys, type ItemKey } from './table-design.ts';

type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

/**
 * Stock lives in one item per SKU (`keys.stock`) with top-level attributes per warehouse, so the ATP
 * read of 100 SKUs is one BatchGet whatever the number of warehouses, and an order line split across
 * warehouses is one item in a reservation transaction:
 *
 * - `level#<warehouse>`: what the source last said ({ onHand, safetyStock, version, asOf }).
 * - `reserved#<warehouse>`: units held by unconfirmed portal orders.
 * - `net#<warehouse>`: onHand − safetyStock − reserved, kept in step by every write. DynamoDB
 *   conditions cannot do arithmetic, so this is what `net >= :qty` checks; ATP is max(0, net).
 * - `supply#<supplyId>`: one expected receipt ({ warehouseId, expectedDate, quantity, version }).
 *
 * Warehouse and supply ids cannot contain `#` (events/schema-parts.ts), so attribute names cannot collide.
 */
export const stockAttributes = {
  level: (warehouseId: string) => `level#${warehouseId}`,
  reserved: (warehouseId: string) => `reserved#${warehouseId}`,
  net: (warehouseId: string) => `net#${warehouseId}`,
  supply: (supplyId: string) => `supply#${supplyId}`,
} as const;

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
}

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
      await this.client.send(new UpdateCommand({ ...this.levelUpdate(warehouseId, sku, level), ReturnValuesOnConditionCheckFailure: 'ALL_OLD' }));
      return 'applied';
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const stored = (error).Item?.[stockAttributes.level(warehouseId)]?.M?.version?.N;
      const decision = decideStock(stored === undefined ? undefined : { version: Number(stored) }, level);
      return decision === 'apply' ? 'stale' : decision;
    }
  }

  /**
   * Many rows of one snapshot chunk: up to 100 conditional updates per transaction, so a chunk of
   * 1,000 rows is 10 requests rather than 1,000. In a normal snapshot every row is newer and the
   * transaction applies; when any row is a replay or older (or a reservation races it) the group is
   * cancelled whole and re-applied row by row, which gives each row its own outcome.
   */
  async putLevels(warehouseId: string, rows: readonly { sku: string; level: StockLevel }[]): Promise<UpsertOutcome[]> {
    const outcomes: UpsertOutcome[] = [];
    for (let i = 0; i < rows.length; i += 100) {
      const group = rows.slice(i, i + 100);
      try {
        await this.client.send(new TransactWriteCommand({ TransactItems: group.map((r) => ({ Update: { ...this.levelUpdate(warehouseId, r.sku, r.level) } })) }));
        outcomes.push(...group.map((): UpsertOutcome => 'applied'));
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        for (const r of group) outcomes.push(await this.putLevel(warehouseId, r.sku, r.level));
      }
    }
    return outcomes;
  }

  private levelUpdate(warehouseId: string, sku: string, level: StockLevel) {
    return {
      TableName: this.tableName,
      Key: keys.stock(sku),
      UpdateExpression: 'SET #entity = :entity, #sku = :sku, #level = :level, #reserved = if_not_exists(#reserved, :zero), #net = :base - if_not_exists(#reserved, :zero)',
      ConditionExpression: 'attribute_not_exists(#level) OR #level.#version < :version',
      ExpressionAttributeNames: {
        '#entity': 'entity',
        '#sku': 'sku',
        '#level': stockAttributes.level(warehouseId),
        '#reserved': stockAttributes.reserved(warehouseId),
        '#net': stockAttributes.net(warehouseId),
        '#version': 'version',
      },
      ExpressionAttributeValues: {
        ':entity': 'stock',
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
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.stock(supply.sku),
          UpdateExpression: 'SET #entity = :entity, #sku = :sku, #supply = :supply',
          ConditionExpression: 'attribute_not_exists(#supply) OR #supply.#version < :version',
          ExpressionAttributeNames: { '#entity': 'entity', '#sku': 'sku', '#supply': name, '#version': 'version' },
          ExpressionAttributeValues: { ':entity': 'stock', ':sku': supply.sku, ':supply': stored, ':version': version },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return 'applied';
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const current = (error).Item?.[name]?.M?.version?.N;
      const decision = decideStock(current === undefined ? undefined : { version: Number(current) }, { version });
      return decision === 'apply' ? 'stale' : decision;
    }
  }

  /** Remembers the newest source version and as-of applied from a warehouse's feed (freshness). */
  async recordFeed(warehouseId: string, version: number, asOf: string): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.warehouseFeed(warehouseId),
          UpdateExpression: 'SET #entity = :entity, warehouseId = :warehouseId, #version = :version, asOf = :asOf',
          ConditionExpression: 'attribute_not_exists(#version) OR #version < :version',
          ExpressionAttributeNames: { '#entity': 'entity', '#version': 'version' },
          ExpressionAttributeValues: { ':entity': 'warehouseFeed', ':warehouseId': warehouseId, ':version': version, ':asOf': asOf },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  /** The feed freshness of some warehouses (absent: never heard from). */
  async feeds(warehouseIds: readonly string[]): Promise<Map<string, { version: number; asOf: string }>> {
    const found = new Map<string, { version: number; asOf: string }>();
    if (warehouseIds.length === 0) return found;
    const out = await this.client.send(
      new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: [...new Set(warehouseIds)].map((w) => keys.warehouseFeed(w)) } } }),
    );
    for (const item of out.Responses?.[this.tableName] ?? []) found.set(item.warehouseId as string, { version: item.version as number, asOf: item.asOf as string });
    return found;
  }

  /** Stock of many SKUs: one BatchGet per 100 SKUs, issued together; unprocessed keys are retried. */
  async get(skus: readonly string[]): Promise<Map<string, SkuStock>> {
    const unique = [...new Set(skus)];
    const chunks: ItemKey[][] = [];
    for (let i = 0; i < unique.length; i += 100) chunks.push(unique.slice(i, i + 100).map((sku) => keys.stock(sku)));
    const found = new Map<string, SkuStock>();
    await Promise.all(
      chunks.map(async (chunk) => {
        let pending: Record<string, unknown>[] = chunk.map((k) => ({ pk: k.pk, sk: k.sk }));
        for (let attempt = 0; pending.length > 0; attempt++) {
          if (attempt > 0) await sleep(Math.min(1000, 25 * 2 ** attempt));
          const out = await this.client.send(new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: pending } } }));
          for (const item of out.Responses?.[this.tableName] ?? []) {
            const stock = toSkuStock(item);
            found.set(stock.sku, stock);
          }
          pending = (out.UnprocessedKeys?.[this.tableName]?.Keys as Record<string, unknown>[] | undefined) ?? [];
        }
      }),
    );
    return found;
  }

  /**
   * Holds stock for an order's lines, all or nothing, in one transaction: per SKU one update that
   * raises `reserved` and lowers `net` of each warehouse under `net >= :qty`, plus the reservation
   * record (what a release gives back). More than 99 distinct SKUs is refused (`too-many-skus`): the
   * ordering use-case splits such an order into several reservations or rejects it. A retry of the
   * same order is answered from the record and reserves nothing twice. Transaction conflicts under
   * contention are retried with jittered backoff.
   */
  async reserve(orderId: string, lines: readonly ReservationLine[], at: string): Promise<ReservationOutcome> {
    const folded = foldReservationLines(lines);
    const bySku = groupBySku(folded);
    if (bySku.size > maxReservationSkus) return { outcome: 'too-many-skus', skus: bySku.size, max: maxReservationSkus };
    const record: ReservationItem = { entity: 'reservation', orderId, lines: folded, reservedAt: at };
    const items: TransactItem[] = [
      { Put: { TableName: this.tableName, Item: { ...keys.reservation(orderId), ...record }, ConditionExpression: 'attribute_not_exists(pk)' } },
      ...[...bySku].map(([sku, skuLines]) => this.stockUpdate(sku, skuLines, +1)),
    ];
    const outcome = await this.transact(items);
    if (outcome === 'done') return { outcome: 'reserved' };
    const reasons = outcome;
    if (reasons[0]?.Code === 'ConditionalCheckFailed') return { outcome: 'already-reserved' };
    const short: { sku: string; warehouseId: string; requested: number; available: number }[] = [];
    [...bySku].forEach(([sku, skuLines], i) => {
      const reason = reasons[i + 1];
      if (reason?.Code !== 'ConditionalCheckFailed') return;
      for (const line of skuLines) {
        const net = Number(reason.Item?.[stockAttributes.net(line.warehouseId)]?.N ?? 0);
        if (net < line.quantity) short.push({ sku, warehouseId: line.warehouseId, requested: line.quantity, available: Math.max(0, net) });
      }
    });
    return { outcome: 'insufficient', lines: short };
  }

  /**
   * Gives an order's reservation back (cancelled, or handed over to the ERP's allocation): deletes the
   * record and lowers `reserved` / raises `net` by its lines, in one transaction. Releasing twice
   * releases once (`not-reserved`).
   */
  async release(orderId: string): Promise<'released' | 'not-reserved'> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.reservation(orderId), ConsistentRead: true }));
    if (!Item) return 'not-reserved';
    const record = Item as ReservationItem;
    const items: TransactItem[] = [
      { Delete: { TableName: this.tableName, Key: keys.reservation(orderId), ConditionExpression: 'attribute_exists(pk)' } },
      ...[...groupBySku(record.lines)].map(([sku, skuLines]) => this.stockUpdate(sku, skuLines, -1)),
    ];
    const outcome = await this.transact(items);
    if (outcome === 'done') return 'released';
    if (outcome[0]?.Code === 'ConditionalCheckFailed') return 'not-reserved';
    throw new Error(`release of ${orderId} refused: ${outcome.map((r) => r.Code ?? 'None').join(',')}`);
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

function groupBySku(lines: readonly ReservationLine[]): Map<string, ReservationLine[]> {
  const bySku = new Map<string, ReservationLine[]>();
  for (const line of lines) bySku.set(line.sku, [...(bySku.get(line.sku) ?? []), line]);
  return bySku;
}

function toSkuStock(item: Record<string, unknown>): SkuStock {
  const warehouses: SkuStock['warehouses'][number][] = [];
  const supply: IncomingSupply[] = [];
  const sku = item.sku as string;
  for (const [name, value] of Object.entries(item)) {
    if (name.startsWith('level#')) {
      const warehouseId = name.slice('level#'.length);
      const level = value as StockLevel;
      warehouses.push({ warehouseId, sku, ...level, reserved: Number(item[stockAttributes.reserved(warehouseId)] ?? 0) });
    } else if (name.startsWith('supply#')) {
      const s = value as StoredSupply;
      if (s.quantity > 0) supply.push({ supplyId: name.slice('supply#'.length), sku, warehouseId: s.warehouseId, expectedDate: s.expectedDate, quantity: s.quantity });
    }
  }
  return { sku, warehouses, supply };
}
