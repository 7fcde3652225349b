/**
 * Fault: Temporal is slow, not down. The API reaches it through a proxy that delays each of
 * Temporal's answers by 2 s, and more creates arrive at once than the API's pool has connections
 * (10). Creates take their 2 s; everything else must not notice: reads answer while the creates
 * are still waiting for Temporal (not queued behind them for a pooled connection), and /readyz
 * stays 200 with PostgreSQL "ok". The create guarantee still holds: every 201 is an order row with
 * exactly one workflow, and a create whose start did not return in time (a second API with a
 * TEMPORAL_RPC_TIMEOUT shorter than the delay) stores nothing.
 */
import type { Client } from '@temporalio/client';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from '../support/harness.js';
import {
  createOrder,
  delayingProxy,
  type Deployment,
  describeOutcome,
  executionsOnQueue,
  isResponse,
  killAllRoles,
  request,
  type RoleProcess,
  sleep,
  startRole,
  temporalClient,
  uniqueTaskQueue,
} from './support.js';

const DELAY_MS = 2000;
const CREATES = 30;
const READS = 10;

let db: pg.Pool;
let temporal: Client;
let deployment: Deployment;
let api: RoleProcess;
let slowTemporal: { address: string; close(): Promise<void> };

beforeAll(async () => {
  const { url } = await createTestDatabase();
  db = new pg.Pool({ connectionString: url, max: 2 });
  temporal = await temporalClient(inject('temporalAddress'));
  slowTemporal = await delayingProxy(inject('temporalAddress'), DELAY_MS);
  // No worker: the workflows wait out their processing delay; what is tested is the API.
  deployment = { databaseUrl: url, temporalAddress: slowTemporal.address, taskQueue: uniqueTaskQueue('fault-slow-temporal'), processingDelay: '1h' };
  api = await startRole('api', deployment, { TEMPORAL_RPC_TIMEOUT: '8s', DATABASE_POOL_SIZE: '10' });
}, 120_000);

afterAll(async () => {
  await killAllRoles();
  await slowTemporal?.close();
  await db?.end();
  await temporal?.connection.close();
});

/** A finished order to read: reading it needs PostgreSQL only. */
async function finishedOrder(): Promise<number> {
  const created = await createOrder(api.base, 7, 7);
  expect(created.id, describeOutcome(created)).toBeDefined();
  await db.query(`UPDATE orders SET status = 'completed' WHERE id = $1`, [created.id]);
  return created.id!;
}

describe('with every answer from Temporal 2 s late', () => {
  it('reads and /readyz answer while more creates than pool connections wait for Temporal', async () => {
    const readable = await finishedOrder(); // also opens the API's connection to Temporal

    let firstCreateAnsweredAt = Infinity;
    const creates = Array.from({ length: CREATES }, (_, n) =>
      createOrder(api.base, 100 + n, 1 + n).then((outcome) => {
        firstCreateAnsweredAt = Math.min(firstCreateAnsweredAt, Date.now());
        return outcome;
      }),
    );
    await sleep(300); // the creates have arrived and are waiting for Temporal

    const reads = await Promise.all(
      Array.from({ length: READS }, (_, n) =>
        request(api.base, 'GET', n % 2 === 0 ? `/orders/${readable}` : '/orders?limit=5').then((outcome) => ({ outcome, at: Date.now() })),
      ),
    );
    const ready = request(api.base, 'GET', '/readyz');

    for (const { outcome } of reads) expect(isResponse(outcome) && outcome.status, describeOutcome(outcome)).toBe(200);
    // Not one read waited for a create to finish: none of them is queued behind the creates.
    const lastReadAt = Math.max(...reads.map((read) => read.at));
    expect(lastReadAt, 'every read answered before the first create did').toBeLessThan(firstCreateAnsweredAt);

    const readiness = await ready;
    expect(isResponse(readiness) && readiness.status, describeOutcome(readiness)).toBe(200);
    expect(isResponse(readiness) && readiness.body).toMatchObject({ status: 'ok', checks: { postgres: 'ok', temporal: 'ok' } });

    const outcomes = await Promise.all(creates);
    const ids = outcomes.map((outcome) => outcome.id);
    expect(
      ids.every((id) => id !== undefined),
      outcomes.map(describeOutcome).join('\n'),
    ).toBe(true);

    // Every 201 is a row with exactly one workflow, and there is no row without a 201.
    const { rows } = await db.query<{ id: string }>('SELECT id FROM orders WHERE id <> $1', [readable]);
    expect(rows.map((row) => Number(row.id)).sort((a, b) => a - b)).toEqual([...(ids as number[])].sort((a, b) => a - b));
    const executions = await executionsOnQueue(temporal, deployment.taskQueue);
    for (const id of ids) expect(executions.filter((e) => e.workflowId === `order-${id}`)).toHaveLength(1);
  }, 60_000);

  it('a create whose start does not return within TEMPORAL_RPC_TIMEOUT answers 503 and stores nothing', async () => {
    const impatient = await startRole('api', deployment, { TEMPORAL_RPC_TIMEOUT: '1s' });
    const before = (await db.query<{ n: string }>('SELECT count(*) AS n FROM orders')).rows[0]!.n;
    const outcomes = await Promise.all(Array.from({ length: 5 }, (_, n) => createOrder(impatient.base, 200 + n, 1)));
    for (const outcome of outcomes) {
      expect(isResponse(outcome) && outcome.status, describeOutcome(outcome)).toBe(503);
      expect(isResponse(outcome) && (outcome.body as { detail?: string }).detail).toMatch(/Temporal is unavailable; nothing was changed/);
    }
    expect((await db.query<{ n: string }>('SELECT count(*) AS n FROM orders')).rows[0]!.n).toBe(before);
    expect((await request(impatient.base, 'GET', '/orders?limit=1')).valueOf()).toMatchObject({ status: 200 });
  }, 60_000);
});
