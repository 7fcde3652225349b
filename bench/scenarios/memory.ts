/**
 * Resident memory of the two processes: compiled (dist/, what the image runs) against tsx (what
 * `make run` runs), idle and at their peak while orders flow; and the worker with a backlog of
 * orders waiting in review (each a workflow that stays open), its RSS per cached workflow at the
 * configured sticky cache, and how long it takes to stop (SIGTERM → exit) with that cache full.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../../src/config.js';
import { type Runtime } from '../lib/build.js';
import { PeakRss, rssMiB } from '../lib/memory.js';
import { startApi, startWorker } from '../lib/services.js';
import type { Cleanup, Infrastructure } from '../lib/stack.js';
import { settings } from '../settings.js';

/** Time for a freshly started process to finish its start-up allocations before "idle" is read. */
const SETTLE_MS = 2000;
/** Above ORDER_REVIEW_THRESHOLD (1000.00 by default): every one of these waits for an operator. */
const REVIEW_ORDER = { customer_id: 42, total_amount: 5000 };
const SMALL_ORDER = { customer_id: 42, total_amount: 100.5 };
/** WORKER_MAX_CACHED_WORKFLOWS's default, read where it is defined. */
const DEFAULT_CACHE = loadConfig({}, 'worker').workerMaxCachedWorkflows;

export interface RuntimeMemory {
  runtime: Runtime;
  /** From spawn to the API answering /readyz and the worker logging "worker running". */
  apiStartMs: number;
  workerStartMs: number;
  apiIdleMiB: number;
  apiPeakMiB: number;
  workerIdleMiB: number;
  workerPeakMiB: number;
  /** The load the peaks were read under. */
  orders: number;
}

export interface ReviewBacklog {
  runtime: Runtime;
  tracing: boolean;
  orders: number;
  awaitingReview: number;
  maxCachedWorkflows: number;
  workerIdleMiB: number;
  workerWithBacklogMiB: number;
  /** (with backlog − idle) / min(orders, cache): what one cached workflow costs. */
  miBPerCachedWorkflow: number;
  /** SIGTERM → exit, with the cache full. */
  shutdownMs: number;
  /** The worker's main-thread V8 heap in use with the backlog (its /metrics); the workflows' sandboxes live in worker threads, outside it. */
  mainHeapUsedMiB: number;
}

/** An API and a worker of `runtime`, idle, then their peaks while `orders` small orders are created and completed. */
export async function measureRuntime(infra: Infrastructure, cleanup: Cleanup, runtime: Runtime, orders: number): Promise<RuntimeMemory> {
  const service = { taskQueue: `memory-${runtime}`, processingDelay: '0ms', runtime };
  const started = performance.now();
  const [api, worker] = await Promise.all([
    startApi(infra, cleanup, service, `memory-${runtime}`).then((api) => ({ api, ms: performance.now() - started })),
    startWorker(infra, cleanup, service, `memory-${runtime}`).then((worker) => ({ worker, ms: performance.now() - started })),
  ]);
  try {
    await sleep(SETTLE_MS);
    const idle = { api: rssMiB(api.api.child.pid), worker: rssMiB(worker.worker.pid) };
    const peak = new PeakRss([api.api.child.pid, worker.worker.pid]);
    const from = await maxOrderId(infra);
    await api.api.load({ method: 'POST', path: '/orders', body: SMALL_ORDER, connections: settings.endToEndConcurrency, amount: orders });
    await untilNoneOpen(infra, from, `stage <> 'done'`);
    const peaks = peak.stop();
    return {
      runtime,
      apiStartMs: Math.round(api.ms),
      workerStartMs: Math.round(worker.ms),
      apiIdleMiB: idle.api,
      apiPeakMiB: peaks.get(api.api.child.pid)!,
      workerIdleMiB: idle.worker,
      workerPeakMiB: peaks.get(worker.worker.pid)!,
      orders,
    };
  } finally {
    await Promise.all([api.api.child.stop(), worker.worker.stop()]);
  }
}

/** What the review backlog runs with: the sticky cache's size (the default when absent), and whether tracing is on. */
export interface ReviewVariant {
  maxCachedWorkflows?: number;
  /** Spans exported to a local OTLP receiver that discards them: the worker loads the traced workflow bundle. */
  tracing?: boolean;
}

