import { adminEffect, isActiveAdmin, normalizeEmail, selfLockoutReason, userSettingsProblems, userView, type UserChange } from '#domain/accounts';
import { Conflict, Forbidden, NotFound, ValidationFailed } from '#domain/errors';
import type { DealerRole, Principal } from '#domain/identity';
import type { Money } from '#domain/money';
import type { DealerStore, DealerUserStore, IdentityDirectory, InviteRecord } from '#domain/ports';
import type { PortalUser } from '#domain/user';

/**
 * Dealer admins manage their own dealer's users. The dealer is always the one in the caller's token;
 * a user id of another dealer is simply not found in this dealer's partition (404, never 403).
 *
 * Order of writes, and why (the directory is Cognito in AWS):
 * - Invite: DynamoDB first — claim the email for the dealer (conditional write), so duplicates stop
 *   before anything exists in Cognito; then Cognito (create the user, remember its `sub` in the claim
 *   at once, set its groups); then DynamoDB again — the user and the "taken" claim in one transaction.
 *   A failure anywhere leaves a pending claim; the same invite sent again after the claim's lease has
 *   run out resumes it: it reuses the recorded `sub`, or — if the process died between Cognito's answer
 *   and recording it — finds the user Cognito already has (re-sending its invitation), so a retry never
 *   creates a second directory user. Every step is idempotent; racing invites of one email get one
 *   user: the claim lets one attempt through, the others get 409.
 * - Changes: DynamoDB first, then Cognito. The user record is what every request is authorized
 *   against (functions/shared/authenticated-route.ts), so a deactivation refuses the user's next
 *   request even if the Cognito call then fails; sending the same change again converges Cognito.
 */
export interface DealerUserDeps {
  readonly users: DealerUserStore;
  readonly dealers: DealerStore;
  readonly directory: IdentityDirectory;
  readonly now: () => string;
  readonly newAttempt: () => string;
}

/** How long an attempt owns an invite before a retry may take it over: beyond any function timeout. */
export const inviteLeaseSeconds = 60;

export interface InviteInput {
  readonly email: string;
  readonly name: string;
  readonly roles: readonly DealerRole[];
  readonly orderLimit?: Money | undefined;
  readonly shipToIds?: readonly string[] | undefined;
}

function dealerAdmin(principal: Principal) {
  if (principal.kind !== 'dealer') throw new Forbidden("only a dealer's own users manage its users");
  return principal;
}

async function dealerFacts(dealerId: string, deps: Pick<DealerUserDeps, 'dealers'>) {
  const { dealer, shipTos } = await deps.dealers.getWithShipTos(dealerId);
  if (!dealer) throw new NotFound(`dealer ${dealerId}`);
  return { currency: dealer.currency, shipToIds: shipTos.map((s) => s.shipToId), status: dealer.status };
}

export async function listDealerUsers(principal: Principal, page: { limit: number; cursor?: string | undefined }, deps: Pick<DealerUserDeps, 'users'>) {
  const { dealerId } = dealerAdmin(principal);
  const { items, nextCursor } = await deps.users.list(dealerId, page);
  return { users: items.map(userView), nextCursor: nextCursor ?? null };
}

/**
 * Invites a user into the caller's dealer. Idempotent per email within the dealer: an email the dealer
 * already has answers 409 `user-exists` (change that user with PATCH instead); an invite another
 * request is still carrying out answers 409 `invite-in-progress`; a closed dealer takes no new users.
 */
export async function inviteDealerUser(principal: Principal, input: InviteInput, deps: DealerUserDeps) {
  const admin = dealerAdmin(principal);
  return invite(admin.dealerId, admin.userId, input, deps);
}

/**
 * Staff invite a user into a dealer named in the path — how a dealer gets its first dealer admin (the
 * ERP creates the dealer, not its users), or a new one when its admins have left. The route allows it
 * to portal admins only (`dealers:onboard`); the invite is the same as a dealer admin's.
 */
export async function onboardDealerUser(principal: Principal, dealerId: string, input: InviteInput, deps: DealerUserDeps) {
  if (principal.kind !== 'staff') throw new Forbidden('dealers are onboarded by staff');
  return invite(dealerId, principal.userId, input, deps);
}

