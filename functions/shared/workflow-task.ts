import type * as z from 'zod/mini';
import { observed } from './observed.ts';
import { parseEdge } from './validation.ts';

/** A Lambda invoked by a state machine Task: its payload is parsed like any other edge. */
export function workflowTask<S extends z.ZodMiniType, R>(schema: S, fn: (input: z.infer<S>) => Promise<R>) {
  return observed<unknown, R>()
    .handler(async (event: unknown) => fn(parseEdge('input', schema, event)));
}
