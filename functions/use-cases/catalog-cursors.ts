import * as z from 'zod';
import { catalogSorts, type CatalogSort } from '#domain/catalog-search';
import { ValidationFailed } from '#domain/errors';
import type { QuarantinePosition } from '#domain/ports';
import { idSchema } from '#events/schema-parts';

/**
 * Opaque cursors of the catalog listings: a keyset position (the sort key of the last item shown),
 * base64url JSON. A hand-edited cursor can only move within the caller's own listing — every read
 * still applies the caller's scope and filters — so cursors are not signed; a malformed one is a 400.
 */
const encode = (value: unknown): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

function decode<S extends z.ZodType>(cursor: string, schema: S): z.infer<S> {
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

const listCursor = z.strictObject({ v: z.literal(1), s: z.enum(catalogSorts), k: z.string().min(1).max(400) });

export const encodeListCursor = (sort: CatalogSort, key: string): string => encode({ v: 1, s: sort, k: key });

export function decodeListCursor(cursor: string, sort: CatalogSort): string {
  const position = decode(cursor, listCursor);
  if (position.s !== sort) throw new ValidationFailed([{ field: 'query.cursor', code: 'invalid_cursor', message: `the cursor continues a listing sorted by ${position.s}, not ${sort}` }]);
  return position.k;
}

const quarantineCursor = z.strictObject({ v: z.literal(1), c: idSchema.nullable(), s: idSchema });

export const encodeQuarantineCursor = (position: QuarantinePosition): string => encode({ v: 1, c: position.categoryId, s: position.sku });

export function decodeQuarantineCursor(cursor: string): QuarantinePosition {
  const position = decode(cursor, quarantineCursor);
  return { categoryId: position.c, sku: position.s };
}
