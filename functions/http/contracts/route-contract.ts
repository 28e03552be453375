import type * as z from 'zod/mini';

/**
 * A route's request and response schemas, in a module of their own so the handler and the OpenAPI
 * generator (docs/generate.ts) share them without importing handler code. One module per route under
 * functions/http/contracts/, each exporting `contract`.
 */
export interface RouteContract {
  /** `METHOD /path`, exactly the route key in functions/routes.ts. */
  readonly route: string;
  readonly summary: string;
  readonly path?: z.ZodMiniObject;
  readonly query?: z.ZodMiniObject;
  readonly body?: z.ZodMiniType;
  /** The success response body (status 200 unless `status` says otherwise). */
  readonly response: z.ZodMiniType;
  readonly status?: 200 | 201 | 202 | 204;
  /** The 409 problem codes the route can answer, with what each means (stable: clients switch on them). */
  readonly conflicts?: Readonly<Record<string, string>>;
}

export const defineRouteContract = <C extends RouteContract>(contract: C): C => contract;
