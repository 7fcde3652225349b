import { createPublicKey, randomBytes, webcrypto } from 'node:crypto';
import { createRemoteJWKSet, type JWTPayload, jwtVerify, type JWTVerifyGetKey, SignJWT } from 'jose';
import { Unauthenticated } from '../shared/errors.js';
import { type Principal, ROLES, type Role } from './principal.js';
import { VerifiedTokens } from './verified-tokens.js';

/** Verified tokens remembered (src/auth/verified-tokens.ts): many more than the clients one API process serves at once. */
const VERIFIED_TOKENS = 10_000;
/** How long a remote key set's withdrawn key may still be honoured through a remembered token. */
const VERIFIED_TOKEN_MAX_AGE_MS = 60_000;

export interface AuthConfig {
  /** HS256 shared secret (at least 32 characters). */
  jwtSecret?: string;
  /** PEM public key (RS256/ES256/EdDSA tokens signed by an identity provider). */
  jwtPublicKey?: string;
  /** JWKS URL of an identity provider. */
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
  /** The dev command without a configured key (and the test harness): requests without a token act as the development operator. */
  anonymousIsDevelopmentOperator: boolean;
}

/** Verifies bearer tokens (and, with a secret of its own making, issues them: the dev banner's demo tokens). */
export interface TokenService {
  verify(token: string): Promise<Principal>;
  /** Only when no key is configured: never mints tokens that a configured key would accept. */
  issue?(principal: Principal, ttl: string): Promise<string>;
}

/**
 * Tokens are JWTs verified with `jose`: `sub` is the subject, `role` one of customer, operator,
 * admin, and customers carry `customer_id`; every token expires (`exp`). Without any key configured
 * (dev mode; the api role refuses to start, see config.ts) a random secret is made per process.
 */
export function createTokenService(config: AuthConfig): TokenService {
  const generated = !config.jwtSecret && !config.jwtPublicKey && !config.jwksUrl;
  const secret = config.jwtSecret ?? (generated ? randomBytes(32).toString('base64url') : undefined);
  // A shared secret is imported as a CryptoKey once: handed raw bytes, jose imports them again on
  // every verification, which was the largest single cost of an authenticated read (bench/README.md).
  const secretKey = secret
    ? webcrypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify'])
    : undefined;
  const key: Promise<webcrypto.CryptoKey> | ReturnType<typeof createPublicKey> | JWTVerifyGetKey | undefined = config.jwksUrl
    ? createRemoteJWKSet(new URL(config.jwksUrl))
    : config.jwtPublicKey
      ? createPublicKey(config.jwtPublicKey)
      : secretKey;

  const verified = new VerifiedTokens({ maxEntries: VERIFIED_TOKENS, maxAgeMs: VERIFIED_TOKEN_MAX_AGE_MS });
  const verify = async (token: string): Promise<Principal> => {
    const known = verified.get(token, Date.now());
    if (known) return known;
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, (await key) as Parameters<typeof jwtVerify>[1], {
        issuer: config.issuer,
        audience: config.audience,
        requiredClaims: ['exp'],
        algorithms: secret ? ['HS256'] : ['RS256', 'ES256', 'EdDSA', 'PS256'],
      }));
    } catch {
      // Why it failed (expired, bad signature, malformed) is not the caller's business.
      throw new Unauthenticated('The bearer token is invalid or expired.');
    }
    const principal = principalFrom(payload);
    // requiredClaims made jose check that exp is there (and in the future).
    verified.remember(token, principal, payload.exp! * 1000, Date.now());
    return principal;
  };

  if (!secretKey || !generated) return { verify };
  return {
    verify,
    async issue(principal, ttl) {
      const token = new SignJWT({ role: principal.role, ...(principal.customerId !== undefined ? { customer_id: principal.customerId } : {}) })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(principal.subject)
        .setIssuedAt()
        .setExpirationTime(ttl);
      if (config.issuer) token.setIssuer(config.issuer);
      if (config.audience) token.setAudience(config.audience);
      return token.sign(await secretKey);
    },
  };
}

function principalFrom(payload: JWTPayload): Principal {
  const role = payload.role as Role;
  if (typeof payload.sub !== 'string' || !ROLES.includes(role)) throw new Unauthenticated('The bearer token lacks a subject or a known role.');
  if (role !== 'customer') return { subject: payload.sub, role };
  const customerId = payload.customer_id;
  if (typeof customerId !== 'number' || !Number.isSafeInteger(customerId) || customerId < 1) {
    throw new Unauthenticated('A customer token must carry a positive integer customer_id.');
  }
  return { subject: payload.sub, role, customerId };
}