async function invite(dealerId: string, invitedBy: string, input: InviteInput, deps: DealerUserDeps) {
  const facts = await dealerFacts(dealerId, deps);
  if (facts.status === 'closed') throw new Conflict('dealer-closed', `dealer ${dealerId} is closed: it takes no new users`);
  const problems = userSettingsProblems(input, facts);
  if (problems.length > 0) throw new ValidationFailed(problems);

  const now = deps.now();
  const request: InviteRecord = {
    dealerId,
    email: normalizeEmail(input.email),
    name: input.name,
    roles: [...new Set(input.roles)],
    ...(input.orderLimit ? { orderLimit: input.orderLimit } : {}),
    ...(input.shipToIds ? { shipToIds: [...new Set(input.shipToIds)] } : {}),
    invitedBy,
    attempt: deps.newAttempt(),
  };
  const until = new Date(Date.parse(now) + inviteLeaseSeconds * 1000).toISOString();
  const reservation = await deps.users.reserveInvite(request, { now, until });
  if (reservation.outcome === 'exists') throw new Conflict('user-exists', `the dealer already has a user with this email: ${reservation.userId}`);
  if (reservation.outcome === 'in-progress') throw new Conflict('invite-in-progress', 'an invite of this email is under way; retry in a minute');

  // A resumed invite carries on with what it was started with.
  const invite = reservation.invite;
  try {
    const userId = invite.userId ?? (await directoryUser(invite, reservation.resumed, deps));
    await deps.directory.setGroups(userId, invite.roles);
    const user: PortalUser = {
      userId,
      dealerId: invite.dealerId,
      email: invite.email,
      name: invite.name,
      roles: invite.roles,
      status: 'active',
      ...(invite.orderLimit ? { orderLimit: invite.orderLimit } : {}),
      ...(invite.shipToIds ? { shipToIds: invite.shipToIds } : {}),
    };
    await deps.users.completeInvite(invite, user);
    return userView(user);
  } catch (error) {
    // The directory has the email for somebody else: this invite can never succeed, give the email back.
    if (error instanceof Conflict && error.code === 'email-in-use') await deps.users.releaseInvite(invite);
    throw error;
  }
}

async function directoryUser(invite: InviteRecord, resumed: boolean, deps: DealerUserDeps): Promise<string> {
  if (resumed) {
    // An earlier attempt may have created the directory user and died before recording it.
    const existing = await deps.directory.resendInvitation(invite.email);
    if (existing && existing.dealerId !== invite.dealerId) throw new Conflict('email-in-use', `${invite.email} belongs to another account`);
    if (existing) {
      await deps.users.recordDirectoryUser(invite, existing.userId);
      return existing.userId;
    }
  }
  const { userId } = await deps.directory.createUser({ email: invite.email, name: invite.name, dealerId: invite.dealerId });
  await deps.users.recordDirectoryUser(invite, userId);
  return userId;
}

export type DealerUserChange = Omit<UserChange, 'roles'> & { readonly roles?: readonly DealerRole[] | undefined };

/**
 * Decided on a consistent read of the dealer's users, written only while what the decision saw still
 * holds (the user's roles and status; for a change removing an active admin, the roster version too).
 * So two admins deactivating each other at once cannot both succeed: the second is decided again,
 * on a roster where it would remove the last admin, and is refused (`409 last-dealer-admin`).
 */
async function applyKeepingAnAdmin(dealerId: string, userId: string, change: DealerUserChange, users: Pick<DealerUserStore, 'roster' | 'update'>) {
  for (let attempt = 0; attempt < maxRosterAttempts; attempt++) {
    const roster = await users.roster(dealerId);
    const target = roster.users.find((u) => u.userId === userId);
    if (!target) throw new NotFound(`user ${userId}`);
    const effect = adminEffect(target, change, roster.users.filter(isActiveAdmin).map((u) => u.userId));
    if (effect === 'none') throw new Conflict('last-dealer-admin', 'the dealer would have no active dealer admin left; make another user an admin first');
    const updated = await users.update(dealerId, userId, change, { roles: target.roles, status: target.status, ...(effect === 'removes' ? { rosterVersion: roster.version } : {}) });
    if (updated !== 'stale') return updated;
  }
  throw new Conflict('concurrent-change', 'the dealer’s users changed while this change was decided; retry');
}

const maxRosterAttempts = 5;

/** Changes roles, order limit, ship-tos or status of a user of the caller's dealer. */
export async function updateDealerUser(principal: Principal, userId: string, change: DealerUserChange, deps: Omit<DealerUserDeps, 'now' | 'newAttempt'>) {
  const admin = dealerAdmin(principal);
  const lockout = selfLockoutReason(admin.userId, userId, change);
  if (lockout) throw new Conflict('self-lockout', lockout);
  if (change.orderLimit || change.shipToIds || change.roles) {
    const problems = userSettingsProblems(change, await dealerFacts(admin.dealerId, deps));
    if (problems.length > 0) throw new ValidationFailed(problems);
  }

  const normalized: DealerUserChange = {
    ...change,
    ...(change.roles ? { roles: [...new Set(change.roles)] } : {}),
    ...(change.shipToIds ? { shipToIds: [...new Set(change.shipToIds)] } : {}),
  };
  const updated = await applyKeepingAnAdmin(admin.dealerId, userId, normalized, deps.users);
  if (normalized.roles) await deps.directory.setGroups(userId, normalized.roles);
  if (normalized.status) await deps.directory.setEnabled(userId, normalized.status === 'active');
  return userView(updated);
}
