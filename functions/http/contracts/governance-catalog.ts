import * as z from 'zod/mini';
import { idSchema } from '#events/schema-parts';
import { defineRouteContract } from './route-contract.ts';
import { cursorParam, governanceReasonSchema, nextCursorSchema, pageLimit } from './parts/catalog.ts';

const counts = {
  products: z.number().check(z.int()),
  complete: z.number().check(z.int(), z.describe('Published: passed its category template and the SKU rules')),
  quarantined: z.number().check(z.int(), z.describe('Failed governance: never shown to dealers')),
  staleTemplate: z.number().check(z.int(), z.describe('Complete, but validated against an older revision of the template (re-validated on its next revision)')),
};

export const contract = defineRouteContract({
  route: 'GET /governance/catalog',
  summary:
    'Catalog completeness: per category how many products are complete and quarantined and why (products per reason code), ' +
    'and the quarantined SKUs with their reasons (paginated). Read from counters and a quarantine index the product writes ' +
    'maintain in the same transactions — the report never scans',
  query: z.object({
    category: z.optional(idSchema).check(z.describe('Only this category (rows and quarantine list)')),
    limit: pageLimit(50),
    cursor: cursorParam,
  }),
  response: z.object({
    summary: z.object({
      ...counts,
      completeShare: z.nullable(z.number()).check(z.describe('complete ÷ products, the readiness number; null without products')),
    }),
    categories: z.array(
      z.object({
        categoryId: z.nullable(z.string()).check(z.describe('null: SKUs discontinued before any master data arrived')),
        name: z.nullable(z.string()),
        known: z.boolean().check(z.describe('false: products name a category the taxonomy does not have')),
        templateRevision: z.nullable(z.number().check(z.int())),
        ...counts,
        reasons: z.record(z.string(), z.number().check(z.int())).check(z.describe('Quarantined products per reason code')),
      }),
    ),
    quarantined: z.object({
      items: z.array(
        z.object({
          sku: z.string(),
          name: z.nullable(z.string()),
          categoryId: z.nullable(z.string()),
          revision: z.number().check(z.int()),
          updatedAt: z.string(),
          reasons: z.array(governanceReasonSchema),
        }),
      ),
      nextCursor: nextCursorSchema,
    }),
  }),
});
