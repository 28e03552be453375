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
export const metrics = new Metrics();
