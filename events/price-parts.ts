import * as z from 'zod/mini';
import { maxAmountMinor } from '#domain/pricing-rules';

/** Calendar dates of price validity windows: `YYYY-MM-DD`, compared as strings. */
export const isoDate = z.iso.date();
/** An amount in integer minor units of the record's currency (no floating point money). */
export const amountMinorSchema = z.number().check(z.int(), z.nonnegative(), z.lte(maxAmountMinor));
/** A percentage in integer basis points: 0 to 10 000 (100 %). */
export const bpsSchema = z.number().check(z.int(), z.gte(0), z.lte(10_000));

export const volumeBreaksSchema = z.array(
    z.strictObject({
      minQuantity: z.number().check(z.int(), z.gte(2)),
      adjustment: z.discriminatedUnion('kind', [
        z.strictObject({ kind: z.literal('percent-off'), bps: bpsSchema }),
        z.strictObject({ kind: z.literal('fixed-price'), amountMinor: amountMinorSchema }),
      ]),
    }),
  ).check(z.maxLength(20), z.refine((breaks) => new Set(breaks.map((b) => b.minQuantity)).size === breaks.length, 'one break per minimum quantity'));

/** `validTo` (exclusive) must come after `validFrom` when present. */
export const windowIsOrdered = (w: { validFrom: string; validTo?: string | undefined }): boolean => w.validTo === undefined || w.validTo > w.validFrom;
