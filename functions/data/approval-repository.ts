import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Approval, ApprovalDecision, ApprovalStatus } from '#domain/approval';
import { Conflict, NotFound } from '#domain/errors';
import type { ApprovalStore } from '#domain/ports';
import { keys } from './table-design.ts';

/**
 * Approvals and their task tokens. Every state change is a conditional write on `status = pending`,
 * so two approvers deciding at once, or a decision racing the timeout, resolve to exactly one winner.
 */
export class ApprovalRepository implements ApprovalStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async createPending(approval: Approval, taskToken: string): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.approval(approval.approvalId), entity: 'approval', ...approval, taskToken },
          // A redelivered callback task carries a new token for the same approval: keep the pending
          // approval and refresh its token, but never reopen one that was already decided.
          ConditionExpression: 'attribute_not_exists(pk) OR #status = :pending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':pending': 'pending' },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new Conflict('approval-closed', `approval ${approval.approvalId} is already closed`);
      throw error;
    }
  }

  async get(approvalId: string): Promise<Approval | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.approval(approvalId) }));
    if (!Item) return undefined;
    const { pk: _pk, sk: _sk, entity: _entity, taskToken: _token, ...approval } = Item;
    return approval as Approval;
  }

  async decide(approvalId: string, decision: ApprovalDecision, by: string, at: string, comment?: string): Promise<{ taskToken: string }> {
    const result = await this.closePending(approvalId, decision, at, { decidedBy: by, ...(comment ? { comment } : {}) });
    return { taskToken: String(result.taskToken) };
  }

  async escalate(approvalId: string, at: string): Promise<ApprovalStatus> {
    try {
      await this.closePending(approvalId, 'escalated', at, {});
      return 'escalated';
    } catch (error) {
      // A decision that landed just before the timeout wins; escalation reports it instead of failing.
      if (!(error instanceof Conflict)) throw error;
      const current = await this.get(approvalId);
      return current?.status ?? 'escalated';
    }
  }

  private async closePending(approvalId: string, status: string, at: string, extra: Record<string, string>) {
    const names: Record<string, string> = { '#status': 'status', '#decidedAt': 'decidedAt' };
    const values: Record<string, unknown> = { ':pending': 'pending', ':status': status, ':at': at };
    const sets = ['#status = :status', '#decidedAt = :at'];
    for (const [field, value] of Object.entries(extra)) {
      names[`#${field}`] = field;
      values[`:${field}`] = value;
      sets.push(`#${field} = :${field}`);
    }
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.approval(approvalId),
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: 'attribute_exists(pk) AND #status = :pending',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return Attributes ?? {};
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        if (!error.Item) throw new NotFound(`approval ${approvalId}`);
        throw new Conflict('approval-closed', `approval ${approvalId} is already ${String(error.Item.status?.S ?? 'closed')}`);
      }
      throw error;
    }
  }
}
