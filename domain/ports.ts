import type { Approval, ApprovalDecision, ApprovalStatus } from './approval.ts';
import type { ConfirmedAllocation, HandoverStep, IncomingSupply, ReservationLine, StockLevel, StockRow } from './atp.ts';
import type { Dealer, ShipTo } from './dealer.ts';
import type { Entitlement } from './entitlements.ts';
import type { CatalogFilter, CatalogSort } from './catalog-search.ts';
import type { CategoryCounters, GovernanceReason, Verdict } from './governance.ts';
import type { AttributeValue, ProductRecord } from './product.ts';
import type { Category } from './taxonomy.ts';
import type { UserChange } from './accounts.ts';
import type { DealerRole, Role } from './identity.ts';
import type { Money } from './money.ts';
import type { PortalUser, UserStatus } from './user.ts';

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

/** The governed taxonomy (functions/data/catalog-repository.ts). */
export interface TaxonomyStore {
  /** The whole taxonomy (a few hundred categories at most: one partition). */
  all(): Promise<Category[]>;
  byIds(categoryIds: Iterable<string>): Promise<Map<string, Category>>;
  /** Newest revision wins (conditional write). */
  upsert(category: Category): Promise<UpsertOutcome>;
}

/** A product as stored: the merged record, its governance verdict, and the optimistic-lock version. */
export interface StoredProduct {
  readonly record: ProductRecord;
  readonly verdict: Verdict;
  readonly lockVersion: number;
}

/**
 * One product transition to write. `previous` is exactly what was read (its lockVersion guards the
 * write); `categoryRevision` is the revision of the category the verdict was reached against
 * (undefined: the category was unknown), checked in the same transaction for quarantine verdicts.
 */
export interface ProductWrite {
  readonly previous?: StoredProduct | undefined;
  /** No product yet, but the SKU's item exists (prices or stock written first): update it, never replace it. */
  readonly itemExists?: boolean | undefined;
  readonly record: ProductRecord;
  readonly verdict: Verdict;
  readonly categoryRevision?: number | undefined;
}

export interface ProductStore {
  get(skus: readonly string[]): Promise<Map<string, StoredProduct>>;
  /** As `get`, and which of the other SKUs already have an item (prices or stock only): what a write needs. */
  getForWrite(skus: readonly string[]): Promise<{ readonly products: Map<string, StoredProduct>; readonly itemOnly: ReadonlySet<string> }>;
  /**
   * Writes each product atomically with its quarantine entry and governance counters; never a part
   * of one. Returns the SKUs not written because something changed since they were read (read
   * again and retry).
   */
  write(writes: readonly ProductWrite[]): Promise<{ readonly notWritten: readonly string[] }>;
  /** SKUs quarantined under a category (strongly consistent), for re-validation after a template change. */
  quarantinedSkus(categoryId: string, after: string | undefined, limit: number): Promise<{ skus: string[]; last?: string | undefined }>;
}

/** One catalog page request, already resolved to what the caller may see. */
export interface CatalogListing {
  readonly sort: CatalogSort;
  /** Category partitions to read (entitled ∩ requested). */
  readonly categoryIds: readonly string[];
  /** Single entitled SKUs outside those categories, and the categories they must be in (the requested subtree, or all). */
  readonly extraSkus: readonly string[];
  readonly extraSkuCategories: ReadonlySet<string> | 'all';
  readonly filter: CatalogFilter;
  /** The sort key of the last item of the previous page. */
  readonly after?: string | undefined;
  readonly limit: number;
}

export interface CatalogListItem {
  readonly sku: string;
  readonly name: string;
  readonly categoryId: string;
  readonly lifecycle: ProductRecord['lifecycle'];
  readonly replacementSku?: string | undefined;
  readonly unitOfMeasure: string;
  readonly packSize: number;
  readonly minimumOrderQuantity: number;
  readonly orderMultiple: number;
  readonly attributes: Readonly<Record<string, AttributeValue>>;
  readonly imageUrls: readonly string[];
}

export interface CatalogSearch {
  /** Items in sort order; `after` is the position to continue from (absent: nothing more). */
  list(listing: CatalogListing): Promise<{ items: CatalogListItem[]; after?: string | undefined }>;
}

export interface QuarantineEntry {
  readonly sku: string;
  readonly name?: string | undefined;
  readonly categoryId: string | null;
  readonly revision: number;
  readonly reasons: readonly GovernanceReason[];
  readonly updatedAt: string;
}

/** Where a quarantine listing continues: after this entry. */
export interface QuarantinePosition {
  readonly categoryId: string | null;
  readonly sku: string;
}

/** Read side of governance: counters and the quarantine list, both maintained by the product writes. */
export interface GovernanceStore {
  counters(): Promise<Map<string | null, CategoryCounters>>;
  quarantine(page: { categoryId?: string | null | undefined; after?: QuarantinePosition | undefined; limit: number }): Promise<{ items: QuarantineEntry[]; after?: QuarantinePosition | undefined }>;
}

export interface EntitlementStore {
  get(dealerId: string): Promise<Entitlement | undefined>;
  /** Newest revision wins (conditional write). */
  put(dealerId: string, entitlement: Entitlement, revision: number, updatedAt: string): Promise<UpsertOutcome>;
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
  /** The dealer's users' roles and status (consistent) and the version of its admin roster. */
  roster(dealerId: string): Promise<DealerRoster>;
  /**
   * Changes a user of this dealer, only while its roles and status are still those `seen` (the
   * decision was made on them); a change that removes an active admin also only while the roster is
   * still at `seen.rosterVersion`, which it moves on. `stale` when either moved (decide again);
   * NotFound when the dealer has no such user.
   */
  update(dealerId: string, userId: string, change: UserChange, seen: RosterSeen): Promise<PortalUser | 'stale'>;
}

