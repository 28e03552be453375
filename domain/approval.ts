export type ApprovalStatus = 'pending' | 'approved' | 'rejected' | 'escalated';
export type ApprovalDecision = 'approved' | 'rejected';

/** One human approval step of a workflow, resumed through its task token. */
export interface Approval {
  readonly approvalId: string;
  readonly dealerId: string;
  readonly subject: string;
  readonly status: ApprovalStatus;
  readonly requestedAt: string;
  readonly decidedAt?: string | undefined;
  readonly decidedBy?: string | undefined;
  readonly comment?: string | undefined;
}

/** Only a pending approval can be decided; a second decision, or one after escalation, is refused. */
export const canDecide = (approval: Pick<Approval, 'status'>): boolean => approval.status === 'pending';
