import * as z from 'zod/mini';
import { defineRouteContract } from './route-contract.ts';
import { nextCursor, pageQuery, userSchema } from './parts/accounts.ts';

export const contract = defineRouteContract({
  route: 'GET /dealer/users',
  summary: "The users of the caller's dealer, with roles, limits, ship-tos and status (a page at a time)",
  query: pageQuery,
  response: z.object({ users: z.array(userSchema), nextCursor }),
});