/** `orders` orders waiting in review, the worker's RSS with them in its cache, then its shutdown time. */
export async function measureReviewBacklog(
  infra: Infrastructure,
  cleanup: Cleanup,
  orders: number,
  variant: ReviewVariant = {},
  runtime: Runtime = 'dist',
): Promise<ReviewBacklog> {
  const { maxCachedWorkflows, tracing = false } = variant;
  const env: Record<string, string> = maxCachedWorkflows === undefined ? {} : { WORKER_MAX_CACHED_WORKFLOWS: String(maxCachedWorkflows) };
  if (tracing) env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT = await discardingOtlpReceiver(cleanup);
  const label = `review-${maxCachedWorkflows ?? 'default'}${tracing ? '-traced' : ''}`;
  const service = { taskQueue: label, processingDelay: '0ms', runtime, env };
  const [api, worker] = await Promise.all([startApi(infra, cleanup, service, label), startWorker(infra, cleanup, service, label)]);
  try {
    await sleep(SETTLE_MS);
    const workerIdleMiB = rssMiB(worker.pid);
    const from = await maxOrderId(infra);
    // In batches smaller than the cache, each waited for: a backlog builds up over time. Thousands
    // created at once would all be in flight together, thrashing the cache (evicted workflows replay)
    // until workflow tasks time out on a 2-core machine, which measures overload, not the backlog.
    const batch = Math.max(1, Math.min(orders, Math.floor((maxCachedWorkflows ?? DEFAULT_CACHE) * 0.8)));
    let awaitingReview = 0;
    for (let created = 0; created < orders; created += batch) {
      const amount = Math.min(batch, orders - created);
      await api.load({ method: 'POST', path: '/orders', body: REVIEW_ORDER, connections: Math.min(settings.endToEndConcurrency, amount), amount });
      awaitingReview = await untilNoneOpen(infra, from, `stage <> 'awaiting_review' AND stage <> 'done'`);
    }
    // Let the last workflow tasks finish and the allocator settle before reading.
    await sleep(SETTLE_MS);
    const workerWithBacklogMiB = rssMiB(worker.pid);
    const mainHeapUsedMiB = gauge(await worker.metrics(), 'nodejs_heap_size_used_bytes') / 2 ** 20;
    const cache = maxCachedWorkflows ?? DEFAULT_CACHE;
    const stopping = performance.now();
    await worker.stop(120_000);
    const shutdownMs = Math.round(performance.now() - stopping);
    return {
      runtime,
      tracing,
      orders,
      awaitingReview,
      maxCachedWorkflows: cache,
      workerIdleMiB,
      workerWithBacklogMiB,
      miBPerCachedWorkflow: Math.round(((workerWithBacklogMiB - workerIdleMiB) / Math.max(1, Math.min(awaitingReview, cache))) * 100) / 100,
      shutdownMs,
      mainHeapUsedMiB: Math.round(mainHeapUsedMiB),
    };
  } finally {
    await Promise.all([api.child.stop(), worker.stop()]);
  }
}

/** An OTLP/HTTP receiver that answers 200 and keeps nothing: the cost of tracing without a collector's. */
async function discardingOtlpReceiver(cleanup: Cleanup): Promise<string> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => response.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup.add('OTLP receiver', () => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = server.address() as AddressInfo;
  return `http://127.0.0.1:${port}/v1/traces`;
}

function gauge(text: string, name: string): number {
  return Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)`, 'm').exec(text)?.[1] ?? Number.NaN);
}

async function maxOrderId(infra: Infrastructure): Promise<number> {
  const { rows } = await infra.db.query<{ max: string | null }>('SELECT max(id) FROM orders');
  return Number(rows[0]?.max ?? 0);
}

/**
 * Waits until no order created after `from` matches `open` (a minute without progress gives up);
 * returns how many of them await review.
 */
async function untilNoneOpen(infra: Infrastructure, from: number, open: string): Promise<number> {
  let last = { left: Number.POSITIVE_INFINITY, at: Date.now() };
  for (;;) {
    const { rows } = await infra.db.query<{ left: number; review: number }>(
      `SELECT count(*) FILTER (WHERE ${open})::int AS left, count(*) FILTER (WHERE stage = 'awaiting_review')::int AS review FROM orders WHERE id > $1`,
      [from],
    );
    const { left, review } = rows[0]!;
    if (left === 0) return review;
    if (left < last.left) last = { left, at: Date.now() };
    if (Date.now() - last.at > 60_000) {
      console.warn(`    gave up waiting: ${left} orders still open`);
      return review;
    }
    await sleep(250);
  }
}
