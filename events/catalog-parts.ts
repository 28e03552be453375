import * as z from 'zod/mini';
import { attributeCodePattern } from '#domain/taxonomy';
import { idSchema } from './schema-parts.ts';

/**
 * Schema pieces shared by the catalog contracts. They check structure and transport safety only
 * (ids that cannot forge a table key, https URLs, positive integers); the business rules (SKU
 * format, templates, packaging arithmetic) are governance, and a record that breaks them is
 * quarantined with reasons rather than rejected (domain/governance.ts).
 */
export const skuSchema = idSchema.check(z.describe('SKU; must also pass the SKU rules of governance to be published'));
export const categoryIdSchema = idSchema;
export const attributeCodeSchema = z.string().check(z.regex(attributeCodePattern, 'lower-case letters, digits and "_", starting with a letter, at most 40'));
export const unitOfMeasureSchema = z.string().check(
  z.regex(/^[A-Z][A-Z0-9]{0,5}$/, 'unit-of-measure code: upper-case letters and digits, at most 6 (EA, BX, M, KG…)'),
);
export const httpsUrl = z.url({ protocol: /^https$/ }).check(z.maxLength(2000));

export const attributeValueSchema = z.union([
  z.string().check(z.maxLength(200)),
  z.number(),
  z.boolean(),
  z.strictObject({ value: z.number(), unit: z.string().check(z.minLength(1), z.maxLength(20)) }),
]);
