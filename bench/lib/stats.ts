/** One measured run: how many operations succeeded per second and how long they took. */
export interface RunResult {
  concurrency: number;
  seconds: number;
  ok: number;
  /** Failed operations: connection errors, timeouts, non-2xx answers, rejected promises. */
  errors: number;
  /** What the failures were: HTTP status codes, or the first words of an error message. */
  failures?: Record<string, number>;
  rps: number;
  latencyMs: LatencySummary;
  /** Cores busy on average during the run, per process (when measured). */
  cpu?: Record<string, number>;
}

export interface LatencySummary {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentile of an ascending array. */
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function summarizeLatencies(latencies: number[]): LatencySummary {
  // Float64Array sorts numerically and much faster than Array#sort with a comparator.
  const sorted = Array.from(Float64Array.from(latencies).sort());
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted.at(-1) ?? Number.NaN };
}

export function runResult(concurrency: number, seconds: number, latencies: number[], failures: Map<string, number>): RunResult {
  const errors = [...failures.values()].reduce((sum, count) => sum + count, 0);
  return {
    concurrency,
    seconds,
    ok: latencies.length,
    errors,
    ...(errors > 0 ? { failures: Object.fromEntries(failures) } : {}),
    rps: latencies.length / seconds,
    latencyMs: summarizeLatencies(latencies),
  };
}

export function countFailure(failures: Map<string, number>, kind: string): void {
  failures.set(kind, (failures.get(kind) ?? 0) + 1);
}
