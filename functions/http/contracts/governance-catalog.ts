import * as z from 'zod';
import { idSchema } from '#events/schema-parts';
import { defineRouteContract } from './route-contract.ts';
import { cursorParam, governanceReasonSchema, nextCursorSchema, pageLimit } from './parts/catalog.ts';

const counts = {
  products: z.number().int(),
  complete: z.number().int().describe('Published: passed its category template and the SKU rules'),
  quarantined: z.number().int().describe('Failed governance: never shown to dealers'),
  staleTemplate: z.number().int().describe('Complete, but validated against an older revision of the template (re-validated on its next revision)'),
};

export const contract = defineRouteContract({
  route: 'GET /governance/catalog',
  summary:
    'Catalog completeness: per category how many products are complete and quarantined and why (products per reason code), ' +
    'and the quarantined SKUs with their reasons (paginated). Read from counters and a quarantine index the product writes ' +
    'maintain in the same transactions — the report never scans',
  query: z.object({
    category: idSchema.optional().describe('Only this category (rows and quarantine list)'),
    limit: pageLimit(50),
    cursor: cursorParam,
  }),
  response: z.object({
    summary: z.object({
      ...counts,
      completeShare: z.number().nullable().describe('complete ÷ products, the readiness number; null without products'),
    }),
    categories: z.array(
      z.object({
        categoryId: z.string().nullable().describe('null: SKUs discontinued before any master data arrived'),
        name: z.string().nullable(),
        known: z.boolean().describe('false: products name a category the taxonomy does not have'),
        templateRevision: z.number().int().nullable(),
        ...counts,
        reasons: z.record(z.string(), z.number().int()).describe('Quarantined products per reason code'),
      }),
    ),
    quarantined: z.object({
      items: z.array(
        z.object({
          sku: z.string(),
          name: z.string().nullable(),
          categoryId: z.string().nullable(),
          revision: z.number().int(),
          updatedAt: z.string(),
          reasons: z.array(governanceReasonSchema),
        }),
      ),
      nextCursor: nextCursorSchema,
    }),
  }),
});
