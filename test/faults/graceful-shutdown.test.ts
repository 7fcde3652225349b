/**
 * Graceful shutdown (docs/operations.md "Health, logs and shutdown"): SIGTERM stops accepting work, lets what
 * is in flight finish, then exits 0.
 *
 * - A worker gets SIGTERM while completions run (each takes 2 s inside PostgreSQL): it finishes
 *   them, reports them to Temporal as completed on their first attempt, and exits 0; a new worker
 *   carries on with the rest.
 * - The API gets SIGTERM under a load of concurrent creates from 24 clients, half of them keeping
 *   their connections alive (each create takes at least 0.3 s inside PostgreSQL, so many are in
 *   flight): every request it had received (its "incoming request" log lines say which) gets a
 *   complete response, none is reset, every 503 is a problem document, every order stored was
 *   acknowledged to its client with a 201 and vice versa, and it exits 0.
 * - A shutdown that takes longer than SHUTDOWN_TIMEOUT (a worker waiting for a slow payment step) is
 *   cut off at the deadline with a log line saying so, and exit code 1.
 */
import type { Client } from '@temporalio/client';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  activitySummary,
  auditRows,
  closedExecutionsOnQueue,
  completionsInFlight,
  auditedDatabase,
  createOrders,
  type Deployment,
  eventually,
  exitOf,
  type HttpOutcome,
  isResponse,
  killAllRoles,
  orderRows,
  request,
  type RoleProcess,
  slowDownCompletions,
  slowDownInserts,
  startRole,
  tally,
  temporalClient,
  uniqueTaskQueue,
  updatesByOrder,
  within,
  workflowResult,
} from './support.js';

let db: pg.Pool;
let temporal: Client;
let deployment: Deployment;
let api: RoleProcess;
let worker: RoleProcess;

beforeAll(async () => {
  const audited = await auditedDatabase();
  db = audited.db;
  await slowDownCompletions(db, 2);
  deployment = { databaseUrl: audited.url, temporalAddress: inject('temporalAddress'), taskQueue: uniqueTaskQueue('fault-shutdown'), processingDelay: '1s' };
  temporal = await temporalClient(deployment.temporalAddress);
  // The API logs at debug: its "incoming request" lines say which requests it received.
  [api, worker] = await Promise.all([startRole('api', deployment, { LOG_LEVEL: 'debug' }), startRole('worker', deployment)]);
});

afterAll(async () => {
  await killAllRoles();
  await db?.end();
  await temporal?.connection.close();
});

