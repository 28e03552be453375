import type { FunctionName } from './catalog.ts';

/**
 * The HTTP API's route table. CDK adds exactly these routes to the HTTP API; the local gateway routes
 * with the same table, so a route that works locally exists in AWS and the other way round.
 */
export interface RouteSpec {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** API Gateway path syntax: `{name}` is a path parameter. */
  readonly path: string;
  readonly function: FunctionName;
  /** `false` only for the health probe: every other route sits behind the JWT authorizer. */
  readonly authenticated: boolean;
}

export const routes = [
  { method: 'GET', path: '/health', function: 'health', authenticated: false },
  { method: 'GET', path: '/me', function: 'me', authenticated: true },
  { method: 'POST', path: '/approvals/{approvalId}/decision', function: 'approvalDecision', authenticated: true },
] as const satisfies readonly RouteSpec[];

/** `GET /me` — the route key format API Gateway uses. */
export const routeKey = (route: RouteSpec): string => `${route.method} ${route.path}`;
