import * as z from 'zod/mini';
import { attributeTypes, templateProblems } from '#domain/taxonomy';
import { defineContract, eventSources } from './contract.ts';
import { attributeCodeSchema, categoryIdSchema, unitOfMeasureSchema } from './catalog-parts.ts';
import { isoTimestamp } from './schema-parts.ts';

const attributeDefinition = z.strictObject({
  code: attributeCodeSchema,
  label: z.string().check(z.minLength(1), z.maxLength(100)),
  type: z.enum(attributeTypes),
  required: z.boolean(),
  unit: z.optional(z.string().check(z.minLength(1), z.maxLength(20))),
  allowedValues: z.optional(z.array(z.string().check(z.minLength(1), z.maxLength(200))).check(z.minLength(1), z.maxLength(200))),
  min: z.optional(z.number()),
  max: z.optional(z.number()),
});

/**
 * One category of the governed taxonomy with its attribute template, sent whole on every change.
 * `revision` is the PIM's monotonic version of the category and doubles as the template version:
 * the newest wins, and products remember the template revision they were validated against. A
 * template that contradicts itself (duplicate codes, an enum without values, a unit on a string)
 * is a malformed event and goes to the DLQ.
 */
export const categoryUpserted = defineContract({
  source: eventSources.erp,
  detailType: 'CategoryUpserted',
  schemaVersion: 1,
  detail: z.object({
    schemaVersion: z.literal(1),
    revision: z.number().check(z.int(), z.nonnegative()),
    occurredAt: isoTimestamp,
    category: z.object({
        categoryId: categoryIdSchema,
        name: z.string().check(z.minLength(1), z.maxLength(200)),
        parentId: z.optional(z.nullable(categoryIdSchema)),
        allowedUnitsOfMeasure: z.optional(z.array(unitOfMeasureSchema).check(z.minLength(1), z.maxLength(20))),
        attributes: z.array(attributeDefinition).check(z.maxLength(50)),
      }).check(z.superRefine((category, ctx) => {
        if (category.parentId === category.categoryId) ctx.addIssue({ code: 'custom', path: ['parentId'], message: 'a category cannot be its own parent' });
        for (const p of templateProblems(category.attributes)) ctx.addIssue({ code: 'custom', path: ['attributes', p.index, p.field], message: p.message });
      })),
  }),
});

export type CategoryUpsertedDetail = z.infer<typeof categoryUpserted.detail>;
