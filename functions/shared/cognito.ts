import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { tracer } from './powertools.ts';

/**
 * Created once per process and traced. Locally AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER points it
 * at the embedded stack's user directory (local/user-directory.ts).
 */
export const cognito = tracer.captureAWSv3Client(new CognitoIdentityProviderClient({}));
