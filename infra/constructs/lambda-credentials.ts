/**
 * Stand-in for `@aws-sdk/credential-provider-node` inside Lambda bundles (wired through the esbuild
 * `alias` in ./bundling.ts; never imported directly).
 *
 * Why: every AWS SDK v3 client's runtime config imports the Node default credential chain — env,
 * SSO, shared ini files, credential_process, web identity, container/IMDS — and esbuild inlines the
 * chain's lazy `import()`s, so each bundle carries the SSO/STS/sign-in clients
 * (`@aws-sdk/nested-clients`) and the ini/process/web-identity/container/IMDS providers: ~137 KB of
 * minified code (and ~6 ms of every cold start) that a Lambda function never runs. Lambda always
 * hands the execution role's credentials to the function as AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY /
 * AWS_SESSION_TOKEN, which the chain's first link (`fromEnv`) reads — so that link is all a deployed
 * function needs.
 *
 * The chain's other names (`credentialsWillNeedRefresh`, `credentialsTreatedAsExpired`) are kept, so
 * any importer of them still resolves.
 *
 * Scope: bundles only. Tests and the local stack import the real SDK unbundled and keep the full chain.
 * A bundle run outside Lambda (e.g. with only AWS_PROFILE set) fails with "Unable to find environment
 * variable credentials" instead of falling through to the profile — intended; it is a Lambda artifact.
 *
 * `@aws-sdk/credential-provider-env` is the chain's own env provider: a dependency of
 * `@aws-sdk/credential-provider-node` (hoisted to node_modules), not of this package — declaring it in
 * package.json would pin it explicitly.
 */
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { fromEnv } from '@aws-sdk/credential-provider-env';

/** Same contract as the chain's `defaultProvider(init)`: a provider the client calls before each request. */
export const defaultProvider = (init: Parameters<typeof fromEnv>[0] = {}): AwsCredentialIdentityProvider => {
  const read = fromEnv(init);
  let resolved: AwsCredentialIdentity | undefined;
  // Env credentials do not change during a Lambda execution environment's life: read them once,
  // like the chain's memoization does for credentials without an expiry.
  return async () => {
    if (resolved && !credentialsTreatedAsExpired(resolved)) return resolved;
    resolved = await read();
    return resolved;
  };
};

export const credentialsWillNeedRefresh = (credentials?: AwsCredentialIdentity): boolean => credentials?.expiration !== undefined;
export const credentialsTreatedAsExpired = (credentials?: AwsCredentialIdentity): boolean =>
  credentials?.expiration !== undefined && credentials.expiration.getTime() - Date.now() < 300_000;
