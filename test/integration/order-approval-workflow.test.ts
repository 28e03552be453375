import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DescribeExecutionCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { ulid } from 'ulidx';
import { ApprovalRepository } from '#functions/data/approval-repository';
import { UserRepository } from '#functions/data/user-repository';
import { synthesizedStateMachines } from '#local/workflow-definitions';
import { orderApprovalWorkflow, type OrderApprovalInput } from '#infra/workflows/order-approval';
import { startTestStack, type TestStack } from '#test/support/local-stack';
import { dealerUser, subjectOf } from '#test/support/fixtures';

let stack: TestStack;
let sfn: SFNClient;
const approverA = dealerUser('D-A', 'u-a-approver', ['approver']);
const secondApproverA = dealerUser('D-A', 'u-a-approver-2', ['approver']);
const buyerA = dealerUser('D-A', 'u-a-buyer', ['buyer']);
const approverB = dealerUser('D-B', 'u-b-approver', ['approver']);

beforeAll(async () => {
  // The definition CDK synthesizes for the stage, not a copy written for tests.
  stack = await startTestStack({ stateMachines: await synthesizedStateMachines('dev') });
  sfn = new SFNClient({});
  const users = new UserRepository(stack.documentClient, stack.tableName);
  await Promise.all([approverA, secondApproverA, buyerA, approverB].map((u) => users.put(u)));
});
afterAll(async () => {
  sfn?.destroy();
  await stack?.stop();
});

const approvals = () => new ApprovalRepository(stack.documentClient, stack.tableName);

async function startApproval(overrides: Partial<OrderApprovalInput> = {}) {
  const input: OrderApprovalInput = { approvalId: `AP-${ulid()}`, dealerId: 'D-A', subject: 'Order PO-1 above buyer limit', approvalTimeoutSeconds: 60, ...overrides };
  const { executionArn } = await sfn.send(
    new StartExecutionCommand({ stateMachineArn: stack.stateMachineArn(orderApprovalWorkflow), input: JSON.stringify(input) }),
  );
  await until(async () => (await approvals().get(input.approvalId))?.status === 'pending');
  return { input, executionArn: executionArn! };
}

async function until(check: () => Promise<boolean>, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function finished(executionArn: string) {
  await until(async () => (await sfn.send(new DescribeExecutionCommand({ executionArn }))).status !== 'RUNNING');
  const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
  return { status: execution.status, output: JSON.parse(execution.output ?? 'null') as Record<string, Record<string, unknown>> };
}

const decide = async (user: typeof approverA, approvalId: string, body: unknown) =>
  stack.call('POST', `/approvals/${approvalId}/decision`, { token: await stack.token(subjectOf(user)), body });

describe('order approval workflow (task-token callback)', () => {
  it('waits for the approver, then finishes with the decision', async () => {
    const { input, executionArn } = await startApproval();
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('RUNNING');

    const response = await decide(approverA, input.approvalId, { decision: 'approved', comment: 'ok' });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ approvalId: input.approvalId, status: 'approved' });

    const execution = await finished(executionArn);
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.output.decision).toMatchObject({ decision: 'approved', decidedBy: 'u-a-approver' });
    expect(await approvals().get(input.approvalId)).toMatchObject({ status: 'approved', decidedBy: 'u-a-approver', comment: 'ok' });
  });

  it('escalates when nobody decides before the timeout, and refuses a late decision', async () => {
    const { input, executionArn } = await startApproval({ approvalTimeoutSeconds: 1 });
    const execution = await finished(executionArn);
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.output.escalation).toEqual({ status: 'escalated' });
    expect((await approvals().get(input.approvalId))?.status).toBe('escalated');

    const late = await decide(approverA, input.approvalId, { decision: 'approved' });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('approval-closed');
  });

  it("answers 404 to another dealer's approver and changes nothing", async () => {
    const { input, executionArn } = await startApproval();
    const response = await decide(approverB, input.approvalId, { decision: 'rejected' });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect((await approvals().get(input.approvalId))?.status).toBe('pending');
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('RUNNING');
    await decide(approverA, input.approvalId, { decision: 'rejected' });
    expect((await finished(executionArn)).status).toBe('SUCCEEDED');
  });

  it('refuses a buyer (not an approver) with 403', async () => {
    const { input } = await startApproval();
    const response = await decide(buyerA, input.approvalId, { decision: 'approved' });
    expect(response.status).toBe(403);
    expect((await approvals().get(input.approvalId))?.status).toBe('pending');
  });

  it('answers problem+json per field for a bad decision and changes nothing', async () => {
    const { input } = await startApproval();
    const response = await decide(approverA, input.approvalId, { decision: 'maybe', comment: 7 });
    expect(response.status).toBe(400);
    expect((response.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['body.comment', 'body.decision']);
    const badPath = await decide(approverA, 'AP%23forged', { decision: 'approved' });
    expect(badPath.status).toBe(400);
    expect((await approvals().get(input.approvalId))?.status).toBe('pending');
  });

  it('lets exactly one of two racing approvers decide', async () => {
    const { input, executionArn } = await startApproval();
    const [first, second] = await Promise.all([
      decide(approverA, input.approvalId, { decision: 'approved' }),
      decide(secondApproverA, input.approvalId, { decision: 'rejected' }),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    const winner = first.status === 200 ? 'approved' : 'rejected';
    const execution = await finished(executionArn);
    expect(execution.output.decision).toMatchObject({ decision: winner });
    expect((await approvals().get(input.approvalId))?.status).toBe(winner);
  });

  it('lets a decision that beat the timeout stand when the escalation task runs late', async () => {
    const { input, executionArn } = await startApproval();
    await decide(approverA, input.approvalId, { decision: 'approved' });
    await finished(executionArn);
    // The escalation task as the state machine would invoke it, arriving after the decision.
    await expect(stack.functions.invoke('approvalEscalate', { approvalId: input.approvalId })).resolves.toEqual({
      approvalId: input.approvalId,
      status: 'approved',
    });
    expect((await approvals().get(input.approvalId))?.status).toBe('approved');
  });

  it('rejects a malformed task payload without touching the table', async () => {
    await expect(stack.functions.invoke('approvalRequest', { approvalId: 'AP-X', dealerId: 'D-A' })).rejects.toMatchObject({ code: 'validation-failed' });
    expect(await approvals().get('AP-X')).toBeUndefined();
  });
});
