/**
 * Fault: the API process is SIGKILLed while it creates orders under concurrent load: some
 * requests have inserted their row, some have started their workflow, some are committing.
 *
 * README "Never an order without its workflow": the create transaction commits only after Temporal
 * accepted the start. So afterwards every order row has exactly one workflow `order-<id>`, which
 * completes it; and the only possible leftover is the reverse, a workflow whose create never
 * committed, which finds no order and ends with `gone`. Every 201 the clients received is a
 * row.
 *
 * The API reaches Temporal through a proxy that delays Temporal's answers by 30 ms, so at any moment
 * some creates have their workflow started but not yet committed; the kill is repeated (the API
 * restarted in between, up to 4 times) until it has produced such a leftover, so the test shows
 * both the crash window that is closed and the one that is left.
 */
import type { Client } from '@temporalio/client';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from '../support/harness.js';
import {
  closedExecutionsOnQueue,
  createOrder,
  delayingProxy,
  type Deployment,
  exitOf,
  isResponse,
  killAllRoles,
  orderRows,
  type RoleProcess,
  sleep,
  startRole,
  tally,
  temporalClient,
  uniqueTaskQueue,
  within,
  workflowResult,
} from './support.js';

const CLIENTS = 24;
const MAX_ROUNDS = 4;
let db: pg.Pool;
let temporal: Client;
let deployment: Deployment;
let worker: RoleProcess;
let slowNetwork: { address: string; close(): Promise<void> };

beforeAll(async () => {
  const { url } = await createTestDatabase();
  db = new pg.Pool({ connectionString: url, max: 2 });
  deployment = { databaseUrl: url, temporalAddress: inject('temporalAddress'), taskQueue: uniqueTaskQueue('fault-api-kill'), processingDelay: '1s' };
  temporal = await temporalClient(deployment.temporalAddress);
  worker = await startRole('worker', deployment);
  // The API reaches Temporal over a network whose answers take 30 ms: each create spends that long
  // with its workflow started but not yet known to the API, so a kill finds creates in that window.
  slowNetwork = await delayingProxy(deployment.temporalAddress, 30);
});

afterAll(async () => {
  await killAllRoles();
  await slowNetwork?.close();
  await db?.end();
  await temporal?.connection.close();
});

/** CLIENTS clients creating orders back to back until the API dies; the ids of the 201s, and how the rest ended. */
async function loadUntilKilled(api: RoleProcess): Promise<{ acknowledged: number[]; outcomes: string[] }> {
  const acknowledged: number[] = [];
  const outcomes: string[] = [];
  let stop = false;
  const client = async (n: number) => {
    while (!stop) {
      const outcome = await createOrder(api.base, 1000 + n, 1 + n);
      outcomes.push(isResponse(outcome) ? String(outcome.status) : outcome.error);
      if (outcome.id !== undefined) acknowledged.push(outcome.id);
      else if (!isResponse(outcome)) return; // the API is gone
    }
  };
  const clients = Array.from({ length: CLIENTS }, (_, n) => client(n));
  // Kill at a moment that depends on the load, after the API has been busy for a while.
  const killAfter = 40 + Math.floor(Math.random() * 40);
  const deadline = Date.now() + 30_000;
  while (acknowledged.length < killAfter && Date.now() < deadline) await sleep(5);
  api.child.kill('SIGKILL');
  expect((await exitOf(api)).signal).toBe('SIGKILL');
  await within(Promise.all(clients), 25_000);
  stop = true;
  return { acknowledged, outcomes };
}

describe('API SIGKILLed while creating orders under load', () => {
  it('leaves every order with exactly one workflow, and every workflow without an order ended as gone', async () => {
    const acknowledged: number[] = [];
    let orphans: string[] = [];
    for (let round = 1; round <= MAX_ROUNDS && orphans.length === 0; round++) {
      const api = await startRole('api', { ...deployment, temporalAddress: slowNetwork.address });
      const load = await loadUntilKilled(api);
      acknowledged.push(...load.acknowledged);
      // Until the kill, every create succeeded; after it, connections failed.
      expect(
        load.outcomes.filter((o) => !['201', 'ECONNRESET', 'ECONNREFUSED', 'incomplete'].includes(o)),
        'other outcomes',
      ).toEqual([]);

      const rows = await orderRows(db);
      const rowIds = new Set(rows.map((o) => o.id));
      // Every workflow on the queue ends: the orphans after their delay, finding no order.
      const executions = await closedExecutionsOnQueue(temporal, deployment.taskQueue, rows.length, 60_000);
      const workflowIds = executions.map((e) => e.workflowId);

      // Every acknowledged order is stored.
      expect(
        acknowledged.filter((id) => !rowIds.has(id)),
        'acknowledged (201) but not stored',
      ).toEqual([]);
      // Every order row has exactly one workflow run, which completed the order.
      for (const { id } of rows) {
        expect(
          workflowIds.filter((w) => w === `order-${id}`),
          `runs of order-${id}`,
        ).toHaveLength(1);
        expect((await temporal.workflow.getHandle(`order-${id}`).describe()).status.name, `order-${id}`).toBe('COMPLETED');
        expect(await workflowResult(temporal, `order-${id}`), `order-${id}`).toBe('completed');
      }
      expect(new Set(workflowIds).size, 'no workflow id has two runs').toBe(workflowIds.length);
      // Every workflow without an order row changed nothing and ended as gone.
      orphans = workflowIds.filter((w) => !rowIds.has(Number(w.slice('order-'.length))));
      for (const workflowId of orphans) expect(await workflowResult(temporal, workflowId), workflowId).toBe('gone');
      // The workflows have all ended, so the rows are final: every one completed.
      const statuses = tally((await orderRows(db)).map((o) => o.status));
      expect(
        Object.keys(statuses).filter((s) => s !== 'completed'),
        JSON.stringify(statuses),
      ).toEqual([]);
      console.log(
        `round ${round}: client outcomes ${JSON.stringify(tally(load.outcomes))}; ${rows.length} order rows, all completed, ` +
          `${rows.length - acknowledged.length} of them committed but never acknowledged; ${workflowIds.length} workflows, ${orphans.length} of them gone`,
      );
    }
    expect(worker.running(), 'the worker is not affected').toBe(true);
    // The kill did land between a workflow start and its commit at least once.
    expect(orphans.length, 'a kill between start and commit (gone workflow) was never produced').toBeGreaterThan(0);
  }, 240_000);
});
