/**
 * The same measurements against the baseline checkout and this one, in one run (bench/lib/baseline.ts):
 * the full saga end to end (an order of one item: stock, payment, shipment), with history events,
 * workflow tasks and activities per order; then GET /orders/{id} in flight and finished, and
 * POST /orders, each with the API's CPU per request.
 */
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { AUTH_HEADERS } from '../lib/auth.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checkoutBaseline } from '../lib/baseline.js';
import { CpuMeter } from '../lib/cpu.js';
import { REPO_ROOT } from '../lib/processes.js';
import { type RunningApi, type ServiceSettings, startApi, startWorker } from '../lib/services.js';
import type { Cleanup, Infrastructure } from '../lib/stack.js';
import type { RunResult } from '../lib/stats.js';
import { settings } from '../settings.js';

const SKU = 'BENCH-SAGA-SKU';
const ITEM_ORDER = { customer_id: 42, items: [{ sku: SKU, quantity: 1, unit_price: 10.5 }] };
/** Since delivery tracking an order with items needs an address; a baseline from before it refuses the unknown field. */
const SHIPPING_ADDRESS = { name: 'Bench Customer', line1: '1 Load Street', city: 'Berlin', postal_code: '10115', country: 'DE' };
const TOTAL_ONLY_ORDER = { customer_id: 42, total_amount: 100.5 };
const HISTORY_SAMPLE = 20;

export interface HistoryShape {
  events: number;
  workflowTasks: number;
  activities: number;
  localActivities: number;
}

export interface VersionMeasurement {
  label: string;
  commit: string;
  endToEnd: { orders: number; completedPerSecond: number; spanSeconds: number; completed: number; history: HistoryShape; cpu: Record<string, number> };
  requests: Record<'getInFlight' | 'getFinished' | 'create', RunResult & { apiCpuMicrosPerRequest: number }>;
}

export async function measureBeforeAfter(infra: Infrastructure, cleanup: Cleanup, commit: string): Promise<VersionMeasurement[]> {
  const baseline = await checkoutBaseline(cleanup);
  const versions = [
    { label: `before (${baseline.ref})`, commit: baseline.commit, root: baseline.root, databaseUrl: infra.baselineDatabaseUrl },
    { label: 'after (this checkout)', commit, root: REPO_ROOT, databaseUrl: infra.databaseUrl },
  ];
  const connection = await Connection.connect({ address: infra.temporalAddress });
  try {
    const client = new Client({ connection });
    const results: VersionMeasurement[] = [];
    for (const [index, version] of versions.entries()) {
      console.log(`  ${version.label}`);
      results.push(
        await measureVersion(infra, cleanup, client, { ...version, taskQueue: `compare-${index}`, processingDelay: '0ms' }, (index + 1) * 1_000_000_000),
      );
    }
    return results;
  } finally {
    await connection.close();
  }
}

async function measureVersion(
  infra: Infrastructure,
  cleanup: Cleanup,
  client: Client,
  version: ServiceSettings & { label: string; commit: string },
  firstOrderId: number,
): Promise<VersionMeasurement> {
  const [api, worker] = await Promise.all([startApi(infra, cleanup, version, version.label), startWorker(infra, cleanup, version, version.label)]);
  await putStock(api);
  const db = new pg.Pool({ connectionString: version.databaseUrl, max: 2 });
  try {
    // Both databases share one Temporal namespace: distinct id ranges keep their order-<id> workflows apart.
    await db.query(`SELECT setval(pg_get_serial_sequence('orders', 'id'), $1)`, [firstOrderId]);
    const meter = new CpuMeter({ API: api.child.pid, worker: worker.pid, Temporal: infra.temporalPid, PostgreSQL: infra.postgresPid });
    const from = await maxOrderId(db);
    const created = await api.load({
      method: 'POST',
      path: '/orders',
      body: (await takesShippingAddress(version.root ?? REPO_ROOT)) ? { ...ITEM_ORDER, shipping_address: SHIPPING_ADDRESS } : ITEM_ORDER,
      connections: settings.endToEndConcurrency,
      amount: settings.compareOrders,
    });
    if (created.ok === 0) throw new Error(`${version.label}: no order was created (${JSON.stringify(created.failures ?? {})}); see ${api.child.logPath}`);
    const finished = await untilAllFinal(db, from);
    const cpu = meter.stop();
    const history = await historyShape(client, finished.ids.slice(0, HISTORY_SAMPLE));
    console.log(
      `    end to end: ${finished.completed} completed at ${(finished.completed / finished.spanSeconds).toFixed(1)}/s, ${history.events} history events per order`,
    );
    await worker.stop();

    // No worker now: new orders stay in flight (pending), and reads of them are reads of orders in flight.
    await api.load({ method: 'POST', path: '/orders', body: TOTAL_ONLY_ORDER, connections: 4, amount: 200 });
    const pending = await idsAfter(db, finished.lastId);
    const requests = {
      getInFlight: await measured(api, { nextPath: () => `/orders/${pick(pending)}` }),
      getFinished: await measured(api, { nextPath: () => `/orders/${pick(finished.ids)}` }),
      create: await measured(api, { method: 'POST', path: '/orders', body: TOTAL_ONLY_ORDER }),
    };
    for (const [name, run] of Object.entries(requests))
      console.log(`    ${name}: ${run.rps.toFixed(0)} req/s, ${run.apiCpuMicrosPerRequest.toFixed(0)} µs API CPU per request`);
    return {
      label: version.label,
      commit: version.commit,
      endToEnd: {
        orders: settings.compareOrders,
        completed: finished.completed,
        spanSeconds: finished.spanSeconds,
        completedPerSecond: finished.completed / finished.spanSeconds,
        history,
        cpu,
      },
      requests,
    };
  } finally {
    await db.end();
    await Promise.all([api.child.stop(), worker.stop()]);
  }
}

