import { WorkflowFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEVELOPMENT_OPERATOR as OPERATOR } from '../../src/auth/principal.js';
import type { OrderActivities } from '../../src/orders/activities.js';
import type { Money } from '../../src/orders/money.js';
import { OrderWorkflow } from '../../src/orders/workflow.js';
import { createOrderWorker } from '../../src/temporal/worker.js';
import { startTestApp, type TestApp } from '../support/harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: { ORDER_PROCESSING_DELAY: '200ms' } });
});
afterAll(() => t.close());

const amount = '10.00' as Money;

function startWorkflow(orderId: number, processingDelayMs = 200, taskQueue = t.config.temporal.taskQueue) {
  return t.temporal.workflow.start(OrderWorkflow, { workflowId: `order-${orderId}`, taskQueue, args: [{ orderId, customerId: 1, processingDelayMs }] });
}

async function orderStatus(id: number): Promise<string | undefined> {
  const { rows } = await t.db.query<{ status: string }>('SELECT status FROM orders WHERE id = $1', [id]);
  return rows[0]?.status;
}

describe('OrderWorkflow', () => {
  it('waits the processing delay, then completes the order in PostgreSQL', async () => {
    const order = await t.app.orderService.create(OPERATOR, { customerId: 1, totalAmount: amount });
    expect(await orderStatus(order.id)).toBe('pending');
    const handle = t.temporal.workflow.getHandle(`order-${order.id}`);
    expect(await handle.result()).toBe('completed');
    expect(await orderStatus(order.id)).toBe('completed');
  });

  it('completes an order an operator already moved to processing', async () => {
    const order = await t.app.orderService.create(OPERATOR, { customerId: 1, totalAmount: amount });
    await t.app.orderService.update(OPERATOR, order.id, { status: 'processing' });
    expect(await t.temporal.workflow.getHandle(`order-${order.id}`).result()).toBe('completed');
    expect(await orderStatus(order.id)).toBe('completed');
  });

  it('ends as Cancelled without touching the order when cancelled during the delay', async () => {
    const orderId = await insertOrder();
    const handle = await startWorkflow(orderId, 60_000);
    await handle.cancel();
    await expect(handle.result()).rejects.toBeInstanceOf(WorkflowFailedError);
    expect((await handle.describe()).status.name).toBe('CANCELLED');
    expect(await orderStatus(orderId)).toBe('pending');
  });

  it('reports order-gone and changes nothing when the order never committed or was deleted', async () => {
    const { rows } = await t.db.query<{ count: string }>('SELECT count(*) FROM orders');
    // An id no test database ever hands out.
    const handle = await startWorkflow(8_000_000_000_000_000 + Math.floor(Math.random() * 1e9));
    expect(await handle.result()).toBe('order-gone');
    expect((await t.db.query<{ count: string }>('SELECT count(*) FROM orders')).rows[0]!.count).toBe(rows[0]!.count);
  });

  it('does not complete an order cancelled through the API before the delay ended', async () => {
    const orderId = await insertOrder();
    // Cancelled in the database only, as when Temporal was unreachable for the cancel request.
    await t.db.query("UPDATE orders SET status = 'cancelled' WHERE id = $1", [orderId]);
    expect(await (await startWorkflow(orderId, 10)).result()).toBe('already-cancelled');
    expect(await orderStatus(orderId)).toBe('cancelled');
  });

  it('retries the completing activity through infrastructure failures until it succeeds', async () => {
    // The point of this test is the retry policy, so the activity is replaced by one that fails
    // its first two attempts the way a lost database connection would, then does the real work.
    const real = t.app.activities;
    let attempts = 0;
    const flaky: OrderActivities = {
      async completeOrder(orderId) {
        attempts++;
        if (attempts <= 2) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
        return real.completeOrder(orderId);
      },
    };
    const taskQueue = `${t.config.temporal.taskQueue}-flaky`;
    const { worker, connection } = await createOrderWorker({
      address: inject('temporalAddress'),
      namespace: t.config.temporal.namespace,
      taskQueue,
      activities: flaky,
      tracing: undefined,
      workflowBundle: { codePath: inject('workflowBundlePath') },
    });
    try {
      const result = await worker.runUntil(async () => {
        const orderId = await insertOrder();
        const handle = await startWorkflow(orderId, 10, taskQueue);
        return { outcome: await handle.result(), orderId };
      });
      expect(result.outcome).toBe('completed');
      expect(attempts).toBe(3);
      expect(await orderStatus(result.orderId)).toBe('completed');
    } finally {
      await connection.close();
    }
  });
});

/** An order row without a workflow, for tests that start the workflow themselves. */
async function insertOrder(): Promise<number> {
  const { rows } = await t.db.query<{ id: string }>('INSERT INTO orders (customer_id, total_amount) VALUES (1, 5) RETURNING id');
  return Number(rows[0]!.id);
}
