import { type Money, parseMoney } from '../shared/money.js';

/**
 * Money as integer cents, for comparing amounts exactly (never through floating point). Accepts any
 * decimal with up to two places, "12.5" as well as "12.50", as PostgreSQL's NUMERIC prints either.
 */
export function toCents(amount: string, pointer = '/amount'): bigint {
  const [whole, fraction] = parseMoney(amount, pointer).split('.') as [string, string];
  return BigInt(whole) * 100n + BigInt(fraction);
}

/** The normalised Money ("12.50") for a decimal string. */
export function money(amount: string, pointer = '/amount'): Money {
  return parseMoney(amount, pointer);
}
