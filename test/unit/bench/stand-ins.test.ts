import { afterEach, describe, expect, it, vi } from 'vitest';
import { bundlingSettings, esbuildArgs, standIns } from '#infra/constructs/bundling';
import { credentialsTreatedAsExpired, defaultProvider } from '#infra/constructs/lambda-credentials';

/** The inline stand-ins are plain ES modules: Node imports their `data:` URLs directly. */
const load = async (name: Exclude<keyof typeof standIns, '@aws-sdk/credential-provider-node'>): Promise<Record<string, unknown>> =>
  (await import(standIns[name].module)) as Record<string, unknown>;

describe('bundling settings', () => {
  it('alias every stand-in, and pass the same aliases to NodejsFunction as esbuild arguments', () => {
    expect(Object.keys(bundlingSettings.alias)).toEqual(Object.keys(standIns));
    expect(esbuildArgs['--alias']).toEqual(Object.entries(standIns).map(([name, { module }]) => `${name}=${module}`));
    expect(esbuildArgs['--legal-comments']).toBe(bundlingSettings.legalComments);
  });

  it('keep the AWS SDK bundled', () => {
    expect(bundlingSettings.external).toEqual([]);
  });
});

describe('semver stand-in', () => {
  it('compares plain versions like semver.gte', async () => {
    const { gte } = (await load('semver')) as { gte: (a: string, b: string) => boolean };
    expect(gte('24.11.1', '8.0.0')).toBe(true);
    expect(gte('v2.1000.0', '2.7.15')).toBe(true);
    expect(gte('2.7.15', '2.7.15')).toBe(true);
    expect(gte('2.7.14', '2.7.15')).toBe(false);
    expect(gte('1.99.99', '2.0.0')).toBe(false);
  });
});

describe('mnemonist/lru-cache stand-in', () => {
  type Cache = { has(k: string): boolean; peek(k: string): unknown; get(k: string): unknown; set(k: string, v: unknown): Cache; clear(): void; size: number };

  it('keeps the most recently used entries up to its capacity', async () => {
    const { default: LRUCache } = (await load('mnemonist/lru-cache')) as { default: new (capacity: number) => Cache };
    const cache = new LRUCache(2);
    cache.set('a', 1).set('b', 2);
    expect(cache.get('a')).toBe(1); // a is now the most recent
    cache.set('c', 3); // evicts b
    expect([cache.has('a'), cache.has('b'), cache.has('c')]).toEqual([true, false, true]);
    expect(cache.peek('c')).toBe(3);
    expect(cache.get('missing')).toBeUndefined();
    cache.clear();
    expect(cache.size).toBe(0);
  });
});

describe('@smithy/core/event-streams stand-in', () => {
  it('fails loudly if an event-stream operation is ever used', async () => {
    const { EventStreamSerde, eventStreamSerdeProvider } = (await load('@smithy/core/event-streams')) as {
      EventStreamSerde: new () => unknown;
      eventStreamSerdeProvider: () => unknown;
    };
    expect(() => new EventStreamSerde()).toThrow(/Event streams are not bundled/);
    expect(() => eventStreamSerdeProvider()).toThrow(/Event streams are not bundled/);
  });
});

describe('node:http stand-in', () => {
  it("is Node's http module itself, without the undici-backed getters", async () => {
    const standIn = await load('node:http');
    const http = process.getBuiltinModule('node:http');
    expect(standIn.default).toBe(http);
    expect(standIn.request).toBe(http.request);
    expect(standIn.Agent).toBe(http.Agent);
    expect(standIn.STATUS_CODES).toBe(http.STATUS_CODES);
    expect(Object.keys(standIn)).not.toContain('WebSocket');
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
