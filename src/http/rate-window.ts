/** What one request's turn at a limit came to, for the response and its x-ratelimit-* headers. */
export interface RateVerdict {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the current window ends. */
  resetSeconds: number;
  /** When refused: seconds until a request would be admitted. */
  retryAfterSeconds: number;
}

/**
 * Requests per key over a sliding window, estimated from two fixed windows: the previous window's
 * count, weighted by how much of it the sliding window still covers, plus the current one's. No
 * burst of twice the limit at a window boundary, and two counters per key.
 *
 * Memory stays bounded: the current window holds at most `maxKeys` counters, and a newcomer to a
 * full table takes the place of the key seen least recently (every request, refused or not, makes
 * its key the most recent). So a new client always gets a counter of its own (a shared overflow
 * bucket would let whoever fills the table starve every client after it), and what a flood of new
 * keys can push out is only clients quieter than the flood; the caller bounds how many keys one
 * network may bring (src/http/rate-limit.ts). Refused requests are not added: a client that keeps
 * hammering gets back in as its count decays, instead of never.
 */
export class SlidingWindowLimiter {
  /** Counters of this window, least recently seen first (a Map keeps insertion order). */
  private current = new Map<string, number>();
  private previous = new Map<string, number>();
  private windowStart: number;

  constructor(
    private readonly options: { limit: number; windowMs: number; maxKeys: number },
    private readonly now: () => number = Date.now,
  ) {
    this.windowStart = this.startOf(now());
  }

  /** Counts the request against `key` when the limit admits it. */
  take(key: string): RateVerdict {
    const verdict = this.check(key);
    const count = this.current.get(key);
    if (count === undefined) {
      if (this.current.size >= this.options.maxKeys) this.current.delete(this.current.keys().next().value!);
    } else {
      this.current.delete(key);
    }
    this.current.set(key, (count ?? 0) + (verdict.allowed ? 1 : 0));
    return verdict;
  }

  /** What `take` would answer, without counting or touching anything. */
  check(key: string): RateVerdict {
    const { limit, windowMs } = this.options;
    const now = this.now();
    this.rotate(now);
    const elapsed = now - this.windowStart;
    const previous = this.previous.get(key) ?? 0;
    const current = this.current.get(key) ?? 0;
    const estimate = previous * (1 - elapsed / windowMs) + current;
    const resetSeconds = Math.max(1, Math.ceil((windowMs - elapsed) / 1000));
    if (estimate >= limit) {
      return { allowed: false, limit, remaining: 0, resetSeconds, retryAfterSeconds: this.retryAfterSeconds(previous, current, elapsed) };
    }
    return { allowed: true, limit, remaining: Math.max(0, Math.floor(limit - estimate - 1)), resetSeconds, retryAfterSeconds: 0 };
  }

  /** How many keys hold a counter (both windows), for tests and curiosity. */
  get size(): number {
    return this.current.size + this.previous.size;
  }

  private rotate(now: number): void {
    const start = this.startOf(now);
    if (start === this.windowStart) return;
    this.previous = start - this.windowStart === this.options.windowMs ? this.current : new Map();
    this.current = new Map();
    this.windowStart = start;
  }

  /** The earliest time the estimate drops below the limit: later in this window, or early in the next. */
  private retryAfterSeconds(previous: number, current: number, elapsed: number): number {
    const { limit, windowMs } = this.options;
    const waitMs =
      current < limit && previous > 0
        ? windowMs * (1 - (limit - current) / previous) - elapsed
        : windowMs - elapsed + Math.max(0, windowMs * (1 - limit / current));
    return Math.max(1, Math.ceil(waitMs / 1000));
  }

  private startOf(time: number): number {
    return Math.floor(time / this.options.windowMs) * this.options.windowMs;
  }
}
