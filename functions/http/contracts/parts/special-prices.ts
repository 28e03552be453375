import * as z from 'zod';
import { specialPriceStatuses } from '#domain/special-price';

/** Schema pieces shared by the special-price routes' contracts. */
export const specialPriceStatus = z.enum(specialPriceStatuses);

export const specialPriceRequestSchema = z.object({
  requestId: z.string(),
  dealerId: z.string(),
  requestedBy: z.string(),
  shipToId: z.string(),
  sku: z.string(),
  quantity: z.number().int(),
  currency: z.string(),
  requestedUnitPriceMinor: z.number().int(),
  quotedUnitPriceMinor: z.number().int().nullable().describe('What a quote said when the request was made (null: no price then)'),
  quotedPriceVersion: z.string().nullable(),
  note: z.string().nullable(),
  status: specialPriceStatus,
  createdAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  approved: z
    .object({ unitPriceMinor: z.number().int(), currency: z.string(), validFrom: z.string(), validTo: z.string().describe('Exclusive'), comment: z.string().nullable() })
    .nullable()
    .describe('The approved price and window; it becomes quotable when the ERP sends the contract price back'),
  rejectionReason: z.string().nullable(),
});

export const specialPriceListResponse = z.object({
  requests: z.array(specialPriceRequestSchema),
  nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page'),
});
