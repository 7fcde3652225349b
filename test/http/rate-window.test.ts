import { describe, expect, it } from 'vitest';
import { SlidingWindowLimiter } from '../../src/http/rate-window.js';

/** A limiter on a clock the test moves: minute windows starting at 0. */
function limiterAt(start: number, options: { limit?: number; maxKeys?: number } = {}) {
  const clock = { now: start };
  const limiter = new SlidingWindowLimiter({ limit: options.limit ?? 10, windowMs: 60_000, maxKeys: options.maxKeys ?? 100 }, () => clock.now);
  const take = (key: string, times = 1) => Array.from({ length: times }, () => limiter.take(key));
  return { clock, limiter, take };
}

describe('the sliding window limiter', () => {
  it('never admits a burst of twice the limit across a window boundary', () => {
    const { clock, take } = limiterAt(59_000);
    expect(take('a', 10).every((v) => v.allowed)).toBe(true);
    clock.now = 60_500; // just past the boundary: almost all of the last window still counts (a fixed window would admit 10)
    expect(take('a', 10).filter((v) => v.allowed)).toHaveLength(1);
    clock.now = 90_000; // half of the last window still counts, plus the one just admitted
    expect(take('a', 10).filter((v) => v.allowed)).toHaveLength(4);
  });

  it('says when to retry: the moment the estimate drops under the limit', () => {
    const { clock, take } = limiterAt(0);
    take('a', 10);
    const refused = take('a')[0]!;
    expect(refused).toMatchObject({ allowed: false, remaining: 0, resetSeconds: 60, retryAfterSeconds: 60 });
    clock.now = refused.retryAfterSeconds * 1000 - 1; // not yet
    expect(take('a')[0]!.allowed).toBe(false);
    clock.now = refused.retryAfterSeconds * 1000 + 1;
    expect(take('a')[0]!.allowed).toBe(true);
  });

  it('does not count refused requests, so a client that keeps hammering gets back in as its count decays', () => {
    const { clock, take } = limiterAt(0);
    take('a', 1000);
    clock.now = 120_000;
    expect(take('a')[0]!.allowed).toBe(true);
  });

  it('gives every newcomer a counter of its own in the place of the key seen least recently; a client that keeps sending keeps its counter', () => {
    const { clock, limiter, take } = limiterAt(0, { limit: 3, maxKeys: 5 });
    take('regular', 3);
    for (let i = 0; i < 10_000; i++) {
      expect(take(`junk-${i}`)[0]!.allowed).toBe(true); // nobody shares an exhausted bucket
      if (i % 2 === 0) expect(take('regular')[0]!.allowed).toBe(false); // refused, and still the most recent: never pushed out
    }
    expect(take('newcomer')[0]!.allowed).toBe(true);
    expect(limiter.size).toBeLessThanOrEqual(5);
    // Next window: the last one's counters are kept beside the new ones (at most twice the table).
    clock.now = 60_000;
    for (let i = 0; i < 10_000; i++) take(`junk2-${i}`);
    expect(take('regular')[0]!.allowed).toBe(false);
    expect(limiter.size).toBeLessThanOrEqual(2 * 5);
  });

  it('check() answers as take() would, and counts nothing', () => {
    const { take, limiter } = limiterAt(0, { limit: 2 });
    take('a');
    expect(limiter.check('a')).toMatchObject({ allowed: true, remaining: 0 });
    expect(limiter.check('a')).toMatchObject({ allowed: true, remaining: 0 });
    take('a');
    expect(limiter.check('a').allowed).toBe(false);
    expect(limiter.check('b').allowed).toBe(true);
    expect(limiter.size).toBe(1);
  });

  it('forgets everything after a quiet window', () => {
    const { clock, limiter, take } = limiterAt(0);
    take('a', 10);
    clock.now = 150_000;
    expect(take('a')[0]).toMatchObject({ allowed: true, remaining: 9 });
    expect(limiter.size).toBe(1);
  });
});
