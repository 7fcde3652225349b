/**
 * The production topology on one machine: the Temporal server on PostgreSQL (not the dev server),
 * two API processes and two worker processes sharing its task queue, each the container entry point
 * (`src/main.ts api|worker`). Orders are created through both APIs; then one worker is SIGKILLed while
 * completions run inside PostgreSQL, and the Temporal server is stopped and started again while
 * orders wait on their timers. Nothing else is restarted.
 *
 * Afterwards every order finished exactly once (one run per order, one write per transition, one
 * final event), each charged exactly once, every reservation settled: the saga's invariants
 * (test/support/saga.ts), and the write audit and history checks of the fault tests.
 */
import type { Client } from '@temporalio/client';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  activitySummary,
  auditedDatabase,
  auditRows,
  closedExecutionsOnQueue,
  completionsInFlight,
  type Deployment,
  describeOutcome,
  eventually,
  exitOf,
  isResponse,
  killAllRoles,
  orderRows,
  request,
  type RoleProcess,
  slowDownCompletions,
  startRole,
  tally,
  temporalClient,
  uniqueTaskQueue,
  updatesByOrder,
  workflowResult,
} from '../faults/support.js';
import { expectSagaInvariants } from '../support/saga.js';
import { type RealTemporal, startRealTemporal } from './support.js';

const SKUS = ['TOPO-A', 'TOPO-B', 'TOPO-C'];
let server: RealTemporal;
let db: pg.Pool;
let temporal: Client | undefined;
let deployment: Deployment;
let apis: RoleProcess[];
let workers: RoleProcess[];
const startedAt = Date.now();

beforeAll(async () => {
  const [started, audited] = await Promise.all([startRealTemporal(), auditedDatabase()]);
  server = started;
  db = audited.db;
  // Each completion takes 1 s inside PostgreSQL, so the kill lands while some are running.
  await slowDownCompletions(db, 1);
  deployment = {
    databaseUrl: audited.url,
    temporalAddress: server.address,
    taskQueue: uniqueTaskQueue('topology'),
    // Long enough that the second batch is still waiting on its timers across the Temporal restart.
    processingDelay: '3s',
    env: { PAYMENT_PROVIDER_LATENCY: '200ms', FRAUD_MAX_ORDERS_PER_HOUR: '1000', LOCAL_CARRIER_TRANSIT_DELAY: '200ms', LOCAL_CARRIER_DELIVERY_DELAY: '200ms' },
  };
  // Four processes registering the search attributes at once, on a cluster that has none yet.
  const roles = await Promise.all([
    startRole('api', deployment),
    startRole('api', deployment),
    startRole('worker', deployment),
    startRole('worker', deployment),
  ]);
  apis = roles.slice(0, 2);
  workers = roles.slice(2);
  for (const sku of SKUS) {
    const stocked = await request(apis[0]!.base, 'PUT', `/inventory/${sku}`, { body: { on_hand: 1000 } });
    expect(isResponse(stocked) && stocked.status, describeOutcome(stocked)).toBe(201);
  }
}, 240_000);

afterAll(async () => {
  await killAllRoles();
  await temporal?.connection.close().catch(() => undefined);
  await server?.teardown();
  await db?.end();
});

/** `count` orders through `api`, each with items (so stock is reserved and later consumed), customers counting up from `firstCustomer`. */
async function createOrdersWithItems(api: RoleProcess, count: number, firstCustomer: number): Promise<number[]> {
  const outcomes = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      request(api.base, 'POST', '/orders', {
        body: {
          customer_id: firstCustomer + i,
          items: [{ sku: SKUS[i % SKUS.length]!, quantity: 1 + (i % 3), unit_price: 2.5 + i }],
          shipping_address: { name: `Customer ${i}`, line1: '1 Main Street', city: 'Springfield', postal_code: '12345', country: 'US' },
        },
      }),
    ),
  );
  return outcomes.map((outcome) => {
    expect(isResponse(outcome) && outcome.status, describeOutcome(outcome)).toBe(201);
    return (outcome as { body: { id: number } }).body.id;
  });
}

