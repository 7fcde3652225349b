import { describe, expect, it } from 'vitest';
import type { Principal } from '../../src/auth/principal.js';
import { VerifiedTokens } from '../../src/auth/verified-tokens.js';

const operator: Principal = { subject: 'op', role: 'operator' };
const customer: Principal = { subject: 'c', role: 'customer', customerId: 7 };

describe('verified tokens', () => {
  it('answers for a token until it expires, never after, and never for another token', () => {
    const cache = new VerifiedTokens({ maxEntries: 10, maxAgeMs: 60_000 });
    cache.remember('token-a', operator, 5_000, 1_000);
    expect(cache.get('token-a', 4_999)).toEqual(operator);
    expect(cache.get('token-a', 5_000)).toBeUndefined();
    expect(cache.get('token-a', 4_000)).toBeUndefined(); // gone once expired
    expect(cache.get('token-b', 2_000)).toBeUndefined();
  });

  it('keeps an entry no longer than its maximum age, even for a token valid for hours', () => {
    const cache = new VerifiedTokens({ maxEntries: 10, maxAgeMs: 30_000 });
    cache.remember('token-a', customer, 10 * 3_600_000, 0);
    expect(cache.get('token-a', 29_999)).toEqual(customer);
    expect(cache.get('token-a', 30_000)).toBeUndefined();
  });

  it('holds at most its size, dropping the oldest, and hands out principals no caller can change', () => {
    const cache = new VerifiedTokens({ maxEntries: 2, maxAgeMs: 60_000 });
    cache.remember('a', operator, 60_000, 0);
    cache.remember('b', operator, 60_000, 0);
    cache.remember('c', customer, 60_000, 0);
    expect(cache.get('a', 1)).toBeUndefined();
    expect(cache.get('b', 1)).toEqual(operator);
    const principal = cache.get('c', 1)!;
    expect(() => ((principal as { role: string }).role = 'admin')).toThrow(TypeError);
  });
});
