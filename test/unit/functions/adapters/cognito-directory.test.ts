import { afterEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminRemoveUserFromGroupCommand,
  CognitoIdentityProviderClient,
  TooManyRequestsException,
  UnsupportedUserStateException,
  UserNotFoundException,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { Conflict } from '#domain/errors';
import { CognitoDirectory } from '#functions/adapters/cognito-directory';

const client = new CognitoIdentityProviderClient({ region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
const cognito = mockClient(client);
afterEach(() => cognito.reset());

const pool = 'eu-west-1_TestPool';
const directory = new CognitoDirectory(client, pool);
const created = (sub: string, dealerId?: string) => ({
  User: {
    Username: sub,
    Attributes: [{ Name: 'sub', Value: sub }, { Name: 'email', Value: 'ann@dealer.test' }, ...(dealerId ? [{ Name: 'custom:dealerId', Value: dealerId }] : [])],
    UserStatus: 'FORCE_CHANGE_PASSWORD' as const,
  },
});
const meta = { $metadata: {} };

describe('CognitoDirectory.createUser', () => {
  it('creates the user by email with its dealer attribute and returns the sub', async () => {
    cognito.on(AdminCreateUserCommand).resolves(created('sub-1', 'D-1'));

    await expect(directory.createUser({ email: 'ann@dealer.test', name: 'Ann', dealerId: 'D-1' })).resolves.toEqual({ userId: 'sub-1' });
    expect(cognito).toHaveReceivedCommandWith(AdminCreateUserCommand, {
      UserPoolId: pool,
      Username: 'ann@dealer.test',
      UserAttributes: [
        { Name: 'email', Value: 'ann@dealer.test' },
        { Name: 'email_verified', Value: 'true' },
        { Name: 'name', Value: 'Ann' },
        { Name: 'custom:dealerId', Value: 'D-1' },
      ],
      DesiredDeliveryMediums: ['EMAIL'],
    });
  });

  it('turns UsernameExistsException into a 409 email-in-use conflict', async () => {
    cognito.on(AdminCreateUserCommand).rejects(new UsernameExistsException({ message: 'An account with the given email already exists.', ...meta }));

    const error = await directory.createUser({ email: 'ann@dealer.test', name: 'Ann', dealerId: 'D-1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Conflict);
    expect(error).toMatchObject({ code: 'email-in-use', status: 409 });
  });

  it('rethrows what it cannot map (throttling): the request fails as a 500 and may be retried', async () => {
    cognito.on(AdminCreateUserCommand).rejects(new TooManyRequestsException({ message: 'slow down', ...meta }));

    await expect(directory.createUser({ email: 'ann@dealer.test', name: 'Ann', dealerId: 'D-1' })).rejects.toBeInstanceOf(TooManyRequestsException);
  });

  it('refuses an answer without a sub rather than inventing an id', async () => {
    cognito.on(AdminCreateUserCommand).resolves({ User: { Username: 'x', Attributes: [] } });

    await expect(directory.createUser({ email: 'ann@dealer.test', name: 'Ann', dealerId: 'D-1' })).rejects.toThrow(/without a sub/);
  });
});

describe('CognitoDirectory.resendInvitation', () => {
  it('re-sends the invitation and returns the existing user’s sub and dealer', async () => {
    cognito.on(AdminCreateUserCommand).resolves(created('sub-1', 'D-1'));

    await expect(directory.resendInvitation('ann@dealer.test')).resolves.toEqual({ userId: 'sub-1', dealerId: 'D-1' });
    expect(cognito).toHaveReceivedCommandWith(AdminCreateUserCommand, { UserPoolId: pool, Username: 'ann@dealer.test', MessageAction: 'RESEND' });
  });

  it('answers undefined when the directory has no such user', async () => {
    cognito.on(AdminCreateUserCommand).rejects(new UserNotFoundException({ message: 'User does not exist.', ...meta }));

    await expect(directory.resendInvitation('ann@dealer.test')).resolves.toBeUndefined();
  });

  it('treats a user who already signed in as somebody else’s account (409)', async () => {
    cognito.on(AdminCreateUserCommand).rejects(new UnsupportedUserStateException({ message: 'Resend not possible.', ...meta }));

    await expect(directory.resendInvitation('ann@dealer.test')).rejects.toMatchObject({ code: 'email-in-use' });
  });
});

describe('CognitoDirectory.setGroups', () => {
  it('adds the wanted groups first, then leaves every other dealer-role group', async () => {
    cognito.on(AdminAddUserToGroupCommand).resolves({}).on(AdminRemoveUserFromGroupCommand).resolves({});

    await directory.setGroups('sub-1', ['buyer', 'approver']);

    const calls = cognito.calls().map((call) => {
      const input = call.args[0].input as { GroupName: string; Username: string; UserPoolId: string };
      return [call.args[0].constructor.name, input.GroupName, input.Username, input.UserPoolId];
    });
    expect(calls).toEqual([
      ['AdminAddUserToGroupCommand', 'buyer', 'sub-1', pool],
      ['AdminAddUserToGroupCommand', 'approver', 'sub-1', pool],
      ['AdminRemoveUserFromGroupCommand', 'dealer-admin', 'sub-1', pool],
      ['AdminRemoveUserFromGroupCommand', 'viewer', 'sub-1', pool],
    ]);
  });

  it('stops at the first failure, before removing anything (the user is never left with fewer roles than asked)', async () => {
    cognito.on(AdminAddUserToGroupCommand).rejects(new UserNotFoundException({ message: 'User does not exist.', ...meta }));

    await expect(directory.setGroups('sub-1', ['viewer'])).rejects.toBeInstanceOf(UserNotFoundException);
    expect(cognito).not.toHaveReceivedCommand(AdminRemoveUserFromGroupCommand);
  });
});

describe('CognitoDirectory.setEnabled', () => {
  it('disables and enables sign-in by sub', async () => {
    cognito.on(AdminDisableUserCommand).resolves({}).on(AdminEnableUserCommand).resolves({});

    await directory.setEnabled('sub-1', false);
    await directory.setEnabled('sub-1', true);

    expect(cognito).toHaveReceivedCommandWith(AdminDisableUserCommand, { UserPoolId: pool, Username: 'sub-1' });
    expect(cognito).toHaveReceivedCommandWith(AdminEnableUserCommand, { UserPoolId: pool, Username: 'sub-1' });
  });
});
