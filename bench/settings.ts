/**
 * How long and how hard to push. The defaults are what `make bench` runs (sized so the whole run
 * stays well under 15 minutes on 2 cores); the environment overrides them for a quick try, e.g.
 * BENCH_SECONDS=1 BENCH_LEVELS=1,16 BENCH_LIST_SIZES=10000,100000 BENCH_E2E_ORDERS=200.
 */
function numbers(name: string, fallback: number[]): number[] {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const values = raw.split(',').map(Number);
  if (values.some((value) => !Number.isFinite(value) || value <= 0)) throw new Error(`${name} must be positive numbers separated by commas (got "${raw}")`);
  return values;
}

export const settings = {
  /** Length of one measured load run. */
  seconds: numbers('BENCH_SECONDS', [5])[0]!,
  /** Discarded run before each series: JIT, connection pools and caches warm up. */
  warmUpSeconds: 1,
  concurrency: numbers('BENCH_LEVELS', [1, 16, 64, 256]),
  listSizes: numbers('BENCH_LIST_SIZES', [10_000, 100_000, 1_000_000]),
  /** Deep-page latency is a sequential (one connection) measurement of this length. */
  listSeconds: 3,
  endToEndOrders: numbers('BENCH_E2E_ORDERS', [2000])[0]!,
  /** Orders of one item per version in the before/after comparison (the full saga). */
  compareOrders: numbers('BENCH_COMPARE_ORDERS', [600])[0]!,
  /** Orders created and completed while the API's and the worker's peak RSS is read, per runtime (compiled, tsx). */
  memoryOrders: numbers('BENCH_MEMORY_ORDERS', [300])[0]!,
  /** Orders left waiting in review (total above ORDER_REVIEW_THRESHOLD) for the worker's cache and shutdown. */
  reviewOrders: numbers('BENCH_REVIEW_ORDERS', [2000])[0]!,
  /**
   * Connections creating the end-to-end orders, and those of the profiled POST /orders run: enough
   * to keep the Temporal dev server saturated, few enough that requests do not queue past the
   * API's 3 s wait for a pool connection (which answers 503).
   */
  endToEndConcurrency: 16,
  profileConcurrency: 16,
  poolSize: 10,
};

export type Settings = typeof settings;

/** The body every POST /orders (and the bare route) sends. */
export const CREATE_ORDER_BODY = { customer_id: 42, total_amount: 100.5 };
