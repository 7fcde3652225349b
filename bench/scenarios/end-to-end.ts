/**
 * N orders through the whole pipeline with no configured delay: POST /orders (API) → OrderWorkflow
 * (Temporal) → completeOrder activity (worker) → `completed` in PostgreSQL. Timings come from the
 * rows themselves: created_at is set in the create transaction, updated_at by the completion.
 */
import { DefaultLogger } from '@temporalio/worker';
import { noopMetricMeter } from '@temporalio/common';
// Not re-exported from the package root; the SDK's own defaulting is the honest source of the settings used.
import { compileWorkerOptions } from '@temporalio/worker/lib/worker-options.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../../src/config.js';
import { CpuMeter } from '../lib/cpu.js';
import type { NodeChild } from '../lib/processes.js';
import type { RunningApi } from '../lib/services.js';
import type { Infrastructure } from '../lib/stack.js';
import type { LatencySummary, RunResult } from '../lib/stats.js';
import { CREATE_ORDER_BODY, settings } from '../settings.js';

const STALL_MS = 60_000;

export interface EndToEnd {
  orders: number;
  createConcurrency: number;
  create: RunResult;
  completed: number;
  /** From the first order's creation to the last one's completion. */
  spanSeconds: number;
  completedPerSecond: number;
  createToCompletedMs: LatencySummary;
  timedOut: boolean;
  worker: WorkerSettings;
  /** Cores busy per process from the first create to the last completion. */
  cpu: Record<string, number>;
}

export async function measureEndToEnd(infra: Infrastructure, api: RunningApi, worker: NodeChild): Promise<EndToEnd> {
  const {
    rows: [before],
  } = await infra.db.query<{ max: string | null }>('SELECT max(id) FROM orders');
  const afterId = Number(before?.max ?? 0);
  const meter = new CpuMeter({ API: api.child.pid, worker: worker.pid, Temporal: infra.temporalPid, PostgreSQL: infra.postgresPid });

  const create = await api.load({
    method: 'POST',
    path: '/orders',
    body: CREATE_ORDER_BODY,
    connections: settings.endToEndConcurrency,
    amount: settings.endToEndOrders,
  });
  console.log(`  created ${create.ok} orders at ${create.rps.toFixed(0)} req/s (${create.errors} errors); waiting for the workflows`);

  // Wait while orders keep completing; a minute without progress means something is stuck.
  let timedOut = false;
  let lastProgress = { completed: -1, at: Date.now() };
  for (;;) {
    const {
      rows: [progress],
    } = await infra.db.query<{ completed: number; total: number }>(
      `SELECT count(*) FILTER (WHERE status = 'completed')::int AS completed, count(*)::int AS total FROM orders WHERE id > $1`,
      [afterId],
    );
    if (progress!.completed >= progress!.total) break;
    if (progress!.completed > lastProgress.completed) lastProgress = { completed: progress!.completed, at: Date.now() };
    if (Date.now() - lastProgress.at > STALL_MS) {
      timedOut = true;
      console.warn(`  gave up waiting: ${progress!.completed} of ${progress!.total} completed, none for ${STALL_MS / 1000} s`);
      break;
    }
    await sleep(250);
  }
  const cpu = meter.stop();

  const {
    rows: [stats],
  } = await infra.db.query<{ completed: number; span_s: number; p: number[]; max_s: number }>(
    `SELECT count(*)::int AS completed,
            extract(epoch FROM max(updated_at) - min(created_at))::float8 AS span_s,
            percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY extract(epoch FROM updated_at - created_at)::float8) AS p,
            extract(epoch FROM max(updated_at - created_at))::float8 AS max_s
     FROM orders WHERE id > $1 AND status = 'completed'`,
    [afterId],
  );
  const [p50, p95, p99] = (stats!.p ?? []).map((seconds) => seconds * 1000);
  return {
    orders: settings.endToEndOrders,
    createConcurrency: settings.endToEndConcurrency,
    create,
    completed: stats!.completed,
    spanSeconds: stats!.span_s,
    completedPerSecond: stats!.completed / stats!.span_s,
    createToCompletedMs: { p50: p50 ?? Number.NaN, p95: p95 ?? Number.NaN, p99: p99 ?? Number.NaN, max: stats!.max_s * 1000 },
    timedOut,
    worker: workerSettings(),
    cpu,
  };
}

export interface WorkerSettings {
  source: string;
  maxConcurrentWorkflowTaskExecutions: number;
  maxConcurrentActivityTaskExecutions: number;
  workflowTaskPollers: number;
  activityTaskPollers: number;
  maxCachedWorkflows: number;
  reuseV8Context: boolean;
}

/**
 * src/temporal/worker.ts sets one tuning option, the cache size (WORKER_MAX_CACHED_WORKFLOWS); the
 * rest are the SDK's defaults, which the SDK computes here the same way.
 */
function workerSettings(): WorkerSettings {
  const maxCachedWorkflows = loadConfig({}, 'worker').workerMaxCachedWorkflows;
  const options = compileWorkerOptions(
    { taskQueue: 'defaults', workflowBundle: { code: '' }, activities: {}, maxCachedWorkflows },
    new DefaultLogger('ERROR'),
    noopMetricMeter,
  );
  const slots = (supplier: unknown) => (supplier as { numSlots?: number }).numSlots ?? Number.NaN;
  const pollers = (behavior: unknown) => (behavior as { maximum?: number }).maximum ?? Number.NaN;
  return {
    source: 'Temporal SDK defaults, the cache size from WORKER_MAX_CACHED_WORKFLOWS',
    maxConcurrentWorkflowTaskExecutions: slots(options.tuner.workflowTaskSlotSupplier),
    maxConcurrentActivityTaskExecutions: slots(options.tuner.activityTaskSlotSupplier),
    workflowTaskPollers: pollers(options.workflowTaskPollerBehavior),
    activityTaskPollers: pollers(options.activityTaskPollerBehavior),
    maxCachedWorkflows: options.maxCachedWorkflows,
    reuseV8Context: options.reuseV8Context,
  };
}
