import * as z from 'zod/mini';
import { attributeCodePattern } from '#domain/taxonomy';
import { catalogSorts } from '#domain/catalog-search';
import { idSchema } from '#events/schema-parts';
import { defineRouteContract } from './route-contract.ts';
import { catalogListItemSchema, cursorParam, nextCursorSchema, pageLimit } from './parts/catalog.ts';

const known = new Set(['category', 'q', 'sort', 'limit', 'cursor']);
export const attributeFilterPrefix = 'attr.';
export const maxAttributeFilters = 10;

export const contract = defineRouteContract({
  route: 'GET /catalog/products',
  summary:
    'List and search the products the caller may see: filter by category (with its subcategories), attribute values ' +
    '(`attr.<code>=<value>[,<value>…]`, any of the values) and words (`q`, word prefixes, all must match); sort by name or SKU; ' +
    'cursor pagination that stays stable while products are added',
  query: z.catchall(z.object({
      category: z.optional(idSchema).check(z.describe('A category id; its subcategories are included')),
      q: z.optional(z.string().check(z.trim(), z.maxLength(200))).check(z.describe('Words the SKU, name, description or a text attribute must start with')),
      sort: z._default(z.enum(catalogSorts), 'name').check(z.describe('name (then SKU) or sku')),
      limit: pageLimit(50),
      cursor: cursorParam,
    }), z.string().check(z.maxLength(500))).check(z.superRefine((query, ctx) => {
      let filters = 0;
      for (const key of Object.keys(query)) {
        if (known.has(key)) continue;
        const code = key.startsWith(attributeFilterPrefix) ? key.slice(attributeFilterPrefix.length) : undefined;
        if (code === undefined || !attributeCodePattern.test(code)) {
          ctx.addIssue({ code: 'custom', path: [key], message: 'unknown query parameter; filter attributes with attr.<code>=<value>[,<value>…]' });
        } else if (++filters > maxAttributeFilters) {
          ctx.addIssue({ code: 'custom', path: [key], message: `at most ${maxAttributeFilters} attribute filters` });
        } else if (String(query[key]).split(',').some((v) => v.trim() === '')) {
          ctx.addIssue({ code: 'custom', path: [key], message: 'empty attribute value' });
        }
      }
      // Report unknown parameters together with any other invalid field, not only once those are fixed.
    }, { when: () => true })),
  response: z.object({ items: z.array(catalogListItemSchema), nextCursor: nextCursorSchema }),
});