async function putStock(api: RunningApi): Promise<void> {
  const response = await fetch(`${api.url}/inventory/${SKU}`, {
    method: 'PUT',
    headers: { ...AUTH_HEADERS, 'content-type': 'application/json' },
    body: JSON.stringify({ on_hand: 1_000_000 }),
  });
  if (!response.ok) throw new Error(`PUT /inventory/${SKU}: ${response.status} ${await response.text()}`);
}

/** 16 connections for the bench's run length, with the API's CPU per answered request. */
async function measured(api: RunningApi, load: Omit<Parameters<RunningApi['load']>[0], 'connections' | 'seconds'>) {
  await api.load({ ...load, connections: 16, seconds: settings.warmUpSeconds });
  const meter = new CpuMeter({ API: api.child.pid });
  const run = await api.load({ ...load, connections: 16, seconds: settings.seconds });
  const cores = meter.stop().API!;
  return { ...run, apiCpuMicrosPerRequest: (cores * settings.seconds * 1e6) / Math.max(1, run.ok) };
}

const pick = <T>(values: T[]): T => values[Math.floor(Math.random() * values.length)]!;

async function maxOrderId(db: pg.Pool): Promise<number> {
  const { rows } = await db.query<{ max: string | null }>('SELECT max(id) FROM orders');
  return Number(rows[0]?.max ?? 0);
}

async function idsAfter(db: pg.Pool, after: number): Promise<number[]> {
  const { rows } = await db.query<{ id: string }>('SELECT id FROM orders WHERE id > $1 ORDER BY id', [after]);
  return rows.map((row) => Number(row.id));
}

/** Waits until every order created after `from` reached a final status (a minute without progress gives up). */
async function untilAllFinal(db: pg.Pool, from: number) {
  let last = { done: -1, at: Date.now() };
  for (;;) {
    const { rows } = await db.query<{ done: number; total: number }>(
      `SELECT count(*) FILTER (WHERE status IN ('completed', 'cancelled', 'failed'))::int AS done, count(*)::int AS total FROM orders WHERE id > $1`,
      [from],
    );
    const { done, total } = rows[0]!;
    if (done >= total) break;
    if (done > last.done) last = { done, at: Date.now() };
    if (Date.now() - last.at > 60_000) {
      console.warn(`    gave up waiting: ${done} of ${total} finished`);
      break;
    }
    await sleep(250);
  }
  const { rows } = await db.query<{ completed: number; span_s: number; ids: string[]; last_id: string }>(
    `SELECT count(*) FILTER (WHERE status = 'completed')::int AS completed,
            extract(epoch FROM max(updated_at) - min(created_at))::float8 AS span_s,
            array_agg(id ORDER BY id) AS ids, max(id) AS last_id
     FROM orders WHERE id > $1`,
    [from],
  );
  const row = rows[0]!;
  return { completed: row.completed, spanSeconds: row.span_s, ids: (row.ids ?? []).map(Number), lastId: Number(row.last_id ?? from) };
}

/** The average history of the sampled orders' workflows. */
async function historyShape(client: Client, orderIds: number[]): Promise<HistoryShape> {
  const totals = { events: 0, workflowTasks: 0, activities: 0, localActivities: 0 };
  for (const id of orderIds) {
    const history = await client.workflow.getHandle(`order-${id}`).fetchHistory();
    for (const event of history.events ?? []) {
      totals.events++;
      if (event.workflowTaskCompletedEventAttributes) totals.workflowTasks++;
      if (event.activityTaskScheduledEventAttributes) totals.activities++;
      if (event.markerRecordedEventAttributes?.markerName === 'core_local_activity') totals.localActivities++;
    }
  }
  const per = (value: number) => Math.round((value / orderIds.length) * 10) / 10;
  return {
    events: per(totals.events),
    workflowTasks: per(totals.workflowTasks),
    activities: per(totals.activities),
    localActivities: per(totals.localActivities),
  };
}

/** Whether this checkout's contract has the order's shipping address (read from its own api/openapi.yaml). */
async function takesShippingAddress(root: string): Promise<boolean> {
  return (await readFile(join(root, 'api', 'openapi.yaml'), 'utf8')).includes('shipping_address:');
}
