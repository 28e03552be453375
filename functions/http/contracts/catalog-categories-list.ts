import * as z from 'zod';
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
        parentId: z.string().nullable(),
        revision: z.number().int().describe('Version of the category and its template'),
        allowedUnitsOfMeasure: z.array(z.string()).nullable(),
        attributes: z.array(attributeDefinitionSchema),
      }),
    ),
  }),
});
