import * as z from 'zod/mini';
import { skuSchema } from '#events/catalog-parts';
import { defineRouteContract } from './route-contract.ts';
import { lifecycleSchema } from './parts/catalog.ts';

export const contract = defineRouteContract({
  route: 'GET /catalog/products/{sku}',
  summary:
    'One product the caller may see: attributes with their labels and units, packaging rules (unit of measure, pack size, ' +
    'minimum order quantity, order multiple) and, for a discontinued product, its replacement. A SKU the caller may not see ' +
    '(not entitled, quarantined) answers 404 exactly like an unknown one',
  path: z.object({ sku: skuSchema }),
  response: z.object({
    sku: z.string(),
    name: z.string(),
    description: z.string(),
    categoryId: z.string(),
    categoryPath: z.array(z.object({ categoryId: z.string(), name: z.string() })).check(z.describe('Root first, ending with the product’s category')),
    lifecycle: lifecycleSchema,
    replacementSku: z.nullable(z.string()),
    replacement: z
      .nullable(z.object({ sku: z.string(), name: z.string(), lifecycle: lifecycleSchema }))
      .check(z.describe('The replacement product, when the caller may see it')),
    attributes: z.array(
      z.object({ code: z.string(), label: z.string(), value: z.union([z.string(), z.number(), z.boolean()]), unit: z.nullable(z.string()) }),
    ),
    packaging: z.object({
      unitOfMeasure: z.string(),
      packSize: z.number().check(z.int()),
      minimumOrderQuantity: z.number().check(z.int()),
      orderMultiple: z.number().check(z.int(), z.describe('Order quantities are multiples of this, from the minimum order quantity up')),
    }),
    imageUrls: z.array(z.string()),
    documents: z.array(z.object({ title: z.string(), url: z.string() })),
    revision: z.number().check(z.int()),
    updatedAt: z.string(),
  }),
});
