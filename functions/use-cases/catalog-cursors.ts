import * as z from 'zod/mini';
import { catalogSorts, type CatalogSort } from '#domain/catalog-search';
import { ValidationFailed } from '#domain/errors';
import type { QuarantinePosition } from '#domain/ports';
import { idSchema } from '#events/schema-parts';
import { decodeCursor, encodeCursor } from '#functions/shared/cursor';

/**
 * The catalog listings' cursors: a keyset position (the sort key of the last item shown) in the
 * shared opaque cursor format. A hand-edited cursor can only move within the caller's own listing —
 * every read still applies the caller's scope and filters — and a malformed one is a 400.
 */
const listCursor = z.strictObject({ s: z.enum(catalogSorts), k: z.string().check(z.minLength(1), z.maxLength(400)) });

export const encodeListCursor = (sort: CatalogSort, key: string): string => encodeCursor({ s: sort, k: key });

export function decodeListCursor(cursor: string, sort: CatalogSort): string {
  const position = decodeCursor(cursor, listCursor);
  if (position.s !== sort) throw new ValidationFailed([{ field: 'query.cursor', code: 'invalid_cursor', message: `the cursor continues a listing sorted by ${position.s}, not ${sort}` }]);
  return position.k;
}

/** `c` is the category id, empty for SKUs without a category. */
const quarantineCursor = z.strictObject({ c: z.union([z.literal(''), idSchema]), s: idSchema });

export const encodeQuarantineCursor = (position: QuarantinePosition): string => encodeCursor({ c: position.categoryId ?? '', s: position.sku });

export function decodeQuarantineCursor(cursor: string): QuarantinePosition {
  const position = decodeCursor(cursor, quarantineCursor);
  return { categoryId: position.c === '' ? null : position.c, sku: position.s };
}
