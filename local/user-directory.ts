import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { allRoles, type Role } from '#domain/identity';
import { dealerIdClaim } from '#functions/shared/auth';
import type { TokenSubject } from './token-issuer.ts';

/**
 * Stands in for the Cognito user pool's admin API locally: the calls functions/adapters/
 * cognito-directory.ts makes (AdminCreateUser, AdminAddUserToGroup, AdminRemoveUserFromGroup,
 * AdminDisableUser, AdminEnableUser) reach it over the real wire protocol through
 * local/aws-endpoint.ts, and behave as the pool does: email is the (case-insensitive) username, the
 * `sub` is generated, groups must exist (one per role, as in infra/stacks/identity-stack.ts), and the
 * same errors come back (UsernameExistsException, UserNotFoundException, ...). The token issuer mints
 * tokens for its users (`subject`), refusing disabled ones as Cognito's sign-in does.
 */
export class DirectoryError extends Error {
  constructor(
    readonly awsErrorName: string,
    message: string,
  ) {
    super(message);
  }
}

export type DirectoryUserStatus = 'FORCE_CHANGE_PASSWORD' | 'CONFIRMED';

export interface DirectoryUser {
  readonly sub: string;
  readonly email: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly groups: Set<Role>;
  enabled: boolean;
  status: DirectoryUserStatus;
  readonly createdAt: Date;
}

/** An invitation "sent" by AdminCreateUser (new user, or MessageAction RESEND). */
export interface SentInvitation {
  readonly email: string;
  readonly sub: string;
  readonly at: string;
}

/** The admin operations emulated, by their Cognito API name. */
export const directoryOperations = ['AdminCreateUser', 'AdminAddUserToGroup', 'AdminRemoveUserFromGroup', 'AdminDisableUser', 'AdminEnableUser'] as const;
export type DirectoryOperation = (typeof directoryOperations)[number];

const writableAttributes = new Set(['email', 'email_verified', 'name', dealerIdClaim]);
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** How a persisted directory is written to its file (`npm start -- --persist <dir>`). */
interface StoredUser extends Omit<DirectoryUser, 'groups' | 'createdAt'> {
  readonly groups: Role[];
  readonly createdAt: string;
}

export class LocalUserDirectory {
  readonly invitations: SentInvitation[] = [];
  private readonly bySub = new Map<string, DirectoryUser>();
  private readonly byEmail = new Map<string, DirectoryUser>();

  /**
   * With `file` (the persisted local stack keeps it next to DynamoDB's data), the users are loaded
   * from it and written back after every change, so invited, deactivated and re-grouped users survive a
   * restart along with their portal records.
   */
  constructor(
    readonly userPoolId: string,
    private readonly file?: string,
  ) {
    if (!file || !existsSync(file)) return;
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { users: StoredUser[] };
    for (const user of stored.users) this.remember({ ...user, groups: new Set(user.groups), createdAt: new Date(user.createdAt) });
  }

  private remember(user: DirectoryUser): void {
    this.bySub.set(user.sub, user);
    this.byEmail.set(user.email, user);
  }

  private save(): void {
    if (!this.file) return;
    const users: StoredUser[] = [...this.bySub.values()].map((u) => ({ ...u, groups: [...u.groups], createdAt: u.createdAt.toISOString() }));
    writeFileSync(this.file, `${JSON.stringify({ users }, null, 2)}\n`);
  }

  /**
   * Seeding and tests: a user with a fixed `sub` (the demo's stable ids such as `u-acme-buyer`),
   * already signed in (CONFIRMED).
   */
  add(user: { sub: string; email: string; name?: string | undefined; dealerId?: string | undefined; groups: readonly Role[]; enabled?: boolean }): DirectoryUser {
    const email = user.email.toLowerCase();
    if (this.byEmail.has(email) || this.bySub.has(user.sub)) throw new DirectoryError('UsernameExistsException', 'An account with the given email already exists.');
    const created: DirectoryUser = {
      sub: user.sub,
      email,
      attributes: {
        sub: user.sub,
        email,
        email_verified: 'true',
        ...(user.name ? { name: user.name } : {}),
        ...(user.dealerId ? { [dealerIdClaim]: user.dealerId } : {}),
      },
      groups: new Set(user.groups),
      enabled: user.enabled ?? true,
      status: 'CONFIRMED',
      createdAt: new Date(),
    };
    this.remember(created);
    this.save();
    return created;
  }

