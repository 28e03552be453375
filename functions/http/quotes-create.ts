import { authenticatedRoute } from '#functions/shared/authenticated-route';
import { parseJsonBody, respond } from '#functions/shared/http';
import { quote } from '#functions/use-cases/quotes';
import { contract } from './contracts/quotes-create.ts';
import { quoteDeps } from './quote-deps.ts';

const deps = quoteDeps();

export const handler = authenticatedRoute(async ({ event, principal, user }) => {
  const body = parseJsonBody(event, contract.body);
  return respond(contract, await quote(principal, user, body, deps));
});
