import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { JwtVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import type { Role } from '#domain/identity';
import { dealerIdClaim } from '#functions/shared/auth';

/** How many verified tokens the local authorizer remembers. */
const verifiedTokensKept = 1000;

/**
 * Stands in for Cognito locally: RS256 keys, a JWKS, and ID tokens shaped like Cognito's
 * (`sub`, `cognito:groups`, `custom:dealerId`, `token_use: id`, `aud` = app client id). The
 * gateway verifies them with aws-jwt-verify against the served JWKS, as the JWT authorizer does.
 */
export interface TokenSubject {
  readonly sub: string;
  readonly email: string;
  readonly groups: readonly Role[];
  readonly dealerId?: string | undefined;
}

export interface TokenIssuer {
  readonly issuer: string;
  readonly audience: string;
  readonly jwksPath: string;
  jwks(): { keys: JWK[] };
  mint(subject: TokenSubject, options?: { expiresInSeconds?: number }): Promise<string>;
  /** Verified claims, or undefined when the token is missing, expired, forged or from another issuer. */
  verify(token: string): Promise<Record<string, unknown> | undefined>;
  /** Where the JWKS is served, once the emulator listens (set by the local stack). */
  setBaseUrl(baseUrl: string): void;
}

export async function createTokenIssuer(options: { audience?: string } = {}): Promise<TokenIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = randomUUID();
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const audience = options.audience ?? 'local-spa-client';
  const jwksPath = '/local-pool/.well-known/jwks.json';
  let issuer = 'http://127.0.0.1/local-pool';
  let verifier: ReturnType<typeof JwtVerifier.create> | undefined;
  /**
   * Tokens already verified, by their exact text (signature included, so no other token can match),
   * until they expire; least recently used dropped first. A browser sends the same token on every call,
   * and checking its RS256 signature again each time cost ~0.3 ms of the local gateway's CPU per request
   * (bench/README.md atp). API Gateway's JWT authorizer does this work outside the function in AWS.
   */
  const verified = new Map<string, { claims: Record<string, unknown>; expiresAtMs: number }>();

  // aws-jwt-verify's default fetcher only speaks https; the local JWKS is plain http on loopback.
  const fetcher = {
    fetch: async (uri: string) => {
      const response = await fetch(uri);
      if (!response.ok) throw new Error(`JWKS fetch failed: ${response.status}`);
      return response.arrayBuffer();
    },
  };

  return {
    get issuer() {
      return issuer;
    },
    audience,
    jwksPath,
    jwks: () => ({ keys: [publicJwk] }),
    setBaseUrl(baseUrl) {
      issuer = `${baseUrl}/local-pool`;
      verified.clear();
      verifier = JwtVerifier.create(
        { issuer, audience, jwksUri: `${baseUrl}${jwksPath}` },
        { jwksCache: new SimpleJwksCache({ fetcher }) },
      );
    },
    async mint(subject, { expiresInSeconds = 12 * 3600 } = {}) {
      return new SignJWT({
        'cognito:groups': [...subject.groups],
        email: subject.email,
        token_use: 'id',
        ...(subject.dealerId ? { [dealerIdClaim]: subject.dealerId } : {}),
      })
        .setProtectedHeader({ alg: 'RS256', kid })
        .setIssuer(issuer)
        .setAudience(audience)
        .setSubject(subject.sub)
        .setIssuedAt()
        .setExpirationTime(Math.floor(Date.now() / 1000) + expiresInSeconds)
        .sign(privateKey);
    },
    async verify(token) {
      if (!verifier) throw new Error('token issuer has no base URL yet');
      const cached = verified.get(token);
      if (cached) {
        verified.delete(token);
        if (cached.expiresAtMs > Date.now()) {
          verified.set(token, cached);
          return cached.claims;
        }
      }
      try {
        const claims = Object.freeze({ ...(await verifier.verify(token)) }) as Record<string, unknown>;
        if (typeof claims.exp === 'number') {
          verified.set(token, { claims, expiresAtMs: claims.exp * 1000 });
          if (verified.size > verifiedTokensKept) verified.delete(verified.keys().next().value!);
        }
        return claims;
      } catch {
        return undefined;
      }
    },
  };
}
