/**
 * The X-Ray SDK that Powertools Tracer loads starts, on import, an async hook that tracks every
 * promise and callback of the process (cls-hooked), so that a traced call can find its segment. When
 * tracing is off that bookkeeping serves nothing and costs about 0.1–0.2 ms of CPU per DynamoDB
 * request (measured on the local stack, bench/README.md atp). So when Tracer will be disabled — the
 * same rule as Powertools: `POWERTOOLS_TRACE_ENABLED=false`, or not running in Lambda — the SDK starts
 * in manual mode instead. Deployed functions (tracing on) are unchanged. Imported by powertools.ts
 * before Tracer, since the SDK reads the variable when it loads — which holds where modules load from
 * source (the local stack, tests, benchmarks). In a deployed bundle Tracer comes from the Powertools
 * layer, and imports of another package are evaluated before the bundle's own code; there every
 * function traces (Tracing.ACTIVE), so the SDK is meant to start in its automatic mode anyway.
 */
export function tracingDisabled(env: NodeJS.ProcessEnv): boolean {
  return (env.POWERTOOLS_TRACE_ENABLED ?? '').toLowerCase() === 'false' || !env.AWS_EXECUTION_ENV;
}

if (tracingDisabled(process.env)) process.env.AWS_XRAY_MANUAL_MODE ??= 'true';
