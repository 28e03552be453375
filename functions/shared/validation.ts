import type * as z from 'zod/mini';
import { ValidationFailed, type FieldProblem } from '#domain/errors';
import './zod-messages.ts';

/** zod issues become per-field problems under a prefix naming the edge (`body`, `query`, `path`, `detail`). */
export function fieldProblems(prefix: string, error: z.core.$ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({
    field: [prefix, ...issue.path.map(String)].join('.'),
    code: issue.code,
    message: issue.message,
  }));
}

export function parseEdge<S extends z.ZodMiniType>(prefix: string, schema: S, value: unknown): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ValidationFailed(fieldProblems(prefix, parsed.error));
  return parsed.data;
}
