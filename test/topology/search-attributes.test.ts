/**
 * On a cluster with SQL visibility (the real server on PostgreSQL) custom search attributes are not
 * registered at start as the dev server's --search-attribute does: the operator service maps each
 * one to a free pre-allocated column of the namespace, and the frontend learns the mapping from its
 * namespace cache a moment later. The API and the worker register them at start (several processes
 * at once, in a scaled-out deployment); an order started right after must be able to carry them.
 */
import { Client, Connection } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import proto from '@temporalio/proto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADVISORY_LOCK, withAdvisoryLock } from '../../src/db/advisory-lock.js';
import { CUSTOMER_ID, ORDER_STATUS } from '../../src/orders/search-attributes.js';
import { ensureSearchAttributes } from '../../src/temporal/search-attributes.js';
import { createTestDatabase, eventually } from '../support/harness.js';
import { type RealTemporal, startRealTemporal } from './support.js';

const { IndexedValueType } = proto.temporal.api.enums.v1;

let server: RealTemporal;
/** Four processes of one deployment: each its own Temporal connection and pool on the shared database. */
let processes: { client: Client; pool: pg.Pool }[];

beforeAll(async () => {
  const [started, database] = await Promise.all([startRealTemporal(), createTestDatabase({ migrate: false })]);
  server = started;
  processes = await Promise.all(
    Array.from({ length: 4 }, async () => ({
      client: new Client({ connection: await Connection.connect({ address: server.address }), namespace: 'default' }),
      pool: new pg.Pool({ connectionString: database.url, max: 1 }),
    })),
  );
});

afterAll(async () => {
  await Promise.all((processes ?? []).map(async ({ client, pool }) => (await client.connection.close(), await pool.end())));
  await server?.teardown();
});

describe('order search attributes on the Temporal server with SQL visibility', () => {
  it('are registered once by four processes starting at once, and an order can carry them at once', async () => {
    const { client } = processes[0]!;
    const before = await client.connection.operatorService.listSearchAttributes({ namespace: 'default' });
    expect(Object.keys(before.customAttributes ?? {})).not.toContain('OrderStatus');

    // As main.ts does at the start of each process.
    await Promise.all(
      processes.map((p) => withAdvisoryLock(p.pool, ADVISORY_LOCK.temporalSearchAttributes, () => ensureSearchAttributes(p.client, 'default'))),
    );

    const after = await client.connection.operatorService.listSearchAttributes({ namespace: 'default' });
    expect(after.customAttributes).toMatchObject({
      OrderStatus: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
      CustomerId: IndexedValueType.INDEXED_VALUE_TYPE_INT,
    });
    // Each mapped to one column of its type: registering twice would have taken a second one.
    const { config } = await client.workflowService.describeNamespace({ namespace: 'default' });
    expect(Object.values(config?.customSearchAttributeAliases ?? {}).sort()).toEqual(['CustomerId', 'OrderStatus']);

    // Straight away, as the API does with the first order (no worker is needed to start one).
    const workflowId = `search-attributes-${Date.now()}`;
    const handle = await client.workflow.start('OrderWorkflow', {
      workflowId,
      taskQueue: 'nobody-polls-this',
      args: [],
      typedSearchAttributes: new TypedSearchAttributes([
        { key: ORDER_STATUS, value: 'pending' },
        { key: CUSTOMER_ID, value: 4242 },
      ]),
    });
    const found = await eventually(
      async () => {
        const ids: string[] = [];
        for await (const info of client.workflow.list({ query: `OrderStatus = "pending" AND CustomerId = 4242` })) ids.push(info.workflowId);
        return ids.length > 0 ? ids : undefined;
      },
      20_000,
      'the workflow to be found by its search attributes',
    );
    expect(found).toEqual([workflowId]);
    await handle.terminate('test done');
  });
});
