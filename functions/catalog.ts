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
  | 'workflow:start';

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
} as const satisfies Record<string, FunctionSpec>;

export type FunctionName = keyof typeof portalFunctions;
export const functionNames = Object.keys(portalFunctions) as FunctionName[];
