import * as z from 'zod';
import { dealerStatuses } from '#domain/dealer';
import { allRoles } from '#domain/identity';
import { currencyCode } from '#events/schema-parts';

/**
 * Schema pieces shared by the account routes' contracts (dealer users, ship-tos, staff dealer views).
 * Kept in a subfolder: every module directly in contracts/ is one route's contract.
 */
export const moneyInputSchema = z.strictObject({
  amountMinor: z.number().int().nonnegative().describe('Integer minor units (cents for USD)'),
  currency: currencyCode.describe("ISO-4217; must be the dealer's currency"),
});

export const moneySchema = z.object({ amountMinor: z.number().int(), currency: z.string() });

export const userSchema = z.object({
  userId: z.string(),
  email: z.string(),
  name: z.string(),
  roles: z.array(z.enum(allRoles)),
  status: z.enum(['active', 'deactivated']),
  orderLimit: moneySchema.nullable().describe("Per-order limit; above it an approver must approve. null: none"),
  shipToIds: z.array(z.string()).nullable().describe('The only ship-tos the user may order for. null: all'),
});

const addressSchema = z.object({
  line1: z.string(),
  line2: z.string().optional(),
  city: z.string(),
  region: z.string().optional(),
  postalCode: z.string(),
  country: z.string(),
});

export const branchSchema = z.object({ branchId: z.string(), name: z.string() });

export const shipToSchema = z.object({
  shipToId: z.string(),
  name: z.string(),
  address: addressSchema,
  preferredWarehouseId: z.string(),
  branchId: z.string().nullable(),
});

export const dealerStatus = z.enum(dealerStatuses);

/** `?limit=&cursor=` of a listing; the cursor is the previous page's `nextCursor`, opaque. */
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).optional().describe('Page size, 1–100 (default 25)'),
  cursor: z.string().min(1).max(1024).optional().describe("The previous page's nextCursor"),
});

export const nextCursor = z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page');

export const defaultPageSize = 25;

