import { ProviderUnavailable } from './errors.js';

/**
 * Ways to make a local provider behave like a remote one on a bad day, so that retries, timeouts and
 * compensations are exercised against something that really keeps state. All off by default.
 */
export interface SimulatedFaultOptions {
  /** Added to every call before it does anything, in milliseconds. Default 0. */
  latencyMs?: number;
  /** Fraction (0..1) of calls that throw ProviderUnavailable before doing anything. Default 0. */
  failureRate?: number;
  /**
   * The first N calls of each operation with each idempotency key throw ProviderUnavailable before
   * doing anything; call N+1 goes through. Deterministic flakiness for tests. Default 0.
   */
  failFirstAttempts?: number;
  /** Source of randomness for failureRate, in [0, 1). Default Math.random; inject one for tests. */
  random?: () => number;
}

export interface FaultInjector {
  /** Waits the configured latency, then throws ProviderUnavailable when this call is to fail. */
  beforeCall(operation: string, idempotencyKey: string): Promise<void>;
}

export function createFaultInjector(provider: string, options: SimulatedFaultOptions): FaultInjector {
  const latencyMs = options.latencyMs ?? 0;
  const failureRate = options.failureRate ?? 0;
  const failFirstAttempts = options.failFirstAttempts ?? 0;
  const random = options.random ?? Math.random;
  if (!(Number.isFinite(latencyMs) && latencyMs >= 0)) throw new RangeError(`${provider}: latencyMs must be a non-negative number (got ${latencyMs})`);
  if (!(failureRate >= 0 && failureRate <= 1)) throw new RangeError(`${provider}: failureRate must be between 0 and 1 (got ${failureRate})`);
  if (!(Number.isInteger(failFirstAttempts) && failFirstAttempts >= 0)) {
    throw new RangeError(`${provider}: failFirstAttempts must be a non-negative integer (got ${failFirstAttempts})`);
  }

  // Attempts are counted in this instance's memory, not in the database: enough for tests and local
  // runs (a restarted process starts counting afresh, and two instances count separately). The map is
  // only filled when failFirstAttempts is on, and then holds one small entry per key.
  const attempts = new Map<string, number>();

  return {
    async beforeCall(operation, idempotencyKey) {
      if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
      if (failFirstAttempts > 0) {
        const counter = `${operation}\u0000${idempotencyKey}`;
        const attempt = (attempts.get(counter) ?? 0) + 1;
        attempts.set(counter, attempt);
        if (attempt <= failFirstAttempts) {
          throw new ProviderUnavailable(
            provider,
            `simulated outage: attempt ${attempt} of ${operation} with key ${idempotencyKey} fails (failFirstAttempts=${failFirstAttempts})`,
          );
        }
      }
      // Read on every call, so a simulated outage can be ended at run time (as a test does).
      const rate = options.failureRate ?? failureRate;
      if (rate > 0 && random() < rate) {
        throw new ProviderUnavailable(provider, `simulated outage of ${operation} (failureRate=${rate})`);
      }
    },
  };
}
