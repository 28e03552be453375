import { authenticatedRoute } from '#functions/shared/authenticated-route';
import { parseJsonBody, parsePath, respond } from '#functions/shared/http';
import { updateDealerUser } from '#functions/use-cases/dealer-users';
import { contract } from './contracts/dealer-user-update.ts';
import { dealerUserDeps } from './dealer-user-deps.ts';

const deps = dealerUserDeps();

export const handler = authenticatedRoute(async ({ event, principal }) => {
  const { userId } = parsePath(event, contract.path);
  const change = parseJsonBody(event, contract.body);
  return respond(contract, await updateDealerUser(principal, userId, change, deps));
});
