/**
 * Who is using the console. In development the API treats a request without a token as an operator;
 * in production it answers 401 and the console asks for a bearer token, kept in session storage (gone
 * when the tab closes). The role read from the token only decides what the UI offers: the API checks
 * every request itself.
 */
export type Role = 'customer' | 'operator' | 'admin';

export interface Session {
  token: string | undefined;
  role: Role;
  customerId?: number;
  /** `development`: no token, the API's development operator. */
  source: 'token' | 'development';
}

const KEY = 'orders-console-token';

export function loadSession(): Session {
  const token = sessionStorage.getItem(KEY) ?? undefined;
  return token ? sessionFromToken(token) : { token: undefined, role: 'operator', source: 'development' };
}

export function saveToken(token: string): Session {
  sessionStorage.setItem(KEY, token);
  return sessionFromToken(token);
}

export function forgetToken(): void {
  sessionStorage.removeItem(KEY);
}

export function sessionFromToken(token: string): Session {
  const claims = claimsOf(token);
  const role = claims.role === 'customer' || claims.role === 'admin' ? claims.role : 'operator';
  return { token, role, source: 'token', ...(typeof claims.customer_id === 'number' ? { customerId: claims.customer_id } : {}) };
}

/** The JWT's payload, unverified (the API verifies it); {} for anything that is not a JWT. */
function claimsOf(token: string): { role?: unknown; customer_id?: unknown } {
  try {
    const payload = token.split('.')[1] ?? '';
    return JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { role?: unknown };
  } catch {
    return {};
  }
}

export const isStaff = (session: Session): boolean => session.role !== 'customer';
