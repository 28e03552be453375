import * as z from 'zod';
import { dealerRoles } from '#domain/identity';
import { idSchema } from '#events/schema-parts';
import { defineRouteContract } from './route-contract.ts';
import { moneyInputSchema, userSchema } from './parts/accounts.ts';

export const contract = defineRouteContract({
  route: 'PATCH /dealer/users/{userId}',
  summary:
    "Changes a user of the caller's dealer: roles, order limit, ship-tos (null clears a limit or restriction) or status. " +
    'A deactivated user is refused from their next request on. Admins cannot deactivate themselves or drop their own dealer-admin role (409 self-lockout), ' +
    'and the dealer always keeps an active dealer admin, also when two admins remove each other at once (409 last-dealer-admin).',
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
    'last-dealer-admin': 'the change would leave the dealer without an active dealer admin',
    'concurrent-change': "the dealer's users kept changing while this change was decided; retry",
  },
  response: userSchema,
});