export interface DealerRoster {
  readonly users: readonly Pick<PortalUser, 'userId' | 'roles' | 'status'>[];
  /** Moved on by every change that removes an active admin: two such changes never both pass. */
  readonly version: number;
}

export interface RosterSeen {
  readonly roles: readonly Role[];
  readonly status: UserStatus;
  /** Present for a change that removes an active admin. */
  readonly rosterVersion?: number | undefined;
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

/** Stock of one SKU: a row per warehouse the feed has reported, and its open incoming supply. */
export interface SkuStock {
  readonly sku: string;
  readonly warehouses: readonly StockRow[];
  readonly supply: readonly IncomingSupply[];
  /** Units held (counted) in warehouses with no level for the SKU yet: the ERP allocated a SKU the feed has not stated there. */
  readonly heldWithoutLevel?: ReadonlyMap<string, number>;
}

export type ReservationOutcome =
  | { readonly outcome: 'reserved' }
  /** This order already holds a reservation of the same lines (a retry): nothing reserved twice. */
  | { readonly outcome: 'already-reserved' }
  /** This order already holds a reservation of other lines: nothing changed (a changed order is released and reserved again). */
  | { readonly outcome: 'reserved-differently'; readonly held: readonly ReservationLine[] }
  /** Nothing reserved: these lines asked for more than is available. */
  | { readonly outcome: 'insufficient'; readonly lines: readonly { sku: string; warehouseId: string; requested: number; available: number }[] }
  /** Nothing reserved: more distinct SKUs than one transaction can hold. */
  | { readonly outcome: 'too-many-skus'; readonly skus: number; readonly max: number };

/** The newest statement applied from one warehouse's feed: its source version and as-of. */
export interface StockFeed {
  readonly version: number;
  readonly asOf: string;
}

/** Inventory truth from the ERP/WMS feed and the portal's reservations (functions/data/stock-repository.ts). */
export interface StockStore {
  /** A snapshot row or adjustment; newest source version wins, reservations are kept. */
  putLevel(warehouseId: string, sku: string, level: StockLevel): Promise<UpsertOutcome>;
  /** Many rows of one warehouse (a snapshot chunk), each with the same rule; outcomes in row order. */
  putLevels(warehouseId: string, rows: readonly { sku: string; level: StockLevel }[]): Promise<UpsertOutcome[]>;
  putSupply(supply: IncomingSupply, version: number): Promise<UpsertOutcome>;
  get(skus: readonly string[]): Promise<Map<string, SkuStock>>;
  /** Newest source version and as-of applied per warehouse (feed freshness). */
  recordFeed(warehouseId: string, version: number, asOf: string): Promise<void>;
  /** Every warehouse that ever reported, with its feed freshness. */
  feeds(): Promise<Map<string, StockFeed>>;
  /** All lines or none, atomically, never below zero available. */
  reserve(orderId: string, lines: readonly ReservationLine[], at: string): Promise<ReservationOutcome>;
  /** Gives back an unconfirmed order's reservation; a confirmed one is `handed-over` and left to the hand-over. */
  release(orderId: string): Promise<ReleaseOutcome>;
  /** The ERP confirmed the order: its reservation hands over to the ERP's allocation (domain/atp.ts `planHandover`). */
  confirm(orderId: string, allocations: readonly ConfirmedAllocation[], at: string): Promise<HandoverOutcome>;
  /** After a statement at `version` was applied in a warehouse: settles the handovers it covers (for these SKUs, or all). */
  settleHandovers(warehouseId: string, version: number, skus?: readonly string[]): Promise<number>;
}

export type ReleaseOutcome = 'released' | 'not-reserved' | 'handed-over';

export type HandoverOutcome =
  | { readonly outcome: 'confirmed'; readonly steps: readonly HandoverStep[] }
  /** A redelivered confirmation: nothing changes. */
  | { readonly outcome: 'already-confirmed' }
  /** The portal holds nothing for this order (never reserved here, or released before the ERP confirmed). */
  | { readonly outcome: 'not-reserved' };

/** What an availability read needs about the caller's dealer; `shipTos` holds at most the asked one. */
export interface AvailabilityContext {
  readonly dealerFound: boolean;
  readonly entitlement: Entitlement;
  readonly shipTos: readonly { readonly shipToId: string; readonly preferredWarehouseId: string }[];
  /** The warehouses the dealer may be shipped from (absent: all). */
  readonly allowedWarehouseIds?: readonly string[] | undefined;
}

/** What an availability answer reads per asked SKU: its stock and its catalog product (absent from a map: none). */
export interface SkuFacts {
  readonly stock: ReadonlyMap<string, SkuStock>;
  readonly products: ReadonlyMap<string, StoredProduct>;
}

/** The dealer context (only the asked ship-to, when current) and the asked SKUs' facts, in one read. */
export interface AvailabilityRead extends SkuFacts {
  readonly context: AvailabilityContext;
  /** Feed freshness per warehouse that ever reported (what marks an answer stale). */
  readonly feeds: ReadonlyMap<string, StockFeed>;
}

/** What an ATP answer reads, in the same BatchGets (functions/data/availability-repository.ts). */
export interface AvailabilityStore {
  read(dealerId: string, shipToId: string, skus: readonly string[]): Promise<AvailabilityRead>;
}
