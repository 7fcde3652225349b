/**
 * Fault: the Temporal server goes away and comes back with its database file (a dev server with
 * --db-filename, stopped and started again on the same port), while the API and the worker keep
 * running untouched.
 *
 * While it is down: /readyz names Temporal, creating an order is a 503 that stores nothing. Once
 * it is back: the workflows that were waiting on their timers continue and complete their orders,
 * and the API and the worker reconnect by themselves (neither is restarted).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/dev/free-port.js';
import { resolveTemporalCli } from '../../src/dev/temporal-cli.js';
import { type RunningTemporal, startTemporalDevServer } from '../../src/dev/temporal-dev-server.js';
import {
  activitySummary,
  auditRows,
  closedExecutionsOnQueue,
  createOrder,
  auditedDatabase,
  createOrders,
  expectNotReady,
  type Deployment,
  describeOutcome,
  eventually,
  isResponse,
  killAllRoles,
  orderRows,
  request,
  type RoleProcess,
  sleep,
  startRole,
  temporalClient,
  uniqueTaskQueue,
  updatesByOrder,
  workflowResult,
} from './support.js';

const ORDERS = 10;
let dataDir: string;
let server: RunningTemporal | undefined;
let startServer: () => Promise<RunningTemporal>;
let db: pg.Pool;
let temporal: Client | undefined;
let deployment: Deployment;
let api: RoleProcess;
let worker: RoleProcess;

beforeAll(async () => {
  const cli = await resolveTemporalCli();
  if (!cli) throw new Error('No Temporal CLI; see README "The Temporal server".');
  dataDir = await mkdtemp(join(tmpdir(), 'order-system-fault-temporal-'));
  const [port, uiPort] = [await freePort(), await freePort()];
  startServer = async () => {
    const started = await startTemporalDevServer({ executable: cli.path, dataDir, namespace: 'default', port, uiPort });
    // startTemporalDevServer falls back to another port when the preferred one is taken: not here.
    expect(started.address).toBe(`127.0.0.1:${port}`);
    return started;
  };
  server = await startServer();

  const audited = await auditedDatabase();
  db = audited.db;
  // Long enough for every timer to be pending across the outage.
  deployment = { databaseUrl: audited.url, temporalAddress: server.address, taskQueue: uniqueTaskQueue('fault-temporal-restart'), processingDelay: '8s' };
  [api, worker] = await Promise.all([startRole('api', deployment), startRole('worker', deployment)]);
});

afterAll(async () => {
  await killAllRoles();
  await temporal?.connection.close().catch(() => undefined);
  await server?.stop();
  await db?.end();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('Temporal restarted with its database file', () => {
  it('running workflows continue, and the API and the worker reconnect by themselves', async () => {
    const ids = await createOrders(api.base, ORDERS, 300, 5);

    await server!.stop();
    server = undefined;

    // Down: readiness names Temporal, and a create is a 503 problem that stores nothing.
    await expectNotReady(api.base, 'temporal');
    const refused = await createOrder(api.base, 399, 1);
    expect(isResponse(refused) && refused.status, describeOutcome(refused)).toBe(503);
    expect(isResponse(refused) && refused.contentType).toMatch(/^application\/problem\+json/);
    expect(isResponse(refused) && (refused.body as { detail: string }).detail).toMatch(/Temporal/);
    expect((await orderRows(db)).map((o) => o.id)).toEqual(ids);

    await sleep(2000);
    const restartedAt = Date.now();
    server = await startServer();
    const upAfter = Date.now() - restartedAt;
    temporal = await temporalClient(server.address);

    // Neither process was restarted.
    expect(api.running(), api.output()).toBe(true);
    expect(worker.running(), worker.output()).toBe(true);

    // The API reconnects: ready again, and creating an order works.
    await eventually(
      async () => {
        const outcome = await request(api.base, 'GET', '/readyz');
        return isResponse(outcome) && outcome.status === 200 ? true : undefined;
      },
      30_000,
      'the API to report ready again',
    );
    const readyAfter = Date.now() - restartedAt;
    const after = await createOrder(api.base, 400, 7.5);
    expect(after.id, describeOutcome(after)).toBeTypeOf('number');
    const allIds = [...ids, after.id!];

    // The worker reconnects: the workflows started before the outage, and the new one, complete.
    const rows = await eventually(
      async () => {
        const current = await orderRows(db);
        return current.length === allIds.length && current.every((o) => o.status === 'completed') ? current : undefined;
      },
      90_000,
      `every order to be completed (worker output:\n${worker.output().slice(-3000)})`,
    );
    expect(rows.map((o) => o.id)).toEqual(allIds);
    expect(api.running() && worker.running()).toBe(true);
    console.log(
      `Temporal restarted in ${upAfter} ms; the API was ready again ${readyAfter} ms after the restart began, and the worker had completed all ` +
        `${allIds.length} orders ${Date.now() - restartedAt} ms after it`,
    );

    const updates = updatesByOrder(await auditRows(db));
    for (const id of allIds)
      expect(
        updates.get(id)?.map((w) => `${w.oldStatus}→${w.newStatus}`),
        `writes to order ${id}`,
      ).toEqual(['pending→processing', 'processing→completed']);

    const executions = await closedExecutionsOnQueue(temporal, deployment.taskQueue, allIds.length, 30_000);
    expect(executions.map((e) => e.workflowId).sort()).toEqual(allIds.map((id) => `order-${id}`).sort());
    expect(new Set(executions.map((e) => e.status))).toEqual(new Set(['COMPLETED']));
    for (const id of allIds) {
      expect(await workflowResult(temporal, `order-${id}`)).toBe('completed');
      const activities = await activitySummary(temporal, `order-${id}`);
      expect(activities, `order-${id}`).toMatchObject({ scheduled: activities.completed, failed: 0 });
    }
  }, 180_000);
});
