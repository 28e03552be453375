/**
 * Every Lambda function of the portal, declared once. The CDK stacks create one bundled function per
 * entry and grant exactly the listed access; the local stack imports the same entry files and runs
 * their `handler` export in-process.
 */
export type FunctionAccess =
  | 'table:read'
  | 'table:write'
  | 'bus:publish'
  | 'workflow:callback'
  | 'workflow:start'
  /** Administer sign-in users of the Cognito user pool: create, group membership, enable/disable. */
  | 'directory:manage';

export interface FunctionSpec {
  /** Source file, relative to the repository root; it must export `handler`. */
  readonly entry: string;
  readonly description: string;
  readonly access: readonly FunctionAccess[];
  readonly memoryMb?: number;
  readonly timeoutSeconds?: number;
}

export const portalFunctions = {
  health: {
    entry: 'functions/http/health.ts',
    description: 'Liveness probe for the HTTP API (no auth)',
    access: [],
  },
  me: {
    entry: 'functions/http/me.ts',
    description: "The caller's user, dealer, roles and ship-tos",
    access: ['table:read'],
  },
  approvalDecision: {
    entry: 'functions/http/approval-decision.ts',
    description: 'An approver approves or rejects a pending approval, resuming its workflow',
    access: ['table:read', 'table:write', 'workflow:callback'],
  },
  dealerUpserted: {
    entry: 'functions/events/dealer-upserted.ts',
    description: 'Applies ERP dealer-master updates (newest revision wins)',
    access: ['table:read', 'table:write'],
  },
  approvalRequest: {
    entry: 'functions/workflows/approval-request.ts',
    description: 'Workflow callback task: records a pending approval and its task token',
    access: ['table:write'],
  },
  approvalEscalate: {
    entry: 'functions/workflows/approval-escalate.ts',
    description: 'Workflow task: marks a timed-out approval as escalated',
    access: ['table:write'],
  },
  dealerUsersList: {
    entry: 'functions/http/dealer-users-list.ts',
    description: "A dealer admin lists their dealer's users",
    access: ['table:read'],
  },
  dealerUserInvite: {
    entry: 'functions/http/dealer-user-invite.ts',
    description: 'A dealer admin invites a user: Cognito user with dealer and groups, portal user, unique email',
    access: ['table:read', 'table:write', 'directory:manage'],
  },
  dealerUserUpdate: {
    entry: 'functions/http/dealer-user-update.ts',
    description: "A dealer admin changes a user's roles, limit, ship-tos or status (Cognito groups and sign-in follow)",
    access: ['table:read', 'table:write', 'directory:manage'],
  },
  dealerShipTos: {
    entry: 'functions/http/dealer-ship-tos.ts',
    description: "The caller's dealer's branches and ship-tos",
    access: ['table:read'],
  },
  adminDealersList: {
    entry: 'functions/http/admin-dealers-list.ts',
    description: 'Staff list all dealers by name',
    access: ['table:read'],
  },
  adminDealerDetail: {
    entry: 'functions/http/admin-dealer-detail.ts',
    description: 'Staff see one dealer with its ship-tos and users',
    access: ['table:read'],
  },
  adminDealerUserInvite: {
    entry: 'functions/http/admin-dealer-user-invite.ts',
    description: "A portal admin invites a dealer's user — its first dealer admin when onboarding the dealer",
    access: ['table:read', 'table:write', 'directory:manage'],
  },
  categoryUpserted: {
    entry: 'functions/events/category-upserted.ts',
    description: 'Applies taxonomy updates (newest revision wins) and re-validates the category’s quarantined products',
    access: ['table:read', 'table:write'],
    timeoutSeconds: 120,
  },
  productUpserted: {
    entry: 'functions/events/product-upserted.ts',
    description: 'Applies ERP product-master updates through governance: published when complete, quarantined with reasons when not',
    access: ['table:read', 'table:write'],
  },
  productDiscontinued: {
    entry: 'functions/events/product-discontinued.ts',
    description: 'Applies ERP discontinuations (with replacement SKU) through governance',
    access: ['table:read', 'table:write'],
  },
  dealerEntitlementsSet: {
    entry: 'functions/events/dealer-entitlements-set.ts',
    description: 'Applies ERP dealer catalog entitlements (newest revision wins)',
    access: ['table:write'],
  },
  warehouseStockSnapshotChunk: {
    entry: 'functions/events/warehouse-stock-snapshot.ts',
    description: 'Applies one chunk of a warehouse stock snapshot (newest source version wins per SKU, reservations kept)',
    access: ['table:read', 'table:write'],
    memoryMb: 512,
    timeoutSeconds: 60,
  },
  stockAdjusted: {
    entry: 'functions/events/stock-adjusted.ts',
    description: 'Applies a per-SKU stock adjustment (newest source version wins)',
    access: ['table:read', 'table:write'],
  },
  specialPriceOutbox: {
    entry: 'functions/schedules/special-price-outbox.ts',
    description: 'Every 5 minutes: publishes special-price approvals whose deciding call did not get the event out (the outbox)',
    access: ['table:read', 'table:write', 'bus:publish'],
  },
  stockFeedAge: {
    entry: 'functions/schedules/stock-feed-age.ts',
    description: 'Every 5 minutes: StockFeedAgeSeconds per warehouse and StaleStockFeeds (how many are past their limit) from the stock-feeds item (alarms even without readers)',
    access: ['table:read'],
  },
  orderAllocated: {
    entry: 'functions/events/order-allocated.ts',
    description: 'Hands a confirmed order’s reservation over to the ERP’s allocation (counted once before, during and after)',
    access: ['table:read', 'table:write'],
  },
  incomingSupplyUpdated: {
    entry: 'functions/events/incoming-supply-updated.ts',
    description: 'Applies an expected receipt (purchase or production) with its date and quantity',
    access: ['table:read', 'table:write'],
  },
  catalogProductsList: {
    entry: 'functions/http/catalog-products-list.ts',
    description: 'Lists and searches the products the caller may see (filters, sort, cursor pages)',
    access: ['table:read'],
  },
  catalogProductGet: {
    entry: 'functions/http/catalog-product-get.ts',
    description: 'One product the caller may see, with packaging rules and replacement',
    access: ['table:read'],
  },
  catalogCategoriesList: {
    entry: 'functions/http/catalog-categories-list.ts',
    description: 'The taxonomy the caller may browse, with attribute templates',
    access: ['table:read'],
  },
  availability: {
    entry: 'functions/http/availability.ts',
    description: "Available-to-promise of up to 100 SKUs for one of the caller's ship-tos (per warehouse, next available, as-of, stale)",
    access: ['table:read'],
  },
  governanceCatalog: {
    entry: 'functions/http/governance-catalog.ts',
    description: 'Catalog completeness report: counts per category and reason, quarantined SKUs',
    access: ['table:read'],
  },
  priceListPublished: {
    entry: 'functions/events/price-list-published.ts',
    description: 'Writes one part of a versioned price list; flips the currency pointer when every part has arrived, then prunes retired versions',
    access: ['table:read', 'table:write'],
    // Pruning a retired version touches every SKU it wrote (16 in flight; resumable part by part).
    timeoutSeconds: 300,
  },
  contractPriceUpserted: {
    entry: 'functions/events/contract-price-upserted.ts',
    description: 'Applies a dealer × SKU contract price (newest revision wins)',
    access: ['table:read', 'table:write'],
  },
  contractPriceExpired: {
    entry: 'functions/events/contract-price-expired.ts',
    description: 'Expires a dealer × SKU contract price (tombstone keeps the revision)',
    access: ['table:read', 'table:write'],
  },
  promotionUpserted: {
    entry: 'functions/events/promotion-upserted.ts',
    description: 'Applies a time-boxed promotion (newest revision wins)',
    access: ['table:read', 'table:write'],
  },
  promotionEnded: {
    entry: 'functions/events/promotion-ended.ts',
    description: 'Ends a promotion early (tombstone keeps the revision)',
    access: ['table:read', 'table:write'],
  },
  pricingTierUpserted: {
    entry: 'functions/events/pricing-tier-upserted.ts',
    description: 'Applies a pricing tier and its category discounts (newest revision wins)',
    access: ['table:read', 'table:write'],
  },
  quotesCreate: {
    entry: 'functions/http/quotes-create.ts',
    description: "Prices up to 500 lines for the caller's dealer and ship-to: explanations, price versions, line problems",
    access: ['table:read'],
  },
  specialPriceRequestCreate: {
    entry: 'functions/http/special-price-request-create.ts',
    description: 'Stores a dealer request for a better price on one line, pending for sales-ops',
    access: ['table:read', 'table:write'],
  },
  specialPriceRequestsOwn: {
    entry: 'functions/http/special-price-requests-own.ts',
    description: "A dealer's own special-price requests with their status and decision, newest first",
    access: ['table:read'],
  },
  specialPriceRequestsList: {
    entry: 'functions/http/special-price-requests-list.ts',
    description: 'Sales-ops queue: special-price requests of one status (and dealer), newest first',
    access: ['table:read'],
  },
  specialPriceDecision: {
    entry: 'functions/http/special-price-decision.ts',
    description: 'Sales-ops approves (price, window) or rejects a pending special-price request once; an approval is published for the ERP',
    access: ['table:read', 'table:write', 'bus:publish'],
  },
  pricingCoverage: {
    entry: 'functions/http/pricing-coverage.ts',
    description: "Staff: a dealer's entitled, orderable SKUs that a quote prices today and those it does not (pricing-coverage readiness)",
    access: ['table:read'],
    memoryMb: 1024,
    timeoutSeconds: 60,
  },
} as const satisfies Record<string, FunctionSpec>;

export type FunctionName = keyof typeof portalFunctions;
export const functionNames = Object.keys(portalFunctions) as FunctionName[];
