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

/** Newcomers beyond capacity share this bucket (no real key is empty). */
const OVERFLOW = '';

/**
 * Requests per key over a sliding window, estimated from two fixed windows: the previous window's
 * count, weighted by how much of it the sliding window still covers, plus the current one's. No
 * burst of twice the limit at a window boundary, and two counters per key.
 *
 * Memory stays bounded without eviction, so nobody can push another client's counter out: a window
 * gives at most `maxKeys` new keys a counter of their own, and every later newcomer shares one
 * overflow bucket; keys already counted in the previous window keep their own (up to twice
 * `maxKeys`). Refused requests are not added: a client that keeps hammering gets back in as its
 * count decays, instead of never.
 */
export class SlidingWindowLimiter {
  private current = new Map<string, number>();
  private previous = new Map<string, number>();
  private windowStart: number;

  constructor(
    private readonly options: { limit: number; windowMs: number; maxKeys: number },
    private readonly now: () => number = Date.now,
  ) {
    this.windowStart = this.startOf(now());
  }

  take(key: string): RateVerdict {
    const { limit, windowMs } = this.options;
    const now = this.now();
    this.rotate(now);
    const bucket = this.bucketFor(key);
    const elapsed = now - this.windowStart;
    const previous = this.previous.get(bucket) ?? 0;
    const current = this.current.get(bucket) ?? 0;
    const estimate = previous * (1 - elapsed / windowMs) + current;
    const resetSeconds = Math.max(1, Math.ceil((windowMs - elapsed) / 1000));
    if (estimate >= limit) {
      return { allowed: false, limit, remaining: 0, resetSeconds, retryAfterSeconds: this.retryAfterSeconds(previous, current, elapsed) };
    }
    this.current.set(bucket, current + 1);
    return { allowed: true, limit, remaining: Math.max(0, Math.floor(limit - estimate - 1)), resetSeconds, retryAfterSeconds: 0 };
  }

  /** How many keys hold a counter (both windows), for tests and curiosity. */
  get size(): number {
    return this.current.size + this.previous.size;
  }

  private bucketFor(key: string): string {
    if (this.current.has(key)) return key;
    const room = this.previous.has(key) ? 2 * this.options.maxKeys : this.options.maxKeys;
    return this.current.size < room ? key : OVERFLOW;
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
