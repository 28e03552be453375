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
import { baseChain, type HttpEvent, type HttpRequest, type HttpResult } from './http.ts';
import { logger } from './powertools.ts';

export interface AuthenticatedRequest<P = undefined> extends HttpRequest {
  /** Who calls: dealer (from the token) and roles (from the user record, so changes apply at once). */
  readonly principal: Principal;
  readonly user: PortalUser;
  /** What the route's `prefetch` read, handed over only once the caller is allowed (undefined without one). */
  readonly prefetched: P;
}

export interface AuthenticatedRouteOptions<P> {
  readonly users?: UserStore;
  /**
   * Reads the route needs that depend only on the verified token (its user and dealer) and the
   * request, started together with the user-record read instead of after it. Their result reaches the
   * handler only after the user record allowed the route; when it does not, it is dropped unseen (a
   * refused caller costs those reads, and learns nothing from them). An error it throws (a bad query,
   * say) is raised only then too, so a refused caller gets the same 401/403 as without it. Read only:
   * it runs before the roles are known.
   */
  readonly prefetch?: (claimed: Principal, event: HttpEvent) => Promise<P>;
  /**
   * The user record as the prefetch read it — its key in the prefetch's own BatchGet, one request
   * fewer per call — or undefined when the prefetch did not read it (the user store is asked then).
   * `{ user: undefined }` means read and not found. It must be read as `UserStore.get` reads it
   * (eventually consistent, the same key), and it decides exactly as that read would; a prefetch that
   * failed falls back to the user store, so a refused caller still gets the refusal first.
   */
  readonly userFromPrefetch?: (prefetched: P) => { readonly user: PortalUser | undefined } | undefined;
}

let defaultUsers: UserStore | undefined;

/**
 * Every authenticated route goes through here, and only here:
 * 1. the caller's identity and dealer come from the verified token's claims, never from the request;
 * 2. the user record must exist and be active — a deactivated user is refused on the next request,
 *    even with a token that has not expired (it is read on every request, never cached);
 * 3. the roles on the user record (current, unlike the token's groups) must allow the action the route
 *    declares in functions/routes.ts. A route without a declared action is refused.
 */
export function authenticatedRoute<P = undefined>(fn: (request: AuthenticatedRequest<P>) => Promise<HttpResult>, options: AuthenticatedRouteOptions<P> = {}) {
  const users = options.users ?? (defaultUsers ??= new UserRepository(documentClient, readEnv(tableEnv).TABLE_NAME));
  const { prefetch, userFromPrefetch } = options;
  return baseChain().handler(async (event, context) => {
    const claimed = principalFromClaims(event.requestContext?.authorizer?.jwt?.claims);
    const dealerId = claimed.kind === 'dealer' ? claimed.dealerId : undefined;
    const route = routeByKey(event.routeKey);
    if (!route || route.action === 'public') throw new Forbidden(`no permission is declared for ${event.routeKey}`);

    const early = prefetch ? started(() => prefetch(claimed, event)) : undefined;
    const carried = early && userFromPrefetch ? await early.then(userFromPrefetch, () => undefined) : undefined;
    const user = carried ? carried.user : await users.get({ userId: claimed.userId, dealerId });
    if (!user || user.status !== 'active') throw new UserInactive('the user is unknown or deactivated');
    const principal = principalFrom(user.userId, user.roles, dealerId);
    if (!principal || principal.kind !== claimed.kind) throw new UserInactive('the user has no role of this kind');
    if (!can(principal.roles, route.action)) throw new Forbidden(`${route.action} is not allowed for ${principal.roles.join(', ')}`);

    logger.appendKeys({ userId: principal.userId, ...(dealerId ? { dealerId } : {}) });
    const prefetched = (early ? await early : undefined) as P;
    return fn({ event, context, principal, user, prefetched });
  });
}

/**
 * Starts `fn` now; its failure (thrown or rejected) is kept for whoever awaits the promise, and is not
 * an unhandled rejection when nobody does (the caller was refused first).
 */
function started<P>(fn: () => Promise<P>): Promise<P> {
  let promise: Promise<P>;
  try {
    promise = fn();
  } catch (error) {
    promise = Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
  promise.catch(() => undefined);
  return promise;
}
