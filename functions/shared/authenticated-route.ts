import { Forbidden, UserInactive } from '#domain/errors';
import { principalFrom, type Principal } from '#domain/identity';
import { can } from '#domain/permissions';
import type { UserStore } from '#domain/ports';
import type { PortalUser } from '#domain/user';
import { UserRepository } from '#functions/data/user-repository';
import { routeByKey } from '#functions/routes';
import { principalFromClaims } from './auth.ts';
import { readEnv, tableEnv } from './config.ts';
import { documentClient } from './dynamodb.ts';
import { baseChain, type HttpRequest, type HttpResult } from './http.ts';
import { logger } from './powertools.ts';

export interface AuthenticatedRequest extends HttpRequest {
  /** Who calls: dealer (from the token) and roles (from the user record, so changes apply at once). */
  readonly principal: Principal;
  readonly user: PortalUser;
}

let defaultUsers: UserStore | undefined;

/**
 * Every authenticated route goes through here, and only here:
 * 1. the caller's identity and dealer come from the verified token's claims, never from the request;
 * 2. the user record must exist and be active — a deactivated user is refused on the next request,
 *    even with a token that has not expired;
 * 3. the roles on the user record (current, unlike the token's groups) must allow the action the route
 *    declares in functions/routes.ts. A route without a declared action is refused.
 */
export function authenticatedRoute(fn: (request: AuthenticatedRequest) => Promise<HttpResult>, options: { users?: UserStore } = {}) {
  const users = options.users ?? (defaultUsers ??= new UserRepository(documentClient, readEnv(tableEnv).TABLE_NAME));
  return baseChain().handler(async (event, context) => {
    const claimed = principalFromClaims(event.requestContext?.authorizer?.jwt?.claims);
    const dealerId = claimed.kind === 'dealer' ? claimed.dealerId : undefined;
    const route = routeByKey(event.routeKey);
    if (!route || route.action === 'public') throw new Forbidden(`no permission is declared for ${event.routeKey}`);

    const user = await users.get({ userId: claimed.userId, dealerId });
    if (!user || user.status !== 'active') throw new UserInactive('the user is unknown or deactivated');
    const principal = principalFrom(user.userId, user.roles, dealerId);
    if (!principal || principal.kind !== claimed.kind) throw new UserInactive('the user has no role of this kind');
    if (!can(principal.roles, route.action)) throw new Forbidden(`${route.action} is not allowed for ${principal.roles.join(', ')}`);

    logger.appendKeys({ userId: principal.userId, ...(dealerId ? { dealerId } : {}) });
    return fn({ event, context, principal, user });
  });
}
