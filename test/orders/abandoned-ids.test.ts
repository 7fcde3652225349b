/**
 * The workflow starts before its order commits (src/orders/service.ts). When the row never shows,
 * the first step gives up after about 15 s and the order is `gone`; these tests make the create's
 * COMMIT land around that moment for real, and check that no committed order is ever left without a
 * workflow to move it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Money } from '../../src/shared/money.js';
import { DEVELOPMENT_OPERATOR } from '../../src/auth/principal.js';
import { orderEvents } from '../../src/orders/events.js';
import { OrderRepository } from '../../src/orders/repository.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { untilFinished } from '../support/saga.js';

let t: TestApp;
let orders: OrderRepository;
beforeAll(async () => {
  t = await startTestApp({ env: { ORDER_PROCESSING_DELAY: '0ms' } });
  orders = new OrderRepository(t.db);
});
afterAll(() => t.close());

const order = (id: number) => ({ id, customerId: 5, totalAmount: '12.00' as Money, paymentMethod: 'pm_card_visa', items: [] });
const created = (id: number) => orderEvents.created(order(id), DEVELOPMENT_OPERATOR);

/** What POST /orders does first: an id, and the order's workflow started under it. */
async function startedWithoutItsOrder(): Promise<number> {
  const id = await orders.reserveId();
  await t.temporal.workflow.start('OrderWorkflow', {
    workflowId: `order-${id}`,
    taskQueue: t.config.temporal.taskQueue,
    args: [{ orderId: id, customerId: 5, processingDelayMs: 0, reviewThreshold: '1000.00', reviewTimeoutMs: 60_000 }],
  });
  return id;
}

describe('an order whose create commits late', () => {
  it('never commits once its workflow gave up waiting: the id is abandoned and the insert stores nothing', async () => {
    const id = await startedWithoutItsOrder();
    expect(await t.temporal.workflow.getHandle(`order-${id}`).result()).toEqual({ status: 'gone' });
    const client = await t.db.connect();
    try {
      await client.query('BEGIN');
      expect(await orders.insert(order(id), created(id), client)).toBeUndefined();
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
    expect((await t.db.query('SELECT id FROM orders WHERE id = $1', [id])).rows).toEqual([]);
  }, 60_000);

  it('is processed when its COMMIT lands while the workflow is giving up: the workflow waits for it', async () => {
    const id = await startedWithoutItsOrder();
    const client = await t.db.connect();
    try {
      await client.query('BEGIN');
      expect(await orders.insert(order(id), created(id), client)).toBeDefined();
      // Uncommitted past the first step's last attempt (about 15 s): it now waits on the id's lock.
      await new Promise((resolve) => setTimeout(resolve, 17_000));
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    expect(await untilFinished(t, id, 40_000)).toMatchObject({ status: 'completed' });
    expect((await t.db.query('SELECT id FROM abandoned_order_ids WHERE id = $1', [id])).rows).toEqual([]);
  }, 90_000);
});

describe('an order id that Temporal already has a workflow for', () => {
  it('answers 503 with Retry-After and stores nothing; the retry takes the next id and is created', async () => {
    // The database is behind Temporal (restored from a backup, or another deployment's database on the
    // same namespace): the next id the sequence hands out already names a workflow.
    const taken = await startedWithoutItsOrder();
    await t.db.query(`ALTER TABLE orders ALTER COLUMN id RESTART WITH ${taken}`);
    const before = Number((await t.db.query<{ n: string }>('SELECT count(*) AS n FROM orders')).rows[0]!.n);
    const post = () =>
      t.http.inject({ method: 'POST', url: '/orders', headers: { 'content-type': 'application/json' }, payload: { customer_id: 5, total_amount: 12 } });

    const refused = await post();
    expect(refused.statusCode, refused.body).toBe(503);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.json().detail).toMatch(/could not be given an id that its workflow can use; nothing was stored/);
    expect(Number((await t.db.query<{ n: string }>('SELECT count(*) AS n FROM orders')).rows[0]!.n)).toBe(before);

    const retried = await post();
    expect(retried.statusCode, retried.body).toBe(201);
    expect(retried.json<{ id: number }>().id).toBe(taken + 1);
  });
});