describe('two APIs and two workers on the Temporal server on PostgreSQL', () => {
  it('finish every order exactly once through a worker SIGKILL and a Temporal restart', async () => {
    const first = (await Promise.all([createOrdersWithItems(apis[0]!, 15, 1000), createOrdersWithItems(apis[1]!, 15, 2000)])).flat();

    await eventually(
      async () => {
        const done = (await orderRows(db)).filter((o) => o.status === 'completed').length;
        return done >= 2 && (await completionsInFlight(db)) >= 2 ? true : undefined;
      },
      60_000,
      'completed orders and completions in flight',
    );
    const second = (await Promise.all([createOrdersWithItems(apis[0]!, 5, 3000), createOrdersWithItems(apis[1]!, 5, 4000)])).flat();
    const [killed, survivor] = workers as [RoleProcess, RoleProcess];
    killed.child.kill('SIGKILL');
    expect((await exitOf(killed)).signal).toBe('SIGKILL');
    const atKill = tally((await orderRows(db)).map((o) => o.status));

    // The Temporal server goes away and comes back on the same port and databases.
    const restartAt = Date.now();
    await server.stop();
    await server.start();
    const restartMs = Date.now() - restartAt;
    const atRestart = tally((await orderRows(db)).map((o) => o.status));
    expect(atRestart.pending ?? 0, 'orders must still be waiting on their timers across the restart').toBeGreaterThan(0);

    const ids = [...first, ...second].sort((a, b) => a - b);
    // Killed attempts are retried after their start-to-close timeout (10 s), by the surviving worker.
    const rows = await eventually(
      async () => {
        const current = await orderRows(db);
        return current.length === ids.length && current.every((o) => o.status === 'completed') ? current : undefined;
      },
      150_000,
      `every order to be completed (survivor's output:\n${survivor.output().slice(-3000)})`,
    );
    expect(rows.map((o) => o.id)).toEqual(ids);
    // Nobody restarted the APIs or the surviving worker: they reconnected to Temporal by themselves.
    expect([...apis, survivor].map((p) => p.running())).toEqual([true, true, true]);

    await expectSagaInvariants(db);
    const updates = updatesByOrder(await auditRows(db));
    for (const id of ids) {
      expect(
        updates.get(id)?.map((w) => `${w.oldStatus}→${w.newStatus}`),
        `writes to order ${id}`,
      ).toEqual(['pending→processing', 'processing→shipped', 'shipped→completed']);
    }
    const { rows: charges } = await db.query<{ id: string; authorizations: number; captures: number }>(`
      SELECT o.id,
             (SELECT count(*)::int FROM payment_authorizations a WHERE a.order_id = o.id) AS authorizations,
             (SELECT count(*)::int FROM payment_captures c WHERE c.order_id = o.id) AS captures
      FROM orders o ORDER BY o.id`);
    expect(
      charges.filter((c) => c.authorizations !== 1 || c.captures !== 1),
      'orders not charged exactly once',
    ).toEqual([]);

    // Temporal, read back through its SQL visibility store: one closed run per order.
    temporal = await temporalClient(server.address);
    const executions = await closedExecutionsOnQueue(temporal, deployment.taskQueue, ids.length, 30_000);
    expect(executions.map((e) => e.workflowId).sort()).toEqual(ids.map((id) => `order-${id}`).sort());
    expect(new Set(executions.map((e) => e.status))).toEqual(new Set(['COMPLETED']));
    const attempts: number[] = [];
    for (const id of ids) {
      expect(await workflowResult(temporal, `order-${id}`)).toBe('completed');
      const activities = await activitySummary(temporal, `order-${id}`);
      expect(activities, `order-${id}`).toMatchObject({ scheduled: activities.completed, failed: 0 });
      attempts.push(activities.lastAttempt);
    }
    const byStatus: string[] = [];
    for await (const info of temporal.workflow.list({ query: `TaskQueue = "${deployment.taskQueue}" AND OrderStatus = "completed"` }))
      byStatus.push(info.workflowId);
    expect(byStatus.length, 'orders found by their OrderStatus search attribute').toBe(ids.length);

    console.log(
      `topology: ${ids.length} orders through 2 APIs; worker killed with orders at ${JSON.stringify(atKill)}; Temporal restarted in ${restartMs} ms ` +
        `with orders at ${JSON.stringify(atRestart)}; ${attempts.filter((a) => a > 1).length} steps retried; ` +
        `all completed ${Date.now() - restartAt} ms after the restart began; tier ${Math.round((Date.now() - startedAt) / 1000)} s`,
    );
  }, 300_000);
});