  /** A user by username (email, any case) or by `sub`, as Cognito's admin calls accept either. */
  find(username: string): DirectoryUser | undefined {
    return this.bySub.get(username) ?? this.byEmail.get(username.toLowerCase());
  }

  /**
   * What a sign-in would put in the user's ID token, for the token issuer. Unknown and disabled users
   * cannot sign in.
   */
  subject(username: string): TokenSubject {
    const user = this.find(username);
    if (!user) throw new DirectoryError('UserNotFoundException', `User ${username} does not exist.`);
    if (!user.enabled) throw new DirectoryError('NotAuthorizedException', 'User is disabled.');
    return { sub: user.sub, email: user.email, groups: [...user.groups], dealerId: user.attributes[dealerIdClaim] };
  }

  /** One admin API call, with the request body as the SDK sends it. */
  call(operation: DirectoryOperation, body: Record<string, unknown>): unknown {
    const result = this.apply(operation, body);
    this.save();
    return result;
  }

  private apply(operation: DirectoryOperation, body: Record<string, unknown>): unknown {
    if (text(body.UserPoolId) !== this.userPoolId) throw new DirectoryError('ResourceNotFoundException', `User pool ${text(body.UserPoolId)} does not exist.`);
    switch (operation) {
      case 'AdminCreateUser':
        return { User: this.adminCreateUser(body) };
      case 'AdminAddUserToGroup':
        this.existing(body).groups.add(this.group(body));
        return {};
      case 'AdminRemoveUserFromGroup':
        this.existing(body).groups.delete(this.group(body));
        return {};
      case 'AdminDisableUser':
        this.existing(body).enabled = false;
        return {};
      case 'AdminEnableUser':
        this.existing(body).enabled = true;
        return {};
    }
  }

  private adminCreateUser(body: Record<string, unknown>) {
    const username = text(body.Username).toLowerCase();
    if (body.MessageAction === 'RESEND') {
      const user = this.byEmail.get(username);
      if (!user) throw new DirectoryError('UserNotFoundException', 'User does not exist.');
      if (user.status !== 'FORCE_CHANGE_PASSWORD') throw new DirectoryError('UnsupportedUserStateException', 'Resend not possible. User status is not FORCE_CHANGE_PASSWORD.');
      this.invitations.push({ email: user.email, sub: user.sub, at: new Date().toISOString() });
      return render(user);
    }
    if (!/^[^@\s]+@[^@\s]+$/.test(username)) throw new DirectoryError('InvalidParameterException', 'Username should be an email.');
    if (this.byEmail.has(username)) throw new DirectoryError('UsernameExistsException', 'An account with the given email already exists.');
    const attributes: Record<string, string> = {};
    for (const attribute of (body.UserAttributes ?? []) as { Name?: unknown; Value?: unknown }[]) {
      const name = text(attribute.Name);
      if (!writableAttributes.has(name)) throw new DirectoryError('InvalidParameterException', `Attribute does not exist in the schema: ${name}`);
      attributes[name] = text(attribute.Value);
    }
    if (attributes.email !== undefined && attributes.email.toLowerCase() !== username) {
      throw new DirectoryError('InvalidParameterException', 'Username and email attribute differ.');
    }
    const sub = randomUUID();
    const user: DirectoryUser = {
      sub,
      email: username,
      attributes: { ...attributes, email: username, sub },
      groups: new Set(),
      enabled: true,
      status: 'FORCE_CHANGE_PASSWORD',
      createdAt: new Date(),
    };
    this.remember(user);
    if (body.MessageAction !== 'SUPPRESS') this.invitations.push({ email: username, sub, at: user.createdAt.toISOString() });
    return render(user);
  }

  private existing(body: Record<string, unknown>): DirectoryUser {
    const user = this.find(text(body.Username));
    if (!user) throw new DirectoryError('UserNotFoundException', 'User does not exist.');
    return user;
  }

  private group(body: Record<string, unknown>): Role {
    const name = text(body.GroupName);
    if (!(allRoles as readonly string[]).includes(name)) throw new DirectoryError('ResourceNotFoundException', 'Group not found.');
    return name as Role;
  }
}

/** A user as AdminCreateUser returns it (pools with email as username: Username is the sub). */
function render(user: DirectoryUser) {
  const epoch = user.createdAt.getTime() / 1000;
  return {
    Username: user.sub,
    Attributes: Object.entries(user.attributes).map(([Name, Value]) => ({ Name, Value })),
    UserCreateDate: epoch,
    UserLastModifiedDate: epoch,
    Enabled: user.enabled,
    UserStatus: user.status,
  };
}
