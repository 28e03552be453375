import type { Approval, ApprovalDecision, ApprovalStatus } from './approval.ts';
import type { Dealer, ShipTo } from './dealer.ts';
import type { PortalUser } from './user.ts';

/** What the use-cases need from storage and the workflow engine; implementations live in functions/. */
export type UpsertOutcome = 'applied' | 'duplicate' | 'stale';

export interface DealerStore {
  get(dealerId: string): Promise<Dealer | undefined>;
  /** The profile and its current ship-tos, read together. */
  getWithShipTos(dealerId: string): Promise<{ dealer: Dealer | undefined; shipTos: ShipTo[] }>;
  upsert(dealer: Dealer, shipTos: readonly ShipTo[]): Promise<UpsertOutcome>;
}

export interface UserStore {
  get(user: { userId: string; dealerId?: string | undefined }): Promise<PortalUser | undefined>;
  put(user: PortalUser): Promise<void>;
}

export interface ApprovalStore {
  createPending(approval: Approval, taskToken: string): Promise<void>;
  get(approvalId: string): Promise<Approval | undefined>;
  /** Atomically moves a pending approval to its decision and returns the token that resumes the workflow. */
  decide(approvalId: string, decision: ApprovalDecision, by: string, at: string, comment?: string): Promise<{ taskToken: string }>;
  /** Escalates a still-pending approval; returns the status it ends in (a decision may have won the race). */
  escalate(approvalId: string, at: string): Promise<ApprovalStatus>;
}

export interface WorkflowCallbacks {
  succeed(taskToken: string, output: unknown): Promise<void>;
}
