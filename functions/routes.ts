import type { Action } from '#domain/permissions';
import type { FunctionName } from './catalog.ts';

/**
 * The HTTP API's route table. CDK adds exactly these routes to the HTTP API; the local gateway routes
 * with the same table, so a route that works locally exists in AWS and the other way round. Each
 * route names the action it needs; the shared middleware enforces it (domain/permissions.ts).
 */
export interface RouteSpec {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** API Gateway path syntax: `{name}` is a path parameter. */
  readonly path: string;
  readonly function: FunctionName;
  /**
   * The action the caller must be allowed, or `public` for the health probe alone: every other route
   * sits behind the JWT authorizer and the permission check.
   */
  readonly action: Action | 'public';
}

export const routes = [
  { method: 'GET', path: '/health', function: 'health', action: 'public' },
  { method: 'GET', path: '/me', function: 'me', action: 'me:read' },
  { method: 'POST', path: '/approvals/{approvalId}/decision', function: 'approvalDecision', action: 'approvals:decide' },
  { method: 'GET', path: '/dealer/users', function: 'dealerUsersList', action: 'users:read' },
  { method: 'POST', path: '/dealer/users', function: 'dealerUserInvite', action: 'users:manage' },
  { method: 'PATCH', path: '/dealer/users/{userId}', function: 'dealerUserUpdate', action: 'users:manage' },
  { method: 'GET', path: '/dealer/ship-tos', function: 'dealerShipTos', action: 'shipTos:read' },
  { method: 'GET', path: '/admin/dealers', function: 'adminDealersList', action: 'dealers:read' },
  { method: 'GET', path: '/admin/dealers/{dealerId}', function: 'adminDealerDetail', action: 'dealers:read' },
  { method: 'POST', path: '/admin/dealers/{dealerId}/users', function: 'adminDealerUserInvite', action: 'dealers:onboard' },
  { method: 'GET', path: '/catalog/products', function: 'catalogProductsList', action: 'catalog:read' },
  { method: 'GET', path: '/catalog/products/{sku}', function: 'catalogProductGet', action: 'catalog:read' },
  { method: 'GET', path: '/catalog/categories', function: 'catalogCategoriesList', action: 'catalog:read' },
  { method: 'GET', path: '/governance/catalog', function: 'governanceCatalog', action: 'catalog:govern' },
  { method: 'GET', path: '/availability', function: 'availability', action: 'availability:read' },
  { method: 'POST', path: '/quotes', function: 'quotesCreate', action: 'prices:quote' },
  { method: 'POST', path: '/quotes/special-price-requests', function: 'specialPriceRequestCreate', action: 'prices:requestSpecial' },
  { method: 'GET', path: '/quotes/special-price-requests', function: 'specialPriceRequestsOwn', action: 'prices:readSpecialRequests' },
  { method: 'GET', path: '/special-price-requests', function: 'specialPriceRequestsList', action: 'prices:reviewSpecialRequests' },
  { method: 'POST', path: '/special-price-requests/{requestId}/decision', function: 'specialPriceDecision', action: 'prices:decideSpecial' },
  { method: 'GET', path: '/admin/dealers/{dealerId}/pricing-coverage', function: 'pricingCoverage', action: 'prices:readCoverage' },
] as const satisfies readonly RouteSpec[];

/** `GET /me` — the route key format API Gateway uses (and puts in `event.routeKey`). */
export const routeKey = (route: Pick<RouteSpec, 'method' | 'path'>): string => `${route.method} ${route.path}`;

export const isAuthenticated = (route: RouteSpec): boolean => route.action !== 'public';

const byRouteKey = new Map<string, RouteSpec>((routes as readonly RouteSpec[]).map((route) => [routeKey(route), route]));
export const routeByKey = (key: string): RouteSpec | undefined => byRouteKey.get(key);
