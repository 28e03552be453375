import * as z from 'zod';
import { attributeTypes, templateProblems } from '#domain/taxonomy';
import { defineContract, eventSources } from './contract.ts';
import { attributeCodeSchema, categoryIdSchema, unitOfMeasureSchema } from './catalog-parts.ts';
import { isoTimestamp } from './schema-parts.ts';

const attributeDefinition = z.strictObject({
  code: attributeCodeSchema,
  label: z.string().min(1).max(100),
  type: z.enum(attributeTypes),
  required: z.boolean(),
  unit: z.string().min(1).max(20).optional(),
  allowedValues: z.array(z.string().min(1).max(200)).min(1).max(200).optional(),
  min: z.number().finite().optional(),
  max: z.number().finite().optional(),
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
    revision: z.number().int().nonnegative(),
    occurredAt: isoTimestamp,
    category: z
      .object({
        categoryId: categoryIdSchema,
        name: z.string().min(1).max(200),
        parentId: categoryIdSchema.nullable().optional(),
        allowedUnitsOfMeasure: z.array(unitOfMeasureSchema).min(1).max(20).optional(),
        attributes: z.array(attributeDefinition).max(50),
      })
      .superRefine((category, ctx) => {
        if (category.parentId === category.categoryId) ctx.addIssue({ code: 'custom', path: ['parentId'], message: 'a category cannot be its own parent' });
        for (const p of templateProblems(category.attributes)) ctx.addIssue({ code: 'custom', path: ['attributes', p.index, p.field], message: p.message });
      }),
  }),
});

export type CategoryUpsertedDetail = z.infer<typeof categoryUpserted.detail>;
