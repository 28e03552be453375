import * as z from 'zod/mini';

/** Ids appear inside table keys, so they are restricted to characters that cannot forge a key. */
export const idSchema = z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, ".", "_" or "-", at most 64'));
export const isoTimestamp = z.iso.datetime({ offset: false });
export const currencyCode = z.string().check(z.regex(/^[A-Z]{3}$/, 'ISO-4217 currency code'));
