import { InvalidInput } from './errors.js';

/**
 * Money travels as a decimal string ("100.50") from the JSON edge to PostgreSQL's NUMERIC and back.
 * No arithmetic is ever done on floating point numbers.
 */
export type Money = string & { readonly __brand: 'Money' };

/** The largest amount an order may carry; NUMERIC(12,2) holds it exactly. */
export const MAX_AMOUNT = '9999999999.99';

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/**
 * Turns an amount from a JSON body into Money. The JSON parser only lets through numbers that a
 * double holds exactly (anything else is rejected as lossy), so the shortest text of the number is
 * the text the client sent, and it is that text we check and keep.
 */
export function moneyFromJson(value: number, pointer: string): Money {
  if (!Number.isFinite(value)) throw new InvalidInput('must be a finite number', pointer);
  const text = String(value);
  // Below 1e-6 JavaScript writes numbers in exponent form; all such amounts have too many decimals.
  if (text.includes('e-')) throw new InvalidInput(`must have at most 2 decimal places (got ${text})`, pointer);
  return parseMoney(text, pointer);
}

/** Parses a non-negative decimal string with at most two decimal places into Money. */
export function parseMoney(text: string, pointer: string): Money {
  const match = DECIMAL.exec(text);
  if (!match) throw new InvalidInput(`must be a non-negative decimal amount (got ${text})`, pointer);
  const [, whole, fraction = ''] = match as unknown as [string, string, string | undefined];
  if (fraction.length > 2) throw new InvalidInput(`must have at most 2 decimal places (got ${text})`, pointer);
  const normalisedWhole = whole.replace(/^0+(?=\d)/, '');
  if (normalisedWhole.length > 10) throw new InvalidInput(`must not exceed ${MAX_AMOUNT} (got ${text})`, pointer);
  return `${normalisedWhole}.${fraction.padEnd(2, '0')}` as Money;
}

/**
 * The JSON number for a stored amount. NUMERIC(12,2) has at most 12 significant digits, well inside
 * the 15 that a double round-trips, so the emitted JSON text is exactly the stored decimal.
 */
export function moneyToJson(amount: string): number {
  return Number(amount);
}

/**
 * Exact arithmetic in integer cents (BigInt), for line totals and comparisons. Pure and
 * deterministic, so workflow code may use it too.
 */
export function toCents(amount: Money): bigint {
  const [whole, fraction] = amount.split('.') as [string, string];
  return BigInt(whole) * 100n + BigInt(fraction);
}

export function fromCents(cents: bigint): Money {
  if (cents < 0n) throw new RangeError('amounts are never negative');
  const fraction = (cents % 100n).toString().padStart(2, '0');
  return `${cents / 100n}.${fraction}` as Money;
}

/** The exact sum of quantity × unit price over the items. */
export function sumOfItems(items: readonly { quantity: number; unitPrice: Money }[]): Money {
  return fromCents(items.reduce((sum, item) => sum + BigInt(item.quantity) * toCents(item.unitPrice), 0n));
}

export function isAbove(amount: Money, threshold: Money): boolean {
  return toCents(amount) > toCents(threshold);
}

/**
 * Splits `total` cents over `weights` by largest remainder: each part is its exact share rounded
 * down, and the cents left over go one each to the largest remainders (ties to the earlier part).
 * The parts are never negative and always sum to `total` exactly.
 */
export function allocateCents(total: bigint, weights: readonly bigint[]): bigint[] {
  if (total < 0n) throw new RangeError('amounts are never negative');
  if (weights.length === 0 || weights.some((w) => w < 0n)) throw new RangeError('weights must be non-negative and at least one');
  const sum = weights.reduce((a, w) => a + w, 0n);
  if (sum === 0n) throw new RangeError('weights must not all be zero');
  const parts = weights.map((w) => (total * w) / sum);
  const remainders = weights.map((w, index) => ({ index, remainder: (total * w) % sum }));
  remainders.sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  let left = total - parts.reduce((a, p) => a + p, 0n);
  for (const { index } of remainders) {
    if (left === 0n) break;
    parts[index]! += 1n;
    left -= 1n;
  }
  return parts;
}

/**
 * What each unit of a line is worth when refunded: the line's total split over its units by largest
 * remainder (units are weighted equally, so the first units carry the extra cents). Any run of units
 * sums to at most the line, all of them to exactly the line.
 */
export function unitAmounts(lineTotal: Money, quantity: number): bigint[] {
  if (!(Number.isInteger(quantity) && quantity > 0)) throw new RangeError('a line has at least one unit');
  return allocateCents(
    toCents(lineTotal),
    Array.from({ length: quantity }, () => 1n),
  );
}

/** The refundable amount of units `from` … `from + count - 1` of a line (units are refunded in order). */
export function amountOfUnits(lineTotal: Money, quantity: number, from: number, count: number): Money {
  if (!(Number.isInteger(from) && Number.isInteger(count) && from >= 0 && count >= 0 && from + count <= quantity)) {
    throw new RangeError(`units ${from}..${from + count} are not within a line of ${quantity}`);
  }
  return fromCents(
    unitAmounts(lineTotal, quantity)
      .slice(from, from + count)
      .reduce((a, c) => a + c, 0n),
  );
}
