import { BatchGetCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { decideRevision } from '#domain/dealer';
import type { UpsertOutcome } from '#domain/ports';
import type { PromotionRecord, TierDefinition } from '#domain/pricing-rules';
import type { ContractEntry, ListItemEntry, ListPointer, PriceStore, PricingContext, PromotionEntry, SheetView } from '#domain/pricing-store';
import { keys } from './table-design.ts';
import { queryAll } from './query-all.ts';

const listAttribute = (currency: string, version: number): string => `L_${currency}_${version}`;
const contractAttribute = (dealerId: string): string => `C_${dealerId}`;

interface PointerItem extends ListPointer {
  readonly entity: 'priceListPointer';
  readonly latest: number;
}

const isConditionFailure = (error: unknown): boolean => error instanceof Error && error.name === 'ConditionalCheckFailedException';

/** The revision a failed revision-guarded write found (ReturnValuesOnConditionCheckFailure: ALL_OLD). */
function storedRevision(error: unknown, path: (item: Record<string, unknown>) => unknown): number | undefined {
  const item = (error as { Item?: Record<string, unknown> }).Item;
  const value = item ? path(item) : undefined;
  const wire = value as { N?: string; M?: { revision?: { N?: string } } } | undefined;
  const n = wire?.N ?? wire?.M?.revision?.N;
  return n === undefined ? undefined : Number(n);
}

const outcomeAfterConflict = (stored: number | undefined, incoming: number): UpsertOutcome => {
  const decision = decideRevision(stored, incoming);
  return decision === 'apply' ? 'stale' : decision;
};

/** Price data in the single table (docs/data-model.md, "Pricing"). */
export class PriceRepository implements PriceStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async pointer(currency: string): Promise<ListPointer | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.priceListPointer(currency), ConsistentRead: true }));
    return Item as PointerItem | undefined;
  }

  async writeListItems(currency: string, version: number, items: readonly (ListItemEntry & { readonly sku: string })[]): Promise<void> {
    const attribute = listAttribute(currency, version);
    const queue = [...items];
    const worker = async (): Promise<void> => {
      for (let item = queue.shift(); item; item = queue.shift()) {
        const { sku, ...entry } = item;
        await this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: keys.priceSheet(sku),
            UpdateExpression: 'SET #entity = :entity, #sku = :sku, #list = :entry',
            ExpressionAttributeNames: { '#entity': 'entity', '#sku': 'sku', '#list': attribute },
            ExpressionAttributeValues: { ':entity': 'priceSheet', ':sku': sku, ':entry': entry },
          }),
        );
      }
    };
    await Promise.all(Array.from({ length: Math.min(16, items.length) }, worker));
  }

  async recordListPart(currency: string, version: number, part: { index: number; count: number }): Promise<{ seen: boolean; complete: boolean }> {
    const { Attributes } = await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.priceListVersion(currency, version),
        UpdateExpression: 'ADD parts :part SET #count = :count, entity = :entity',
        ExpressionAttributeNames: { '#count': 'count' },
        ExpressionAttributeValues: { ':part': new Set([String(part.index)]), ':count': part.count, ':entity': 'priceListVersion' },
        ReturnValues: 'ALL_OLD',
      }),
    );
    const before = (Attributes?.parts as Set<string> | undefined) ?? new Set<string>();
    const seen = before.has(String(part.index));
    const after = new Set(before).add(String(part.index));
    return { seen, complete: after.size >= part.count };
  }

  async flipPointer(currency: string, priceListId: string, version: number, effectiveFrom: string): Promise<UpsertOutcome> {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const current = (await this.pointer(currency)) as PointerItem | undefined;
      if (current && current.latest >= version) return current.latest === version ? 'duplicate' : 'stale';
      const item: PointerItem = {
        entity: 'priceListPointer',
        currency,
        priceListId,
        latest: version,
        versions: [{ version, effectiveFrom }, ...(current?.versions ?? []).slice(0, 1)],
      };
      try {
        await this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...keys.priceListPointer(currency), ...item },
            ...(current
              ? { ConditionExpression: 'latest = :seen', ExpressionAttributeValues: { ':seen': current.latest } }
              : { ConditionExpression: 'attribute_not_exists(pk)' }),
          }),
        );
        return 'applied';
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    }
    throw new Error(`price list pointer ${currency} kept changing while publishing version ${version}`);
  }

  async putContract(dealerId: string, sku: string, entry: ContractEntry): Promise<UpsertOutcome> {
    const attribute = contractAttribute(dealerId);
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.priceSheet(sku),
          UpdateExpression: 'SET #entity = :entity, #sku = :sku, #contract = :entry',
          ConditionExpression: 'attribute_not_exists(#contract) OR #contract.revision < :revision',
          ExpressionAttributeNames: { '#entity': 'entity', '#sku': 'sku', '#contract': attribute },
          ExpressionAttributeValues: { ':entity': 'priceSheet', ':sku': sku, ':entry': entry, ':revision': entry.revision },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return 'applied';
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return outcomeAfterConflict(
        storedRevision(error, (item) => item[attribute]),
        entry.revision,
      );
    }
  }

  async putPromotion(entry: PromotionEntry, expiresAt?: number): Promise<UpsertOutcome> {
    return this.putRevisioned({ ...keys.promotion(entry.promotionId), entity: 'promotion', ...entry, ...(expiresAt === undefined ? {} : { expiresAt }) }, entry.revision);
  }

  async putTier(tier: TierDefinition): Promise<UpsertOutcome> {
    return this.putRevisioned({ ...keys.pricingTier(tier.tierId), entity: 'pricingTier', ...tier }, tier.revision);
  }

  private async putRevisioned(item: Record<string, unknown>, revision: number): Promise<UpsertOutcome> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(pk) OR revision < :revision',
          ExpressionAttributeValues: { ':revision': revision },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return 'applied';
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return outcomeAfterConflict(
        storedRevision(error, (stored) => stored.revision),
        revision,
      );
    }
  }

  /** One Query of the pricing partition (paged only past 1 MB, i.e. thousands of promotions). */
  async context(): Promise<PricingContext> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      FilterExpression: 'attribute_not_exists(ended)',
      ExpressionAttributeValues: { ':pk': keys.pricingPartition },
    });
    const of = <T>(entity: string): T[] => items.filter((i) => i.entity === entity).map(({ pk: _pk, sk: _sk, entity: _entity, expiresAt: _e, ...rest }) => rest as T);
    return { tiers: of<TierDefinition>('pricingTier'), pointers: of<ListPointer & { latest?: number }>('priceListPointer'), promotions: of<PromotionRecord>('promotion') };
  }

  /** BatchGets of at most 100 sheets each, run together, projecting only this dealer and currency. */
  async sheets(skus: readonly string[], dealerId: string, currency: string, versions: readonly number[]): Promise<Map<string, SheetView>> {
    const names: Record<string, string> = { '#sku': 'sku', '#c': contractAttribute(dealerId) };
    versions.forEach((v, i) => (names[`#l${i}`] = listAttribute(currency, v)));
    const projection = Object.keys(names).join(', ');
    const unique = [...new Set(skus)];
    const chunks: string[][] = [];
    for (let i = 0; i < unique.length; i += 100) chunks.push(unique.slice(i, i + 100));
    const found = new Map<string, SheetView>();
    await Promise.all(
      chunks.map(async (chunk) => {
        let pending: Record<string, unknown>[] = chunk.map((sku) => ({ ...keys.priceSheet(sku) }));
        for (let attempt = 0; pending.length > 0; attempt++) {
          if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt)));
          const result = await this.client.send(
            new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: pending, ProjectionExpression: projection, ExpressionAttributeNames: names } } }),
          );
          for (const item of result.Responses?.[this.tableName] ?? []) {
            const list = new Map<number, ListItemEntry>();
            versions.forEach((v) => {
              const entry = item[listAttribute(currency, v)] as ListItemEntry | undefined;
              if (entry) list.set(v, entry);
            });
            const contract = item[contractAttribute(dealerId)] as ContractEntry | undefined;
            found.set(item.sku as string, { sku: item.sku as string, list, contract });
          }
          pending = (result.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as Record<string, unknown>[];
        }
      }),
    );
    return found;
  }
}
