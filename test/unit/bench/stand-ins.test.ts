import { afterEach, describe, expect, it, vi } from 'vitest';
import { bundlingSettings, esbuildArgs, standIns } from '#infra/constructs/bundling';
import { credentialsTreatedAsExpired, defaultProvider } from '#infra/constructs/lambda-credentials';

describe('bundling settings', () => {
  it('alias every stand-in, and pass the same aliases to NodejsFunction as esbuild arguments', () => {
    expect(Object.keys(bundlingSettings.alias)).toEqual(Object.keys(standIns));
    expect(esbuildArgs['--alias']).toEqual(Object.entries(standIns).map(([name, { module }]) => `${name}=${module}`));
    expect(esbuildArgs['--legal-comments']).toBe(bundlingSettings.legalComments);
  });

  it('keep the AWS SDK bundled; only Powertools is external (its Lambda layer provides it)', () => {
    expect(bundlingSettings.external).toEqual(['@aws-lambda-powertools/*']);
  });
});

describe('Lambda credential provider', () => {
  afterEach(() => vi.unstubAllEnvs());

  it("reads the execution role's credentials from the environment, once", async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIAEXAMPLE');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
    vi.stubEnv('AWS_SESSION_TOKEN', 'token');
    const provide = defaultProvider();
    const first = await provide();
    expect(first).toMatchObject({ accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token' });
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIACHANGED');
    expect(await provide()).toBe(first);
  });

  it('fails when the environment has no credentials instead of trying other sources', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', '');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', '');
    vi.stubEnv('AWS_PROFILE', 'some-profile');
    await expect(defaultProvider()()).rejects.toThrow(/Unable to find environment variable credentials/);
  });

  it('treats credentials about to expire as expired, like the default chain', () => {
    expect(credentialsTreatedAsExpired({ accessKeyId: 'a', secretAccessKey: 'b', expiration: new Date(Date.now() + 60_000) })).toBe(true);
    expect(credentialsTreatedAsExpired({ accessKeyId: 'a', secretAccessKey: 'b', expiration: new Date(Date.now() + 3_600_000) })).toBe(false);
    expect(credentialsTreatedAsExpired({ accessKeyId: 'a', secretAccessKey: 'b' })).toBe(false);
  });
});
