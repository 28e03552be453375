import * as z from 'zod/mini';
import { idSchema } from '#events/schema-parts';
import { ApprovalRepository } from '#functions/data/approval-repository';
import { readEnv, tableEnv } from '#functions/shared/config';
import { documentClient } from '#functions/shared/dynamodb';
import { workflowTask } from '#functions/shared/workflow-task';
import { requestApproval } from '#functions/use-cases/approvals';

const { TABLE_NAME } = readEnv(tableEnv);
const deps = { approvals: new ApprovalRepository(documentClient, TABLE_NAME), now: () => new Date().toISOString() };

/** Payload the state machine's callback task sends (see infra/workflows). */
export const approvalRequestInput = z.object({
  approvalId: idSchema,
  dealerId: idSchema,
  subject: z.string().check(z.minLength(1), z.maxLength(500)),
  taskToken: z.string().check(z.minLength(1)),
});

export const handler = workflowTask(approvalRequestInput, async (input) => {
  await requestApproval(input, deps);
  return { approvalId: input.approvalId, status: 'pending' };
});
