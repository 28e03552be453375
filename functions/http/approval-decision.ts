import { stepFunctionsCallbacks } from '#functions/adapters/step-functions-callbacks';
import { ApprovalRepository } from '#functions/data/approval-repository';
import { readEnv, tableEnv } from '#functions/shared/config';
import { documentClient } from '#functions/shared/dynamodb';
import { authenticatedRoute } from '#functions/shared/authenticated-route';
import { parseJsonBody, parsePath, respond } from '#functions/shared/http';
import { decideApproval } from '#functions/use-cases/approvals';
import { contract } from './contracts/approval-decision.ts';

const { TABLE_NAME } = readEnv(tableEnv);
const deps = {
  approvals: new ApprovalRepository(documentClient, TABLE_NAME),
  workflows: stepFunctionsCallbacks,
  now: () => new Date().toISOString(),
};

export const handler = authenticatedRoute(async ({ event, principal }) => {
  const { approvalId } = parsePath(event, contract.path);
  const body = parseJsonBody(event, contract.body);
  return respond(contract, await decideApproval(principal, { approvalId, ...body }, deps));
});
