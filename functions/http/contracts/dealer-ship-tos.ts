import * as z from 'zod/mini';
import { defineRouteContract } from './route-contract.ts';
import { branchSchema, shipToSchema } from './parts/accounts.ts';

export const contract = defineRouteContract({
  route: 'GET /dealer/ship-tos',
  summary: "The caller's dealer's branches and the ship-to locations the caller may order for",
  response: z.object({ branches: z.array(branchSchema), shipTos: z.array(shipToSchema) }),
});
