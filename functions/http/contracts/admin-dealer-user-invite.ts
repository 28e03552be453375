import * as z from 'zod/mini';
import { idSchema } from '#events/schema-parts';
import { inviteBody, inviteConflicts } from './dealer-user-invite.ts';
import { defineRouteContract } from './route-contract.ts';
import { userSchema } from './parts/accounts.ts';

export const contract = defineRouteContract({
  route: 'POST /admin/dealers/{dealerId}/users',
  summary:
    "Staff (portal admins) invite a user into a dealer — the dealer's first dealer admin when onboarding it, or a new one when its admins " +
    'are gone; that admin then manages the dealer’s users. Same invite as POST /dealer/users: 409 user-exists, invite-in-progress, ' +
    'dealer-closed; an unknown dealer is 404.',
  path: z.object({ dealerId: idSchema }),
  body: inviteBody,
  status: 201,
  conflicts: inviteConflicts,
  response: userSchema,
});
