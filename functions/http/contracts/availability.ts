import * as z from 'zod/mini';
import { idSchema } from '#events/schema-parts';
import { defineRouteContract } from './route-contract.ts';

export const maxSkusPerRequest = 100;

const nextAvailableSchema = z
  .nullable(
    z.object({
      date: z.string().check(z.describe('Expected date (YYYY-MM-DD, UTC); a late receipt the ERP still expects counts from today, never from a past date')),
      quantity: z.number().check(
        z.int(),
        z.describe('Units promisable in total on that date; across warehouses, a receipt first covers the reservations of the warehouse it goes into'),
      ),
    }),
  )
  .check(z.describe('When more than is available now becomes promisable, from incoming supply; null when no supply is expected'));

export const contract = defineRouteContract({
  route: 'GET /availability',
  summary:
    'Available-to-promise of up to 100 SKUs for one of the caller’s ship-tos: per SKU the units available now (total and per ' +
    'warehouse, the ship-to’s preferred warehouse first), the next available date and quantity from incoming supply, the ' +
    'as-of time of the stock figures (when the source last stated each) and a stale flag when a warehouse feed (its newest ' +
    'statement of any SKU) is older than its freshness limit. Only the ' +
    'warehouses the dealer may be shipped from are shown and summed. A SKU the catalog does not show the dealer (not ' +
    'entitled, quarantined, unknown to the catalog, discontinued without replacement) is reported exactly like an unknown ' +
    'one, its stock never shown; a ship-to the caller may not see is 404',
  query: z.object({
    shipToId: idSchema.check(z.describe('One of the caller’s ship-tos')),
    skus: z
      .pipe(
        z.pipe(
          z.string().check(z.maxLength(maxSkusPerRequest * 65)),
          z.transform((value) => value.split(',').map((s) => s.trim())),
        ),
        z.array(idSchema).check(z.minLength(1), z.maxLength(maxSkusPerRequest, `at most ${maxSkusPerRequest} SKUs`)),
      )
      .check(z.describe('Comma-separated SKUs, at most 100')),
  }),
  response: z.object({
    shipToId: z.string(),
    preferredWarehouseId: z.string(),
    items: z.array(
      z.object({
        sku: z.string(),
        known: z.boolean().check(
          z.describe('false: no stock known for this SKU in the warehouses the dealer may ship from, or the dealer may not see it (the same answer)'),
        ),
        availableNow: z.number().check(z.int(), z.nonnegative()),
        warehouses: z.array(
          z.object({
            warehouseId: z.string(),
            preferred: z.boolean(),
            available: z.number().check(
              z.int(),
              z.nonnegative(),
              z.describe(
                'On-hand − reserved by portal orders the feed does not include yet (unconfirmed, or confirmed but not yet in a statement) − safety stock, never negative',
              ),
            ),
            nextAvailable: nextAvailableSchema,
            asOf: z.string(),
            stale: z.boolean(),
          }),
        ),
        nextAvailable: nextAvailableSchema,
        asOf: z.nullable(z.string()).check(z.describe('The oldest as-of of the warehouses shown')),
        stale: z.boolean(),
      }),
    ),
  }),
});
