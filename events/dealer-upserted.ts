import * as z from 'zod/mini';
import { dealerStatuses } from '#domain/dealer';
import { defineContract, eventSources } from './contract.ts';
import { idSchema, isoTimestamp, currencyCode } from './schema-parts.ts';

const address = z.object({
  line1: z.string().check(z.minLength(1), z.maxLength(200)),
  line2: z.optional(z.string().check(z.maxLength(200))),
  city: z.string().check(z.minLength(1), z.maxLength(100)),
  region: z.optional(z.string().check(z.maxLength(100))),
  postalCode: z.string().check(z.minLength(1), z.maxLength(20)),
  country: z.string().check(z.regex(/^[A-Z]{2}$/, 'ISO-3166 alpha-2 country code')),
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
    revision: z.number().check(z.int(), z.nonnegative()),
    occurredAt: isoTimestamp,
    dealer: z.object({
        dealerId: idSchema,
        name: z.string().check(z.minLength(1), z.maxLength(200)),
        tier: z.string().check(z.minLength(1), z.maxLength(40)),
        currency: currencyCode,
        paymentTerms: z.string().check(z.minLength(1), z.maxLength(40)),
        creditLimitMinor: z.number().check(z.int(), z.nonnegative()),
        status: z.enum(dealerStatuses),
        /** Optional (added in schema version 1, additive): the dealer's branches, stored with its profile. */
        branches: z.optional(
          z
            .array(z.object({ branchId: idSchema, name: z.string().check(z.minLength(1), z.maxLength(200)) }))
            .check(z.maxLength(50, 'at most 50 branches per dealer')),
        ),
        /**
         * Optional (additive in schema version 1): the warehouses the dealer may be shipped from. Absent:
         * every warehouse. A ship-to's preferred warehouse is always allowed.
         */
        allowedWarehouseIds: z.optional(z.array(idSchema).check(z.minLength(1), z.maxLength(50, 'at most 50 warehouses'))),
        shipTos: z.array(
            z.object({
              shipToId: idSchema,
              name: z.string().check(z.minLength(1), z.maxLength(200)),
              address,
              preferredWarehouseId: idSchema,
              /** Optional: the branch the ship-to belongs to; must be one of `branches`. */
              branchId: z.optional(idSchema),
            }),
          ).check(z.maxLength(90, 'at most 90 ship-tos per dealer fit one atomic update')),
      }).check(z.superRefine((dealer, ctx) => {
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
      })),
  }),
});

export type DealerUpsertedDetail = z.infer<typeof dealerUpserted.detail>;
