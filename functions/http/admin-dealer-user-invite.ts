import { authenticatedRoute } from '#functions/shared/authenticated-route';
import { parseJsonBody, parsePath, respond } from '#functions/shared/http';
import { onboardDealerUser } from '#functions/use-cases/dealer-users';
import { contract } from './contracts/admin-dealer-user-invite.ts';
import { dealerUserDeps } from './dealer-user-deps.ts';

const deps = dealerUserDeps();

export const handler = authenticatedRoute(async ({ event, principal }) => {
  const { dealerId } = parsePath(event, contract.path);
  const body = parseJsonBody(event, contract.body);
  return respond(contract, await onboardDealerUser(principal, dealerId, body, deps));
});
