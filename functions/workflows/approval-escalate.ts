import * as z from 'zod/mini';
import { idSchema } from '#events/schema-parts';
import { ApprovalRepository } from '#functions/data/approval-repository';
import { readEnv, tableEnv } from '#functions/shared/config';
import { documentClient } from '#functions/shared/dynamodb';
import { workflowTask } from '#functions/shared/workflow-task';
import { escalateApproval } from '#functions/use-cases/approvals';

const { TABLE_NAME } = readEnv(tableEnv);
const deps = { approvals: new ApprovalRepository(documentClient, TABLE_NAME), now: () => new Date().toISOString() };

export const handler = workflowTask(z.object({ approvalId: idSchema }), (input) => escalateApproval(input.approvalId, deps));
