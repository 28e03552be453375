import type * as z from 'zod/mini';
import { ValidationFailed } from '#domain/errors';
import './zod-messages.ts';

/**
 * Opaque pagination cursors: the position a repository needs to continue a Query, as base64url JSON.
 * Repositories put in only what they cannot rebuild from the caller (never a tenant's partition
 * key), so a cursor edited by hand can skip ahead in the caller's own listing and nowhere else.
 */
export const encodeCursor = (position: Record<string, string>): string => Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');

/** The position in `cursor`, or a 400 naming `query.cursor` when it is not one this listing made. */
export function decodeCursor<S extends z.ZodMiniType>(cursor: string, schema: S): z.infer<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    raw = undefined;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new ValidationFailed([{ field: 'query.cursor', code: 'invalid_cursor', message: 'not a cursor from a previous page of this listing' }]);
  return parsed.data;
}
