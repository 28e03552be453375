import * as z from 'zod/mini';
import { attributeTypes } from '#domain/taxonomy';
import { lifecycles } from '#domain/product';

/**
 * Schema pieces shared by the catalog and governance routes' contracts. Kept in a subfolder: every
 * module directly in contracts/ is one route's contract.
 */
export const lifecycleSchema = z.enum(lifecycles);

export const attributeValueSchema = z.union([z.string(), z.number(), z.boolean(), z.object({ value: z.number(), unit: z.string() })]);

export const catalogListItemSchema = z.object({
  sku: z.string(),
  name: z.string(),
  categoryId: z.string(),
  lifecycle: lifecycleSchema,
  replacementSku: z.nullable(z.string()).check(z.describe('For a discontinued product: the SKU the ERP names as its replacement')),
  unitOfMeasure: z.string(),
  packSize: z.number().check(z.int()),
  minimumOrderQuantity: z.number().check(z.int()),
  orderMultiple: z.number().check(z.int()),
  attributes: z.record(z.string(), attributeValueSchema).check(z.describe('Attribute values by code; numbers with a unit as {value, unit}')),
  imageUrl: z.nullable(z.string()).check(z.describe('The first image, for a thumbnail')),
});

export const attributeDefinitionSchema = z.object({
  code: z.string(),
  label: z.string(),
  type: z.enum(attributeTypes),
  required: z.boolean(),
  unit: z.nullable(z.string()),
  allowedValues: z.nullable(z.array(z.string())),
  min: z.nullable(z.number()),
  max: z.nullable(z.number()),
});

export const governanceReasonSchema = z.object({
  code: z.string().check(z.describe('Stable reason code, e.g. missing-required-attribute (see domain/governance.ts)')),
  field: z.string().check(z.describe('Dotted path in the product record, e.g. attributes.diameter')),
  message: z.string(),
});

export const pageLimit = (fallback: number) =>
  z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), fallback).check(z.describe(`Page size, 1–100 (default ${fallback})`));
export const cursorParam = z.optional(z.string().check(z.minLength(1), z.maxLength(1024))).check(z.describe("The previous page's nextCursor"));
export const nextCursorSchema = z.nullable(z.string()).check(z.describe('Pass as `cursor` for the next page; null on the last page'));
