import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type * as z from 'zod';
import { logger, metrics, tracer } from './powertools.ts';
import { parseEdge } from './validation.ts';

/** A Lambda invoked by a state machine Task: its payload is parsed like any other edge. */
export function workflowTask<S extends z.ZodType, R>(schema: S, fn: (input: z.infer<S>) => Promise<R>) {
  return middy<unknown, R>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(captureLambdaHandler(tracer))
    .use(logMetrics(metrics))
    .handler(async (event: unknown) => fn(parseEdge('input', schema, event)));
}
