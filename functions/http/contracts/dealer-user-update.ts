import * as z from 'zod/mini';
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
  body: z.strictObject({
      roles: z.optional(z.array(z.enum(dealerRoles)).check(z.minLength(1), z.maxLength(dealerRoles.length))),
      orderLimit: z.optional(z.nullable(moneyInputSchema)),
      shipToIds: z.optional(z.nullable(z.array(idSchema).check(z.minLength(1), z.maxLength(90)))),
      status: z.optional(z.enum(['active', 'deactivated'])),
    }).check(z.refine((change) => Object.values(change).some((value) => value !== undefined), 'name at least one of roles, orderLimit, shipToIds, status')),
  conflicts: {
    'self-lockout': 'an admin may not deactivate themselves or drop their own dealer-admin role',
    'last-dealer-admin': 'the change would leave the dealer without an active dealer admin',
    'concurrent-change': "the dealer's users kept changing while this change was decided; retry",
  },
  response: userSchema,
});
