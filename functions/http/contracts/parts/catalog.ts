import * as z from 'zod';
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
  replacementSku: z.string().nullable().describe('For a discontinued product: the SKU the ERP names as its replacement'),
  unitOfMeasure: z.string(),
  packSize: z.number().int(),
  minimumOrderQuantity: z.number().int(),
  orderMultiple: z.number().int(),
  attributes: z.record(z.string(), attributeValueSchema).describe('Attribute values by code; numbers with a unit as {value, unit}'),
  imageUrl: z.string().nullable().describe('The first image, for a thumbnail'),
});

export const attributeDefinitionSchema = z.object({
  code: z.string(),
  label: z.string(),
  type: z.enum(attributeTypes),
  required: z.boolean(),
  unit: z.string().nullable(),
  allowedValues: z.array(z.string()).nullable(),
  min: z.number().nullable(),
  max: z.number().nullable(),
});

export const governanceReasonSchema = z.object({
  code: z.string().describe('Stable reason code, e.g. missing-required-attribute (see domain/governance.ts)'),
  field: z.string().describe('Dotted path in the product record, e.g. attributes.diameter'),
  message: z.string(),
});

export const pageLimit = (fallback: number) =>
  z.coerce.number().int().min(1).max(100).default(fallback).describe(`Page size, 1–100 (default ${fallback})`);
export const cursorParam = z.string().min(1).max(1024).optional().describe("The previous page's nextCursor");
export const nextCursorSchema = z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page');
