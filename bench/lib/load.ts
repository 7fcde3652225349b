/**
 * The two load generators: autocannon for HTTP (a fixed number of keep-alive connections, each
 * sending its next request when the previous answer arrived), and the same closed loop in-process
 * for the pg and Temporal ceilings, so every number in the table means "N callers, back to back".
 */
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { countFailure, type RunResult, runResult } from './stats.js';

export interface HttpLoad {
  url: string;
  method?: 'GET' | 'POST';
  path?: string;
  /** A fresh path per request (e.g. a random order id); overrides `path`. */
  nextPath?: () => string;
  body?: unknown;
  /** Sent with every request (e.g. the bearer token). */
  headers?: Record<string, string>;
  connections: number;
  /** Run for this long… */
  seconds?: number;
  /** …or until this many requests were answered. */
  amount?: number;
}

export async function httpLoad(load: HttpLoad): Promise<RunResult> {
  const latencies: number[] = [];
  const failures = new Map<string, number>();
  const nextPath = load.nextPath;
  const options: autocannon.Options = {
    url: `${load.url}${load.path ?? '/'}`,
    method: load.method ?? 'GET',
    connections: load.connections,
    ...(load.amount ? { amount: load.amount } : { duration: load.seconds ?? 5 }),
    headers: { ...load.headers, ...(load.body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(load.body === undefined ? {} : { body: JSON.stringify(load.body) }),
    ...(nextPath ? { requests: [{ setupRequest: (request: autocannon.Request) => ({ ...request, path: nextPath() }) }] } : {}),
  };
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (error: unknown, done: autocannon.Result) => (error ? reject(error) : resolve(done)));
    // autocannon's own histogram has no p95; keep every latency and compute exact percentiles.
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
      else countFailure(failures, `HTTP ${statusCode}`);
    });
    instance.on('reqError', (error: Error) => countFailure(failures, error.message.split(':')[0] ?? 'error'));
  });
  return runResult(load.connections, result.duration, latencies, failures);
}

/** `concurrency` callers each running `operation` back to back for `seconds`. */
export async function closedLoop(concurrency: number, seconds: number, operation: (sequence: number) => Promise<unknown>): Promise<RunResult> {
  const latencies: number[] = [];
  const failures = new Map<string, number>();
  let sequence = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const caller = async () => {
    while (performance.now() < deadline) {
      const begin = performance.now();
      try {
        await operation(sequence++);
        latencies.push(performance.now() - begin);
      } catch (error) {
        countFailure(failures, (error instanceof Error ? error.message : String(error)).slice(0, 60));
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, caller));
  return runResult(concurrency, (performance.now() - started) / 1000, latencies, failures);
}
