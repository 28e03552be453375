import * as z from 'zod/mini';
import { defineRouteContract } from './route-contract.ts';
import { attributeDefinitionSchema } from './parts/catalog.ts';

export const contract = defineRouteContract({
  route: 'GET /catalog/categories',
  summary:
    'The governed taxonomy as the caller may browse it (staff and unrestricted dealers: all of it; a restricted dealer: its ' +
    'entitled categories and their ancestors), with each category’s attribute template for building filters',
  response: z.object({
    categories: z.array(
      z.object({
        categoryId: z.string(),
        name: z.string(),
        parentId: z.nullable(z.string()),
        revision: z.number().check(z.int(), z.describe('Version of the category and its template')),
        allowedUnitsOfMeasure: z.nullable(z.array(z.string())),
        attributes: z.array(attributeDefinitionSchema),
      }),
    ),
  }),
});
