import * as z from 'zod';
import { dealerRoles } from '#domain/identity';
import { idSchema } from '#events/schema-parts';
import { defineRouteContract } from './route-contract.ts';
import { moneyInputSchema, userSchema } from './parts/accounts.ts';

export const contract = defineRouteContract({
  route: 'PATCH /dealer/users/{userId}',
  summary:
    "Changes a user of the caller's dealer: roles, order limit, ship-tos (null clears a limit or restriction) or status. " +
    'A deactivated user is refused from their next request on. Admins cannot deactivate themselves or drop their own dealer-admin role (409 self-lockout).',
  path: z.object({ userId: idSchema }),
  body: z
    .strictObject({
      roles: z.array(z.enum(dealerRoles)).min(1).max(dealerRoles.length).optional(),
      orderLimit: moneyInputSchema.nullable().optional(),
      shipToIds: z.array(idSchema).min(1).max(90).nullable().optional(),
      status: z.enum(['active', 'deactivated']).optional(),
    })
    .refine((change) => Object.values(change).some((value) => value !== undefined), 'name at least one of roles, orderLimit, shipToIds, status'),
  conflicts: {
    'self-lockout': 'an admin may not deactivate themselves or drop their own dealer-admin role',
  },
  response: userSchema,
});
