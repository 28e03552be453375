import * as z from 'zod';

/**
 * Reads and validates environment variables once, at cold start. A missing or malformed variable
 * fails the init phase with every problem named, instead of surfacing as `undefined` mid-request.
 */
export function readEnv<S extends z.ZodRawShape>(shape: S, env: NodeJS.ProcessEnv = process.env): z.infer<z.ZodObject<S>> {
  const parsed = z.object(shape).safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid function configuration: ${problems}`);
  }
  return parsed.data;
}

const nonEmpty = z.string().min(1);

export const tableEnv = { TABLE_NAME: nonEmpty } as const;
export const busEnv = { EVENT_BUS_NAME: nonEmpty } as const;
/** The Cognito user pool a `directory:manage` function administers. */
export const directoryEnv = { USER_POOL_ID: nonEmpty } as const;
/**
 * Per-warehouse freshness limits of the stock feed, JSON: `{"defaultSeconds":21600,"byWarehouse":{"WH-WEST":43200}}`.
 * Set from the stage config (infra/config.ts `stockFreshness`).
 */
export const stockFreshnessEnv = {
  STOCK_FRESHNESS: z
    .string()
    .transform((value, ctx) => {
      try {
        return JSON.parse(value) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'not JSON' });
        return z.NEVER;
      }
    })
    .pipe(z.object({ defaultSeconds: z.number().int().positive(), byWarehouse: z.record(z.string(), z.number().int().positive()) })),
} as const;
