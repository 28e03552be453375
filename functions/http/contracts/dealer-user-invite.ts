import * as z from 'zod';
import { dealerRoles } from '#domain/identity';
import { idSchema } from '#events/schema-parts';
import { defineRouteContract } from './route-contract.ts';
import { moneyInputSchema, userSchema } from './parts/accounts.ts';

/** A user to invite into a dealer (by its dealer admin, or by staff onboarding the dealer). */
export const inviteBody = z.strictObject({
  email: z.email().max(254),
  name: z.string().trim().min(1).max(200),
  roles: z.array(z.enum(dealerRoles)).min(1).max(dealerRoles.length).describe('Dealer roles only'),
  orderLimit: moneyInputSchema.optional(),
  shipToIds: z.array(idSchema).min(1).max(90).optional().describe('Restrict the user to these ship-tos of the dealer'),
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
