import * as z from 'zod/mini';
import { idSchema } from '#events/schema-parts';
import { defineRouteContract } from './route-contract.ts';

export const contract = defineRouteContract({
  route: 'POST /approvals/{approvalId}/decision',
  summary: "An approver approves or rejects a pending approval of their dealer, resuming its workflow",
  path: z.object({ approvalId: idSchema }),
  body: z.strictObject({
    decision: z.enum(['approved', 'rejected']),
    comment: z.optional(z.string().check(z.maxLength(1000))),
  }),
  conflicts: {
    'approval-closed': 'the approval was already decided or escalated',
  },
  response: z.object({ approvalId: z.string(), status: z.enum(['approved', 'rejected']), decidedAt: z.iso.datetime() }),
});