describe('graceful shutdown', () => {
  it('a worker given SIGTERM finishes its running activities, then exits 0', async () => {
    const ids = await createOrders(api.base, 6, 700, 1);

    await eventually(async () => ((await completionsInFlight(db)) >= 3 ? true : undefined), 30_000, 'completions in flight');
    // Which orders' completions this worker is running right now, as Temporal sees it.
    const running: number[] = [];
    for (const id of ids) {
      const pending = (await temporal.workflow.getHandle(`order-${id}`).describe()).raw.pendingActivities ?? [];
      if (pending.some((a) => String(a.state) === 'PENDING_ACTIVITY_STATE_STARTED' || a.state === 2)) running.push(id);
    }
    expect(running.length).toBeGreaterThan(0);

    worker.child.kill('SIGTERM');
    const exit = await exitOf(worker, 30_000);
    expect(exit, worker.output().slice(-5000)).toEqual({ code: 0, signal: null });

    // What was running when the signal came finished, and Temporal recorded it as completed on its
    // first attempt: no timeout, no retry by another worker.
    const rows = new Map((await orderRows(db)).map((o) => [o.id, o.status]));
    for (const id of running) {
      expect(rows.get(id), `order ${id}`).toBe('completed');
      // Every step ran once, to completion, in its first attempt: nothing was cut off by the shutdown.
      const activities = await activitySummary(temporal, `order-${id}`);
      expect(activities, `order-${id}`).toEqual({ scheduled: activities.completed, completed: activities.completed, failed: 0, timedOut: 0, lastAttempt: 1 });
    }
    console.log(`worker stopped after finishing ${running.length} running completions; orders then: ${JSON.stringify(tally([...rows.values()]))}`);

    // A new worker carries on: every order completes, each written once.
    worker = await startRole('worker', deployment);
    await eventually(
      async () => {
        const current = await orderRows(db);
        return ids.every((id) => current.find((o) => o.id === id)?.status === 'completed') ? true : undefined;
      },
      60_000,
      'the new worker to complete the remaining orders',
    );
    const updates = updatesByOrder(await auditRows(db));
    for (const id of ids)
      expect(
        updates.get(id)?.map((w) => `${w.oldStatus}→${w.newStatus}`),
        `writes to order ${id}`,
      ).toEqual(['pending→processing', 'processing→completed']);
  }, 150_000);

  it('the API given SIGTERM under load answers every request it received, resets none, and exits 0', async () => {
    await db.query('DROP TRIGGER fault_slow_completion ON orders');
    await slowDownInserts(db, 0.3);
    const before = new Set((await orderRows(db)).map((o) => o.id));

    interface Sent {
      id: string;
      writtenAt?: number;
      outcome?: HttpOutcome;
    }
    const sent: Sent[] = [];
    let sigtermAt = Infinity;
    const client = async (n: number) => {
      for (let i = 0; ; i++) {
        const entry: Sent = { id: `fault-${n}-${i}` };
        sent.push(entry);
        entry.outcome = await request(api.base, 'POST', '/orders', {
          body: { customer_id: 800 + n, total_amount: 2.5 },
          headers: { 'x-request-id': entry.id },
          // Half the clients reuse their connections, half open one per request.
          keepAlive: n % 2 === 0,
          onWritten: () => (entry.writtenAt = Date.now()),
        });
        // Keep going through the shutdown until nothing listens any more.
        if (!isResponse(entry.outcome) && entry.outcome.error === 'ECONNREFUSED') return;
        if (Date.now() - sigtermAt > 20_000) return;
      }
    };
    const clients = Array.from({ length: 24 }, (_, n) => client(n));
    await eventually(async () => (sent.filter((s) => s.outcome && isResponse(s.outcome)).length >= 30 ? true : undefined), 30_000, '30 responses');

    sigtermAt = Date.now();
    api.child.kill('SIGTERM');
    const inFlight = sent.filter((s) => s.writtenAt !== undefined && s.outcome === undefined);
    const exit = await exitOf(api, 30_000);
    await within(Promise.all(clients), 25_000);
    expect(exit, api.output().slice(-5000)).toEqual({ code: 0, signal: null });

    const received = new Set<string>();
    for (const line of api.output().split('\n')) {
      if (!line.startsWith('{')) continue;
      const entry = JSON.parse(line) as { msg?: string; reqId?: string };
      if (entry.msg === 'incoming request' && entry.reqId) received.add(entry.reqId);
    }
    const label = (s: Sent) => (s.outcome ? (isResponse(s.outcome) ? String(s.outcome.status) : s.outcome.error) : 'no outcome');
    const beforeSignal = sent.filter((s) => s.writtenAt !== undefined && s.writtenAt < sigtermAt);
    const afterSignal = sent.filter((s) => !beforeSignal.includes(s));
    console.log(
      `SIGTERM with ${inFlight.length} requests in flight (${inFlight.filter((s) => received.has(s.id)).length} of them received by the API); ` +
        `requests sent before it: ${JSON.stringify(tally(beforeSignal.map(label)))}, after it: ${JSON.stringify(tally(afterSignal.map(label)))}`,
    );
    // Every request the API received was answered in full: created, or (arriving during the shutdown) a 503 problem.
    for (const s of sent.filter((s) => received.has(s.id))) expect(['201', '503'], `${s.id}: ${label(s)}`).toContain(label(s));
    // The signal found many requests being handled, and they finished: their orders were created.
    expect(inFlight.filter((s) => received.has(s.id) && label(s) === '201').length, 'requests in flight at SIGTERM, then created').toBeGreaterThan(5);
    // Those it never received found nothing listening (refused), were refused with a 503 by the closing
    // server, or at worst were cut off before the server read them; nothing was stored for them (below).
    for (const s of sent.filter((s) => !received.has(s.id))) expect(['ECONNREFUSED', 'ECONNRESET', '503'], `${s.id}: ${label(s)}`).toContain(label(s));
    // README "Errors": every error is application/problem+json, a 503 during the shutdown too.
    for (const s of sent) {
      if (s.outcome && isResponse(s.outcome) && s.outcome.status === 503)
        expect(s.outcome.contentType, `${s.id}: ${s.outcome.text}`).toMatch(/^application\/problem\+json/);
    }

    // Every order stored by this load was acknowledged with a 201, and the other way round.
    const acknowledged = sent.flatMap((s) => (s.outcome && isResponse(s.outcome) && s.outcome.status === 201 ? [(s.outcome.body as { id: number }).id] : []));
    const stored = (await orderRows(db)).map((o) => o.id).filter((id) => !before.has(id));
    expect(stored.sort((a, b) => a - b)).toEqual([...acknowledged].sort((a, b) => a - b));

    // Each of them has its workflow, which the worker still running completes.
    const executions = await closedExecutionsOnQueue(temporal, deployment.taskQueue, before.size + stored.length, 60_000);
    for (const id of stored) {
      expect(executions.filter((e) => e.workflowId === `order-${id}`)).toHaveLength(1);
      expect(await workflowResult(temporal, `order-${id}`)).toBe('completed');
    }
  }, 150_000);

  it('a shutdown that outlasts SHUTDOWN_TIMEOUT is cut off: the process says so and exits 1', async () => {
    const slow: Deployment = { ...deployment, taskQueue: uniqueTaskQueue('fault-deadline'), processingDelay: '0s' };
    // The payment step takes far longer than the deadline (and than the worker's 8 s grace for running activities).
    const [slowApi, slowWorker] = await Promise.all([
      startRole('api', slow),
      startRole('worker', slow, { PAYMENT_PROVIDER_LATENCY: '30s', SHUTDOWN_TIMEOUT: '2s' }),
    ]);
    const [id] = await createOrders(slowApi.base, 1, 900, 3);
    await eventually(
      async () => {
        const outcome = await request(slowApi.base, 'GET', `/orders/${id}`);
        return isResponse(outcome) && (outcome.body as { progress?: { stage: string } }).progress?.stage === 'authorizing_payment' ? true : undefined;
      },
      30_000,
      'the payment step to run',
    );

    slowWorker.child.kill('SIGTERM');
    const exit = await exitOf(slowWorker, 30_000);
    expect(exit, slowWorker.output().slice(-5000)).toEqual({ code: 1, signal: null });
    expect(slowWorker.output()).toMatch(/shutdown did not finish within SHUTDOWN_TIMEOUT \(2000 ms\)/);
  }, 150_000);
});
