import * as z from 'zod/mini';
import { idSchema } from '#events/schema-parts';
import { defineRouteContract } from './route-contract.ts';
import { branchSchema, dealerStatus, moneySchema, shipToSchema, userSchema } from './parts/accounts.ts';

export const contract = defineRouteContract({
  route: 'GET /admin/dealers/{dealerId}',
  summary: "One dealer for staff: profile, branches, ship-tos and every user with roles and status",
  path: z.object({ dealerId: idSchema }),
  response: z.object({
    dealer: z.object({
      dealerId: z.string(),
      name: z.string(),
      tier: z.string(),
      currency: z.string(),
      paymentTerms: z.string(),
      creditLimit: moneySchema,
      status: dealerStatus,
      revision: z.number().check(z.int(), z.describe("The ERP's revision of this dealer record")),
      updatedAt: z.string(),
    }),
    branches: z.array(branchSchema),
    shipTos: z.array(shipToSchema),
    users: z.array(userSchema),
  }),
});
