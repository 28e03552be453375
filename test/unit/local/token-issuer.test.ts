import { createServer, type Server } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTokenIssuer, type TokenIssuer } from '#local/token-issuer';

/** The local authorizer's token check, with its JWKS served over loopback HTTP as the local stack does. */
let server: Server;
let issuer: TokenIssuer;
let jwksFetches = 0;
const subject = { sub: 'u-1', email: 'u1@example.test', groups: ['buyer' as const], dealerId: 'D-1' };

beforeAll(async () => {
  issuer = await createTokenIssuer();
  server = createServer((request, response) => {
    jwksFetches += 1;
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(issuer.jwks()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  issuer.setBaseUrl(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});
afterEach(() => {
  vi.useRealTimers();
});

describe('TokenIssuer.verify', () => {
  it('answers the same claims for a token it has verified, without checking it again', async () => {
    const token = await issuer.mint(subject);
    const first = await issuer.verify(token);
    expect(first).toMatchObject({ sub: 'u-1', 'custom:dealerId': 'D-1', 'cognito:groups': ['buyer'] });
    // The very same (frozen) claims object: answered from memory, not verified and decoded again.
    expect(await issuer.verify(token)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(jwksFetches).toBe(1);
  });

  it('refuses a token with a forged signature or payload even when the genuine one is remembered', async () => {
    const token = await issuer.mint(subject);
    expect(await issuer.verify(token)).toBeDefined();
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const flipped = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(await issuer.verify(`${header}.${payload}.${flipped}`)).toBeUndefined();
    const otherPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), sub: 'u-admin' })).toString('base64url');
    expect(await issuer.verify(`${header}.${otherPayload}.${signature}`)).toBeUndefined();
  });

  it('stops answering for a remembered token once it expires', async () => {
    const token = await issuer.mint(subject, { expiresInSeconds: 60 });
    expect(await issuer.verify(token)).toBeDefined();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 61_000);
    expect(await issuer.verify(token)).toBeUndefined();
  });

  it('keeps verifying correctly past the number of tokens it remembers', async () => {
    const tokens = await Promise.all(Array.from({ length: 1005 }, (_, i) => issuer.mint({ ...subject, sub: `u-${i}` })));
    for (const token of tokens) expect(await issuer.verify(token)).toBeDefined();
    expect((await issuer.verify(tokens[0]!))?.sub).toBe('u-0');
    expect((await issuer.verify(tokens[1004]!))?.sub).toBe('u-1004');
  });
});
