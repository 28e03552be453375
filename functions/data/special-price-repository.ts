import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SpecialPriceRequest, SpecialPriceRequestStore } from '#domain/pricing-store';
import { keys } from './table-design.ts';

/**
 * Special-price requests: in the dealer's partition, and pending ones on gsi1
 * (`SPECIALPRICE#pending`, by request id — a ULID, so oldest first) for the sales-ops queue.
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
        Item: { ...keys.specialPriceRequest(request.dealerId, request.requestId), ...keys.specialPriceQueue(request.status, request.requestId), entity: 'specialPriceRequest', ...request },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }
}
