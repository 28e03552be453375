import * as z from 'zod';
import { dealerStatuses } from '#domain/dealer';
import { defineContract, eventSources } from './contract.ts';
import { idSchema, isoTimestamp, currencyCode } from './schema-parts.ts';

const address = z.object({
  line1: z.string().min(1).max(200),
  line2: z.string().max(200).optional(),
  city: z.string().min(1).max(100),
  region: z.string().max(100).optional(),
  postalCode: z.string().min(1).max(20),
  country: z.string().regex(/^[A-Z]{2}$/, 'ISO-3166 alpha-2 country code'),
});

/**
 * The ERP's dealer master record, sent whole on every change. `revision` is the ERP's monotonic
 * record version: the newest wins, an older or repeated one changes nothing.
 */
export const dealerUpserted = defineContract({
  source: eventSources.erp,
  detailType: 'DealerUpserted',
  schemaVersion: 1,
  detail: z.object({
    schemaVersion: z.literal(1),
    revision: z.number().int().nonnegative(),
    occurredAt: isoTimestamp,
    dealer: z
      .object({
        dealerId: idSchema,
        name: z.string().min(1).max(200),
        tier: z.string().min(1).max(40),
        currency: currencyCode,
        paymentTerms: z.string().min(1).max(40),
        creditLimitMinor: z.number().int().nonnegative(),
        status: z.enum(dealerStatuses),
        /** Optional (added in schema version 1, additive): the dealer's branches, stored with its profile. */
        branches: z
          .array(z.object({ branchId: idSchema, name: z.string().min(1).max(200) }))
          .max(50, 'at most 50 branches per dealer')
          .optional(),
        /**
         * Optional (additive in schema version 1): the warehouses the dealer may be shipped from. Absent:
         * every warehouse. A ship-to's preferred warehouse is always allowed.
         */
        allowedWarehouseIds: z.array(idSchema).min(1).max(50, 'at most 50 warehouses').optional(),
        shipTos: z
          .array(
            z.object({
              shipToId: idSchema,
              name: z.string().min(1).max(200),
              address,
              preferredWarehouseId: idSchema,
              /** Optional: the branch the ship-to belongs to; must be one of `branches`. */
              branchId: idSchema.optional(),
            }),
          )
          .max(90, 'at most 90 ship-tos per dealer fit one atomic update'),
      })
      .superRefine((dealer, ctx) => {
        const branchIds = new Set<string>();
        (dealer.branches ?? []).forEach((branch, i) => {
          if (branchIds.has(branch.branchId)) ctx.addIssue({ code: 'custom', path: ['branches', i, 'branchId'], message: 'duplicate branch id' });
          branchIds.add(branch.branchId);
        });
        dealer.shipTos.forEach((shipTo, i) => {
          if (shipTo.branchId !== undefined && !branchIds.has(shipTo.branchId)) {
            ctx.addIssue({ code: 'custom', path: ['shipTos', i, 'branchId'], message: "not one of the dealer's branches" });
          }
        });
      }),
  }),
});

export type DealerUpsertedDetail = z.infer<typeof dealerUpserted.detail>;
