import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { logger, metrics, tracer } from './powertools.ts';

/**
 * The observability every function starts from — logger context (keys reset per invocation), the
 * X-Ray handler segment and the metrics flush — so HTTP routes, bus consumers, workflow tasks and
 * scheduled functions add their own edge handling to one chain instead of repeating it.
 */
export function observed<TEvent, TResult>() {
  return middy<TEvent, TResult>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(captureLambdaHandler(tracer))
    .use(logMetrics(metrics));
}
