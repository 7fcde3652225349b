export const ROLES = ['customer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, as established from their bearer token. */
export interface Principal {
  /** The token's `sub`. */
  subject: string;
  role: Role;
  /** For customers: the only customer whose orders they may see and act on. */
  customerId?: number;
}

/**
 * The caller of a request without a token in development and tests (never in production), so the
 * README's curl examples work as they are. The start-up banner says so loudly.
 */
export const DEVELOPMENT_OPERATOR: Principal = { subject: 'development-operator', role: 'operator' };

/** Work the system does for itself (workflows, reconciliation): not limited to one customer. */
export const SYSTEM: Principal = { subject: 'system', role: 'admin' };
