import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminRemoveUserFromGroupCommand,
  UnsupportedUserStateException,
  UserNotFoundException,
  UsernameExistsException,
  type CognitoIdentityProviderClient,
  type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import { dealerGroupChanges } from '#domain/accounts';
import { Conflict } from '#domain/errors';
import { dealerRoles, type DealerRole } from '#domain/identity';
import type { IdentityDirectory, NewDirectoryUser } from '#domain/ports';
import { dealerIdClaim } from '#functions/shared/auth';

const emailInUse = (email: string, why: string) => new Conflict('email-in-use', `${email} cannot be invited: ${why}`);

/**
 * The sign-in directory on Cognito, with exactly the admin calls the function's role is granted
 * (infra/constructs/portal-function.ts, `directory:manage`). The pool signs users in by email, so
 * the email is the Cognito username for creation; afterwards users are addressed by `sub`, which is
 * the portal's user id. Locally the same calls reach local/user-directory.ts.
 */
export class CognitoDirectory implements IdentityDirectory {
  constructor(
    private readonly client: CognitoIdentityProviderClient,
    private readonly userPoolId: string,
  ) {}

  async createUser(user: NewDirectoryUser): Promise<{ userId: string }> {
    try {
      const { User } = await this.client.send(
        new AdminCreateUserCommand({
          UserPoolId: this.userPoolId,
          Username: user.email,
          UserAttributes: [
            { Name: 'email', Value: user.email },
            // The admin vouches for the address; it is where the invitation and password resets go.
            { Name: 'email_verified', Value: 'true' },
            { Name: 'name', Value: user.name },
            { Name: dealerIdClaim, Value: user.dealerId },
          ],
          DesiredDeliveryMediums: ['EMAIL'],
        }),
      );
      return { userId: subOf(User) };
    } catch (error) {
      if (error instanceof UsernameExistsException) throw emailInUse(user.email, 'the sign-in directory already has a user with this email');
      throw error;
    }
  }

  async resendInvitation(email: string): Promise<{ userId: string; dealerId: string | undefined } | undefined> {
    try {
      const { User } = await this.client.send(
        new AdminCreateUserCommand({ UserPoolId: this.userPoolId, Username: email, MessageAction: 'RESEND', DesiredDeliveryMediums: ['EMAIL'] }),
      );
      return { userId: subOf(User), dealerId: attribute(User, dealerIdClaim) };
    } catch (error) {
      if (error instanceof UserNotFoundException) return undefined;
      // Only a user who never signed in can be re-invited; one who did is somebody's working account.
      if (error instanceof UnsupportedUserStateException) throw emailInUse(email, 'a user with this email has already signed in');
      throw error;
    }
  }

  /** Adds the wanted groups first, so the user is never briefly in none, then leaves every other dealer-role group. */
  async setGroups(userId: string, roles: readonly DealerRole[]): Promise<void> {
    const { add, remove } = dealerGroupChanges(roles, dealerRoles);
    for (const GroupName of add) {
      await this.client.send(new AdminAddUserToGroupCommand({ UserPoolId: this.userPoolId, Username: userId, GroupName }));
    }
    for (const GroupName of remove) {
      await this.client.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: this.userPoolId, Username: userId, GroupName }));
    }
  }

  async setEnabled(userId: string, enabled: boolean): Promise<void> {
    const input = { UserPoolId: this.userPoolId, Username: userId };
    await this.client.send(enabled ? new AdminEnableUserCommand(input) : new AdminDisableUserCommand(input));
  }
}

const attribute = (user: UserType | undefined, name: string): string | undefined => user?.Attributes?.find((a) => a.Name === name)?.Value;

function subOf(user: UserType | undefined): string {
  const sub = attribute(user, 'sub');
  if (!sub) throw new Error('Cognito returned a user without a sub attribute');
  return sub;
}
