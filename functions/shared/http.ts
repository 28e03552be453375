import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type * as z from 'zod/mini';
import { ValidationFailed } from '#domain/errors';
import { observed } from './observed.ts';
import { logger, metrics } from './powertools.ts';
import { problemResponse } from './problem.ts';
import { parseEdge } from './validation.ts';
import type { RouteContract } from '#functions/http/contracts/route-contract';

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type HttpResult = APIGatewayProxyStructuredResultV2;

export interface HttpRequest {
  readonly event: HttpEvent;
  readonly context: Context;
}

/** Correlation id: the caller's `x-correlation-id` when given, else API Gateway's request id. */
const correlation = (): MiddlewareObj<HttpEvent, HttpResult> => ({
  before: (request) => {
    const headers = request.event.headers ?? {};
    logger.setCorrelationId(headers['x-correlation-id'] ?? request.event.requestContext?.requestId);
  },
});

/** Domain errors become problem+json with their status; anything else a bare 500, logged in full. */
const problemDetails = (): MiddlewareObj<HttpEvent, HttpResult> => ({
  onError: (request) => {
    const response = problemResponse(request.error, request.event.requestContext?.requestId);
    if (response.statusCode === 500) {
      logger.error('unhandled error', request.error as Error);
      metrics.addMetric('UnhandledError', 'Count', 1);
    }
    request.response = response;
  },
});

export function baseChain() {
  return observed<HttpEvent, HttpResult>()
    .use(correlation())
    .use(problemDetails());
}

/** A public route (only `/health`). */
export function publicRoute(fn: (request: HttpRequest) => Promise<HttpResult>) {
  return baseChain().handler((event, context) => fn({ event, context }));
}

/**
 * A success response typed by the route's contract, so what the handler returns and what the OpenAPI
 * document promises cannot drift apart at compile time.
 */
export function respond<C extends RouteContract>(contract: C, body: z.input<C['response']>): HttpResult {
  return json(contract.status ?? 200, body);
}

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return { statusCode, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

export function parseJsonBody<S extends z.ZodMiniType>(event: HttpEvent, schema: S): z.infer<S> {
  let raw: unknown;
  try {
    const text = event.isBase64Encoded && event.body ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
    raw = text ? JSON.parse(text) : undefined;
  } catch {
    throw new ValidationFailed([{ field: 'body', code: 'invalid_json', message: 'the body is not valid JSON' }]);
  }
  return parseEdge('body', schema, raw);
}

export const parsePath = <S extends z.ZodMiniType>(event: HttpEvent, schema: S): z.infer<S> =>
  parseEdge('path', schema, event.pathParameters ?? {});
export const parseQuery = <S extends z.ZodMiniType>(event: HttpEvent, schema: S): z.infer<S> =>
  parseEdge('query', schema, event.queryStringParameters ?? {});
