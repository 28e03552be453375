import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import {
  AccountRecovery,
  ClientAttributes,
  Mfa,
  OAuthScope,
  StringAttribute,
  UserPool,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import type { Construct } from 'constructs';
import { allRoles } from '#domain/identity';
import { dealerIdClaim } from '#functions/shared/auth';
import { resourceName, type Stage, type StageConfig } from '#infra/config';

export interface IdentityStackProps extends StackProps {
  readonly stage: Stage;
  readonly config: StageConfig;
}

/** The custom attribute behind the `custom:dealerId` claim the handlers read. */
const dealerIdAttribute = dealerIdClaim.replace(/^custom:/, '');

/**
 * Stateful: who can sign in. Users are created by admins (no self sign-up); roles are Cognito groups,
 * one per role in `allRoles`; a dealer user's dealer is the immutable `dealerId` attribute, which the
 * SPA client can read but never write.
 */
export class IdentityStack extends Stack {
  readonly userPool: UserPool;
  readonly spaClient: UserPoolClient;
  /** The JWT issuer API Gateway verifies tokens against: `https://cognito-idp.<region>.amazonaws.com/<poolId>`. */
  readonly issuerUrl: string;

  constructor(scope: Construct, id: string, props: IdentityStackProps) {
    super(scope, id, props);
    const { stage, config } = props;

    this.userPool = new UserPool(this, 'UserPool', {
      userPoolName: resourceName(stage, 'users'),
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true }, fullname: { required: false, mutable: true } },
      customAttributes: { [dealerIdAttribute]: new StringAttribute({ minLen: 1, maxLen: 64, mutable: false }) },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      deletionProtection: config.deletionProtection,
      removalPolicy: config.removalPolicy,
    });

    for (const role of allRoles) {
      this.userPool.addGroup(`Group-${role}`, { groupName: role, description: `Portal role ${role}` });
    }

    this.userPool.addDomain('HostedDomain', { cognitoDomain: { domainPrefix: config.authDomainPrefix } });

    const standard = { email: true, fullname: true };
    this.spaClient = this.userPool.addClient('SpaClient', {
      userPoolClientName: resourceName(stage, 'spa'),
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: config.corsAllowedOrigins.map((origin) => `${origin}/auth/callback`),
        logoutUrls: config.corsAllowedOrigins.map((origin) => `${origin}/`),
      },
      preventUserExistenceErrors: true,
      readAttributes: new ClientAttributes().withStandardAttributes(standard).withCustomAttributes(dealerIdAttribute),
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true }),
      accessTokenValidity: Duration.minutes(60),
      idTokenValidity: Duration.minutes(60),
      refreshTokenValidity: Duration.days(30),
    });

    this.issuerUrl = this.userPool.userPoolProviderUrl;
  }
}
