/**
 * Fault: PostgreSQL stops (a fast shutdown of its own embedded server, fixed port and data
 * directory) while the API and the worker run against it, with workflows waiting to complete their
 * orders; then it starts again on the same port with the same data.
 *
 * While it is down: /readyz is 503 naming postgres, a create is a 503 problem, nothing is
 * half-written (no row, no workflow), and the workflows' completions fail and are retried. Once it is
 * back, without restarting anything: ready again, creates work, the earlier workflows complete.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type RunningPostgres, startEmbeddedPostgres } from '../../src/dev/embedded-postgres.js';
import { freePort } from '../../src/dev/free-port.js';
import {
  activitySummary,
  closedExecutionsOnQueue,
  createOrder,
  createOrders,
  expectNotReady,
  type Deployment,
  describeOutcome,
  eventually,
  executionsOnQueue,
  isResponse,
  killAllRoles,
  orderRows,
  request,
  type RoleProcess,
  startRole,
  temporalClient,
  uniqueTaskQueue,
  workflowResult,
} from './support.js';

const ORDERS = 5;
let root: string;
let postgres: RunningPostgres | undefined;
let startPostgres: () => Promise<RunningPostgres>;
let db: pg.Pool;
let temporal: Client;
let deployment: Deployment;
let api: RoleProcess;
let worker: RoleProcess;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'order-system-fault-pg-'));
  const port = await freePort();
  startPostgres = () => startEmbeddedPostgres({ dataDir: join(root, 'data'), port });
  postgres = await startPostgres();
  await postgres.createDatabase('orders');
  const url = postgres.urlFor('orders');
  // The test's own view of the database; it errors while PostgreSQL is down, which is the point.
  db = new pg.Pool({ connectionString: url, max: 2 });
  db.on('error', () => undefined);
  deployment = { databaseUrl: url, temporalAddress: inject('temporalAddress'), taskQueue: uniqueTaskQueue('fault-postgres'), processingDelay: '2s' };
  temporal = await temporalClient(deployment.temporalAddress);
  // The API migrates the new database at start; the worker waits for it.
  api = await startRole('api', deployment);
  worker = await startRole('worker', deployment);
});

afterAll(async () => {
  await killAllRoles();
  await db?.end().catch(() => undefined);
  await temporal?.connection.close();
  await postgres?.stop().catch(() => undefined);
  if (root) await rm(root, { recursive: true, force: true });
});

/** Long enough for the orders' processing delay to pass and their first step to fail more than once. */
const OUTAGE_MS = 8_000;

describe('PostgreSQL stopped and started again', () => {
  it('answers 503 and writes nothing while it is down, and recovers without a restart', async () => {
    const ids = await createOrders(api.base, ORDERS, 500, 3);

    await postgres!.stop();
    postgres = undefined;

    // Down: readiness names postgres; every create is a 503 problem.
    await expectNotReady(api.base, 'postgres');
    for (let i = 0; i < 3; i++) {
      const refused = await createOrder(api.base, 599, 1);
      expect(isResponse(refused) && refused.status, describeOutcome(refused)).toBe(503);
      expect(isResponse(refused) && refused.contentType).toMatch(/^application\/problem\+json/);
      expect(isResponse(refused) && (refused.body as { detail: string }).detail).toMatch(/PostgreSQL is unavailable/);
    }
    // No workflow was started for the refused creates.
    expect((await executionsOnQueue(temporal, deployment.taskQueue)).map((e) => e.workflowId).sort()).toEqual(ids.map((id) => `order-${id}`).sort());

    // The workflows' timers fire during the outage: their first steps fail and are retried. Since
    // workflow version 3 those are local activities, which a describe does not list, so the outage
    // simply lasts past the processing delay and two retries (1 s, then 2 s of backoff).
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));

    postgres = await startPostgres();

    // Back, nothing restarted: ready again, and a create works.
    expect(api.running() && worker.running(), `${api.output()}\n${worker.output()}`).toBe(true);
    await eventually(
      async () => {
        const outcome = await request(api.base, 'GET', '/readyz');
        return isResponse(outcome) && outcome.status === 200 ? true : undefined;
      },
      30_000,
      'the API to report ready again',
    );
    const after = await createOrder(api.base, 600, 9.99);
    expect(after.id, describeOutcome(after)).toBeTypeOf('number');
    const allIds = [...ids, after.id!];

    // The earlier workflows complete their orders (the retry backoff is at most a minute; here seconds).
    const rows = await eventually(
      async () => {
        const current = await orderRows(db).catch(() => []);
        return current.length === allIds.length && current.every((o) => o.status === 'completed') ? current : undefined;
      },
      90_000,
      `every order to be completed (worker output:\n${worker.output().slice(-3000)})`,
    );
    // Nothing half-written: exactly the acknowledged orders exist.
    expect(rows.map((o) => o.id)).toEqual(allIds);

    const executions = await closedExecutionsOnQueue(temporal, deployment.taskQueue, allIds.length, 30_000);
    expect(executions.map((e) => e.workflowId).sort()).toEqual(allIds.map((id) => `order-${id}`).sort());
    expect(new Set(executions.map((e) => e.status))).toEqual(new Set(['COMPLETED']));
    for (const id of allIds) {
      expect(await workflowResult(temporal, `order-${id}`)).toBe('completed');
      const activities = await activitySummary(temporal, `order-${id}`);
      expect(activities, `order-${id}`).toMatchObject({ scheduled: activities.completed, failed: 0 });
    }
    expect(api.running() && worker.running()).toBe(true);
  }, 180_000);
});
