import * as z from 'zod/mini';
import { specialPriceStatuses } from '#domain/special-price';

/** Schema pieces shared by the special-price routes' contracts. */
export const specialPriceStatus = z.enum(specialPriceStatuses);

export const specialPriceRequestSchema = z.object({
  requestId: z.string(),
  dealerId: z.string(),
  requestedBy: z.string(),
  shipToId: z.string(),
  sku: z.string(),
  quantity: z.number().check(z.int()),
  currency: z.string(),
  requestedUnitPriceMinor: z.number().check(z.int()),
  quotedUnitPriceMinor: z.nullable(z.number().check(z.int())).check(z.describe('What a quote said when the request was made (null: no price then)')),
  quotedPriceVersion: z.nullable(z.string()),
  note: z.nullable(z.string()),
  status: specialPriceStatus,
  createdAt: z.string(),
  decidedBy: z.nullable(z.string()),
  decidedAt: z.nullable(z.string()),
  approved: z
    .nullable(
      z.object({
        unitPriceMinor: z.number().check(z.int()),
        currency: z.string(),
        validFrom: z.string(),
        validTo: z.string().check(z.describe('Exclusive')),
        comment: z.nullable(z.string()),
      }),
    )
    .check(z.describe('The approved price and window; it becomes quotable when the ERP sends the contract price back')),
  rejectionReason: z.nullable(z.string()),
});

export const specialPriceListResponse = z.object({
  requests: z.array(specialPriceRequestSchema),
  nextCursor: z.nullable(z.string()).check(z.describe('Pass as `cursor` for the next page; null on the last page')),
});
