import * as z from 'zod/mini';
import { dealerRoles } from '#domain/identity';
import { idSchema } from '#events/schema-parts';
import { defineRouteContract } from './route-contract.ts';
import { moneyInputSchema, userSchema } from './parts/accounts.ts';

/** A user to invite into a dealer (by its dealer admin, or by staff onboarding the dealer). */
export const inviteBody = z.strictObject({
  email: z.email().check(z.maxLength(254)),
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  roles: z.array(z.enum(dealerRoles)).check(z.minLength(1), z.maxLength(dealerRoles.length), z.describe('Dealer roles only')),
  orderLimit: z.optional(moneyInputSchema),
  shipToIds: z.optional(z.array(idSchema).check(z.minLength(1), z.maxLength(90))).check(z.describe('Restrict the user to these ship-tos of the dealer')),
});

export const inviteConflicts = {
  'user-exists': 'the dealer already has a user with this email (change it with PATCH)',
  'invite-in-progress': 'an invite of this email is under way; retry in a minute',
  'email-in-use': 'the email belongs to another account in the directory',
  'dealer-closed': 'the dealer is closed: it takes no new users',
};

export const contract = defineRouteContract({
  route: 'POST /dealer/users',
  summary:
    "Invites a user into the caller's dealer: creates the sign-in user (invitation email) and the portal user. " +
    'An email the dealer already has answers 409 user-exists; an invite still under way 409 invite-in-progress; a closed dealer 409 dealer-closed.',
  body: inviteBody,
  status: 201,
  conflicts: inviteConflicts,
  response: userSchema,
});
