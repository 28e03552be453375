// First: decides the X-Ray SDK's mode before Tracer loads it.
import './xray-mode.ts';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

/**
 * One logger, tracer and metrics instance per process, shared by every handler and adapter. Service
 * name, log level and metrics namespace come from the POWERTOOLS_* environment set by the function
 * construct (and by the local stack), so nothing here differs between AWS and local.
 */
export const logger = new Logger();
export const tracer = new Tracer();
/**
 * Metrics' only warning is "no application metrics to publish", which most reads legitimately
 * hit; it goes to debug so it does not bury real warnings.
 */
export const metrics = new Metrics({
  logger: {
    debug: (...args: unknown[]) => logger.debug(String(args[0]), ...args.slice(1).map((a) => ({ detail: a }))),
    info: (...args: unknown[]) => logger.info(String(args[0])),
    warn: (...args: unknown[]) => logger.debug(String(args[0])),
    error: (...args: unknown[]) => logger.error(String(args[0])),
  },
});
