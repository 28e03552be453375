import type { ApprovalDecision } from '#domain/approval';
import { Forbidden, NotFound } from '#domain/errors';
import type { Principal } from '#domain/identity';
import type { ApprovalStore, WorkflowCallbacks } from '#domain/ports';

export interface ApprovalRequest {
  readonly approvalId: string;
  readonly dealerId: string;
  readonly subject: string;
  readonly taskToken: string;
}

/** The workflow's callback task: park the token with a pending approval until someone decides. */
export async function requestApproval(input: ApprovalRequest, deps: { approvals: ApprovalStore; now: () => string }) {
  await deps.approvals.createPending(
    { approvalId: input.approvalId, dealerId: input.dealerId, subject: input.subject, status: 'pending', requestedAt: deps.now() },
    input.taskToken,
  );
}

export async function escalateApproval(approvalId: string, deps: { approvals: ApprovalStore; now: () => string }) {
  const status = await deps.approvals.escalate(approvalId, deps.now());
  return { approvalId, status };
}

/**
 * An approver decides. Another dealer's approval answers "not found", exactly like one that does not
 * exist, so ids cannot be probed across dealers.
 */
export async function decideApproval(
  principal: Principal,
  input: { approvalId: string; decision: ApprovalDecision; comment?: string | undefined },
  deps: { approvals: ApprovalStore; workflows: WorkflowCallbacks; now: () => string },
) {
  if (principal.kind !== 'dealer') throw new Forbidden('only dealer approvers decide dealer approvals');
  const approval = await deps.approvals.get(input.approvalId);
  if (!approval || approval.dealerId !== principal.dealerId) throw new NotFound(`approval ${input.approvalId}`);
  const decidedAt = deps.now();
  const { taskToken } = await deps.approvals.decide(input.approvalId, input.decision, principal.userId, decidedAt, input.comment);
  await deps.workflows.succeed(taskToken, { decision: input.decision, decidedBy: principal.userId, decidedAt });
  return { approvalId: input.approvalId, status: input.decision, decidedAt };
}
