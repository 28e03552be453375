import * as z from 'zod';
import { stepFunctionsCallbacks } from '#functions/adapters/step-functions-callbacks';
import { ApprovalRepository } from '#functions/data/approval-repository';
import { readEnv, tableEnv } from '#functions/shared/config';
import { documentClient } from '#functions/shared/dynamodb';
import { authenticatedRoute } from '#functions/shared/authenticated-route';
import { json, parseJsonBody, parsePath } from '#functions/shared/http';
import { decideApproval } from '#functions/use-cases/approvals';
import { idSchema } from '#events/schema-parts';

const { TABLE_NAME } = readEnv(tableEnv);
const deps = {
  approvals: new ApprovalRepository(documentClient, TABLE_NAME),
  workflows: stepFunctionsCallbacks,
  now: () => new Date().toISOString(),
};

const pathSchema = z.object({ approvalId: idSchema });
const bodySchema = z.strictObject({
  decision: z.enum(['approved', 'rejected']),
  comment: z.string().max(1000).optional(),
});

export const handler = authenticatedRoute(async ({ event, principal }) => {
  const { approvalId } = parsePath(event, pathSchema);
  const body = parseJsonBody(event, bodySchema);
  return json(200, await decideApproval(principal, { approvalId, ...body }, deps));
});
