import type { Approval, ApprovalDecision, ApprovalStatus } from './approval.ts';
import type { Dealer, ShipTo } from './dealer.ts';
import type { UserChange } from './accounts.ts';
import type { DealerRole } from './identity.ts';
import type { Money } from './money.ts';
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

/** One page of a listing. `nextCursor` is opaque to callers and present while more may follow. */
export interface Page<T> {
  readonly items: T[];
  readonly nextCursor?: string | undefined;
}

export interface PageRequest {
  readonly limit: number;
  /** A `nextCursor` from the previous page. */
  readonly cursor?: string | undefined;
}

/** All dealers, for staff. */
export interface DealerListing {
  /** Dealers ordered by name. */
  list(page: PageRequest): Promise<Page<Dealer>>;
}

/**
 * An invite while it is carried out. It is written before the directory user is created and is the
 * dealer's uniqueness claim on the email; a retry resumes it (see functions/use-cases/dealer-users.ts).
 */
export interface InviteRecord {
  readonly dealerId: string;
  /** Normalized (domain/accounts.ts `normalizeEmail`). */
  readonly email: string;
  readonly name: string;
  readonly roles: readonly DealerRole[];
  readonly orderLimit?: Money | undefined;
  readonly shipToIds?: readonly string[] | undefined;
  readonly invitedBy: string;
  /** The directory's id for the user (Cognito `sub`) once the directory user exists. */
  readonly userId?: string | undefined;
  /** The attempt carrying the invite out; every later write of the invite is conditional on it. */
  readonly attempt: string;
}

export type InviteReservation =
  /** This attempt owns the invite: a new one, or an unfinished one whose lease ran out (`resumed`). */
  | { readonly outcome: 'reserved'; readonly invite: InviteRecord; readonly resumed: boolean }
  /** The dealer already has a user with this email. */
  | { readonly outcome: 'exists'; readonly userId: string }
  /** Another attempt is carrying out an invite for this email right now. */
  | { readonly outcome: 'in-progress' };

/** A dealer's users as dealer admins manage them. */
export interface DealerUserStore {
  list(dealerId: string, page: PageRequest): Promise<Page<PortalUser>>;
  /** Claims the email for the dealer (conditional write), or reports who holds it. */
  reserveInvite(invite: InviteRecord, lease: { readonly now: string; readonly until: string }): Promise<InviteReservation>;
  /** Remembers the directory user of an invite, so a retry never creates a second one. */
  recordDirectoryUser(invite: InviteRecord, userId: string): Promise<void>;
  /** Writes the user and marks the email taken, in one transaction; Conflict when another attempt owns the invite. */
  completeInvite(invite: InviteRecord, user: PortalUser): Promise<void>;
  /** Gives the email back after an invite that cannot succeed. */
  releaseInvite(invite: InviteRecord): Promise<void>;
  /** Changes a user of this dealer; NotFound when the dealer has no such user. */
  update(dealerId: string, userId: string, change: UserChange): Promise<PortalUser>;
}

export interface NewDirectoryUser {
  readonly email: string;
  readonly name: string;
  readonly dealerId: string;
}

/**
 * The sign-in directory (Cognito in AWS, local/user-directory.ts locally). Its user id is the `sub` of
 * the user's tokens, and so the portal's user id; its groups are the token's `cognito:groups`.
 */
export interface IdentityDirectory {
  /** Creates the user with its dealer attribute and sends the invitation; Conflict `email-in-use` if the email exists. */
  createUser(user: NewDirectoryUser): Promise<{ userId: string }>;
  /**
   * Re-sends the invitation of an existing user who has not signed in yet and returns its id and dealer,
   * or undefined when the directory has no such user. How a retried invite finds the user an earlier
   * attempt created but could not record.
   */
  resendInvitation(email: string): Promise<{ userId: string; dealerId: string | undefined } | undefined>;
  /** Leaves the user in exactly these dealer-role groups (idempotent). */
  setGroups(userId: string, roles: readonly DealerRole[]): Promise<void>;
  /** Enables or disables sign-in (idempotent). */
  setEnabled(userId: string, enabled: boolean): Promise<void>;
}
