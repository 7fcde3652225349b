/**
 * Production refuses anonymous requests, so the benchmark runs the API with a shared secret and
 * sends a bearer token signed with it (HS256, the operator role), paying the token check on every
 * request as production does. node:crypto is enough to sign one JWT.
 */
import { createHmac, randomBytes } from 'node:crypto';

export const JWT_SECRET = randomBytes(32).toString('base64url');

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

function operatorToken(): string {
  const now = Math.floor(Date.now() / 1000);
  const unsigned = `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url({ sub: 'benchmark', role: 'operator', iat: now, exp: now + 3 * 3600 })}`;
  return `${unsigned}.${createHmac('sha256', JWT_SECRET).update(unsigned).digest('base64url')}`;
}

/** Headers for every request the benchmark sends to the API. */
export const AUTH_HEADERS = { authorization: `Bearer ${operatorToken()}` };
