import { authenticatedRoute } from '#functions/shared/authenticated-route';
import { parseJsonBody, respond } from '#functions/shared/http';
import { inviteDealerUser } from '#functions/use-cases/dealer-users';
import { contract } from './contracts/dealer-user-invite.ts';
import { dealerUserDeps } from './dealer-user-deps.ts';

const deps = dealerUserDeps();

export const handler = authenticatedRoute(async ({ event, principal }) => {
  const body = parseJsonBody(event, contract.body);
  return respond(contract, await inviteDealerUser(principal, body, deps));
});
