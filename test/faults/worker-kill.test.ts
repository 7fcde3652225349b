/**
 * Fault: the worker process is SIGKILLed while orders are in flight (some waiting on their timer,
 * some inside their completion activity, some done), and a new worker is started. The orders are
 * 30, with ORDER_PROCESSING_DELAY=2s.
 *
 * Every order must reach `completed` and be completed exactly once. "Exactly once" is checked where
 * it happens: a trigger in PostgreSQL records every write to the orders table (fault_audit), so
 * even a write made by a connection whose worker had already died is counted. And Temporal must
 * show one run of `order-<id>` per order, each step scheduled and completed once; and every order is
 * charged exactly once (one authorization, one capture, for its total) despite the kill.
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
  killAllRoles,
  orderRows,
  type RoleProcess,
  slowDownCompletions,
  startRole,
  tally,
  temporalClient,
  uniqueTaskQueue,
  updatesByOrder,
  workflowResult,
} from './support.js';

const ORDERS = 30;
let db: pg.Pool;
let temporal: Client;
let deployment: Deployment;
let api: RoleProcess;
let worker: RoleProcess;

beforeAll(async () => {
  const audited = await auditedDatabase();
  db = audited.db;
  // Each completion takes 1 s inside PostgreSQL (the worker's pool runs 10 at a time): the kill
  // lands while completions run.
  await slowDownCompletions(db, 1);
  deployment = {
    databaseUrl: audited.url,
    temporalAddress: inject('temporalAddress'),
    taskQueue: uniqueTaskQueue('fault-worker-kill'),
    processingDelay: '2s',
    env: { PAYMENT_PROVIDER_LATENCY: '500ms' },
  };
  temporal = await temporalClient(deployment.temporalAddress);
  [api, worker] = await Promise.all([startRole('api', deployment), startRole('worker', deployment)]);
});

afterAll(async () => {
  await killAllRoles();
  await db?.end();
  await temporal?.connection.close();
});

describe('worker SIGKILLed in the middle of orders, then restarted', () => {
  it('completes every order, each exactly once, each by one workflow run', async () => {
    const first = await createOrders(api.base, ORDERS - 10, 100, 10);

    // Kill when some orders are completed and completions are running inside PostgreSQL right now;
    // ten more orders are created just before, so their timers are still pending at the kill.
    await eventually(
      async () => {
        const done = (await orderRows(db)).filter((o) => o.status === 'completed').length;
        return done >= 3 && (await completionsInFlight(db)) >= 3 ? true : undefined;
      },
      30_000,
      'completed orders and completions in flight',
    );
    const second = await createOrders(api.base, 10, 200, 20);
    const inFlightAtKill = await completionsInFlight(db);
    worker.child.kill('SIGKILL');
    expect((await exitOf(worker)).signal).toBe('SIGKILL');
    const atKill = tally((await orderRows(db)).map((o) => o.status));
    console.log(`worker killed with ${inFlightAtKill} completions running in PostgreSQL and orders at ${JSON.stringify(atKill)}`);
    expect(atKill.pending ?? 0, 'orders must still be waiting when the worker dies').toBeGreaterThan(0);

    const ids = [...first, ...second].sort((a, b) => a - b);

    worker = await startRole('worker', deployment);

    // An activity whose attempt died with the worker is retried after its start-to-close timeout (10 s).
    const rows = await eventually(
      async () => {
        const current = await orderRows(db);
        return current.length === ORDERS && current.every((o) => o.status === 'completed') ? current : undefined;
      },
      90_000,
      'every order to be completed',
    );
    expect(rows.map((o) => o.id)).toEqual(ids);

    // Exactly two writes per order after its insert: pending → processing → completed, the last setting updated_at.
    const updates = updatesByOrder(await auditRows(db));
    for (const order of rows) {
      const writes = updates.get(order.id) ?? [];
      expect(
        writes.map((w) => `${w.oldStatus}→${w.newStatus}`),
        `writes to order ${order.id}`,
      ).toEqual(['pending→processing', 'processing→completed']);
      expect(writes.at(-1)!.newUpdatedAt!.getTime()).toBe(order.updatedAt.getTime());
    }

    // Temporal: one run per order, completed with the outcome 'completed'.
    const executions = await closedExecutionsOnQueue(temporal, deployment.taskQueue, ORDERS, 30_000);
    expect(executions.map((e) => e.workflowId).sort()).toEqual(ids.map((id) => `order-${id}`).sort());
    expect(new Set(executions.map((e) => e.status))).toEqual(new Set(['COMPLETED']));
    const attempts: number[] = [];
    for (const id of ids) {
      expect(await workflowResult(temporal, `order-${id}`)).toBe('completed');
      const activities = await activitySummary(temporal, `order-${id}`);
      // Every step scheduled once and completed once: a retried attempt is the same activity.
      expect(activities, `order-${id}`).toMatchObject({ scheduled: activities.completed, failed: 0, timedOut: 0 });
      attempts.push(activities.lastAttempt);
    }
    // Charged exactly once: one authorization and one capture per order, for exactly its total.
    const { rows: charges } = await db.query<{ id: string; authorizations: number; captures: number; matches: boolean }>(`
      SELECT o.id,
             (SELECT count(*)::int FROM payment_authorizations a WHERE a.order_id = o.id) AS authorizations,
             (SELECT count(*)::int FROM payment_captures c WHERE c.order_id = o.id) AS captures,
             (SELECT p.captured - p.refunded = o.total_amount FROM order_payment_totals p WHERE p.order_id = o.id) AS matches
      FROM orders o ORDER BY o.id`);
    expect(
      charges.filter((c) => c.authorizations !== 1 || c.captures !== 1 || !c.matches),
      'orders not charged exactly once',
    ).toEqual([]);
    const retried = attempts.filter((a) => a > 1).length;
    console.log(
      `completion attempts per order: ${JSON.stringify(tally(attempts.map(String)))}; ${retried} activities were retried after the kill, each without a second write`,
    );
    // The kill hit running completions (there were at least 3): their attempts died with the worker and were retried.
    expect(retried).toBeGreaterThan(0);
  }, 180_000);
});
