import * as z from 'zod/mini';
import './zod-messages.ts';

/**
 * Reads and validates environment variables once, at cold start. A missing or malformed variable
 * fails the init phase with every problem named, instead of surfacing as `undefined` mid-request.
 */
export function readEnv<S extends z.core.$ZodShape>(shape: S, env: NodeJS.ProcessEnv = process.env): z.infer<z.ZodMiniObject<S>> {
  const parsed = z.object(shape).safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid function configuration: ${problems}`);
  }
  return parsed.data;
}

const nonEmpty = z.string().check(z.minLength(1));

export const tableEnv = { TABLE_NAME: nonEmpty } as const;
export const busEnv = { EVENT_BUS_NAME: nonEmpty } as const;
/** The Cognito user pool a `directory:manage` function administers. */
export const directoryEnv = { USER_POOL_ID: nonEmpty } as const;
/**
 * Per-warehouse freshness limits of the stock feed, JSON: `{"defaultSeconds":21600,"byWarehouse":{"WH-WEST":43200}}`.
 * Set from the stage config (infra/config.ts `stockFreshness`).
 */
export const stockFreshnessEnv = {
  STOCK_FRESHNESS: z.pipe(
    z.pipe(
      z.string(),
      z.transform((value, ctx) => {
        try {
          return JSON.parse(value) as unknown;
        } catch {
          ctx.issues.push({ code: 'custom', message: 'not JSON', input: value });
          return z.NEVER;
        }
      }),
    ),
    z.object({ defaultSeconds: z.number().check(z.int(), z.positive()), byWarehouse: z.record(z.string(), z.number().check(z.int(), z.positive())) }),
  ),
} as const;
