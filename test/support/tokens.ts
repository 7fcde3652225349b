/** Bearer tokens the way an identity provider would sign them, for apps that verify a configured key. */
import { SignJWT } from 'jose';
import type { Principal } from '../../src/auth/principal.js';

/** HS256 with `secret`; `expiresIn` as jose takes it ('5m', or an absolute epoch second), `null` for none. */
export function signedToken(secret: string, principal: Principal, options: { expiresIn?: string | number | null; audience?: string } = {}): Promise<string> {
  const { expiresIn = '5m', audience } = options;
  const token = new SignJWT({ role: principal.role, ...(principal.customerId === undefined ? {} : { customer_id: principal.customerId }) })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(principal.subject);
  if (expiresIn !== null) token.setExpirationTime(expiresIn);
  if (audience !== undefined) token.setAudience(audience);
  return token.sign(new TextEncoder().encode(secret));
}
