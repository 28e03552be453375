import * as z from 'zod/mini';
import { defineContract, eventSources } from './contract.ts';
import { idSchema, isoTimestamp } from './schema-parts.ts';

/** The promotion stops applying now, before its window ends. Shares PromotionUpserted's revisions. */
export const promotionEnded = defineContract({
  source: eventSources.erp,
  detailType: 'PromotionEnded',
  schemaVersion: 1,
  detail: z.object({
    schemaVersion: z.literal(1),
    revision: z.number().check(z.int(), z.nonnegative()),
    occurredAt: isoTimestamp,
    promotionId: idSchema,
  }),
});

export type PromotionEndedDetail = z.infer<typeof promotionEnded.detail>;
