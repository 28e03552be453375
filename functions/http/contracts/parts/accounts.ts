import * as z from 'zod/mini';
import { dealerStatuses } from '#domain/dealer';
import { allRoles } from '#domain/identity';
import { currencyCode } from '#events/schema-parts';

/**
 * Schema pieces shared by the account routes' contracts (dealer users, ship-tos, staff dealer views).
 * Kept in a subfolder: every module directly in contracts/ is one route's contract.
 */
export const moneyInputSchema = z.strictObject({
  amountMinor: z.number().check(z.int(), z.nonnegative(), z.describe('Integer minor units (cents for USD)')),
  currency: currencyCode.check(z.describe("ISO-4217; must be the dealer's currency")),
});

export const moneySchema = z.object({ amountMinor: z.number().check(z.int()), currency: z.string() });

export const userSchema = z.object({
  userId: z.string(),
  email: z.string(),
  name: z.string(),
  roles: z.array(z.enum(allRoles)),
  status: z.enum(['active', 'deactivated']),
  orderLimit: z.nullable(moneySchema).check(z.describe("Per-order limit; above it an approver must approve. null: none")),
  shipToIds: z.nullable(z.array(z.string())).check(z.describe('The only ship-tos the user may order for. null: all')),
});

const addressSchema = z.object({
  line1: z.string(),
  line2: z.optional(z.string()),
  city: z.string(),
  region: z.optional(z.string()),
  postalCode: z.string(),
  country: z.string(),
});

export const branchSchema = z.object({ branchId: z.string(), name: z.string() });

export const shipToSchema = z.object({
  shipToId: z.string(),
  name: z.string(),
  address: addressSchema,
  preferredWarehouseId: z.string(),
  branchId: z.nullable(z.string()),
});

export const dealerStatus = z.enum(dealerStatuses);

/** `?limit=&cursor=` of a listing; the cursor is the previous page's `nextCursor`, opaque. */
export const pageQuery = z.object({
  limit: z.optional(z.coerce.number().check(z.int(), z.gte(1), z.lte(100))).check(z.describe('Page size, 1–100 (default 25)')),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(1024))).check(z.describe("The previous page's nextCursor")),
});

export const nextCursor = z.nullable(z.string()).check(z.describe('Pass as `cursor` for the next page; null on the last page'));

export const defaultPageSize = 25;

