import * as z from 'zod/mini';
import { allRoles } from '#domain/identity';
import { defineRouteContract } from './route-contract.ts';
import { moneySchema, shipToSchema } from './parts/accounts.ts';


export const contract = defineRouteContract({
  route: 'GET /me',
  summary: "The caller: user, roles, dealer and the ship-tos they may order for",
  response: z.object({
    user: z.object({
      userId: z.string(),
      email: z.string(),
      name: z.string(),
      orderLimit: z.nullable(moneySchema),
      shipToIds: z.nullable(z.array(z.string())),
    }),
    roles: z.array(z.enum(allRoles)),
    dealer: z.nullable(
      z.object({ dealerId: z.string(), name: z.string(), tier: z.string(), currency: z.string(), paymentTerms: z.string(), status: z.string() }),
    ),
    shipTos: z.array(shipToSchema),
  }),
});
