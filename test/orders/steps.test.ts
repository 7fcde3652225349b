/**
 * The saga's steps called directly, in the order a race would run them: an attempt that outlived
 * its timeout (Temporal already moved on to the compensation) commits after the compensation ran.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InventoryRepository } from '../../src/inventory/repository.js';
import { orderMetrics } from '../../src/observability/metrics.js';
import { OrderRepository } from '../../src/orders/repository.js';
import { createOrderSteps } from '../../src/orders/steps/order-steps.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { createOrder, stockedSku, stockOf } from '../support/saga.js';

let t: TestApp;
beforeAll(async () => {
  // No worker: the steps are called here, by hand, and nothing else moves the order.
  t = await startTestApp({ worker: false });
});
afterAll(() => t.close());

describe('inventory steps', () => {
  it('a reserve that runs after the release holds nothing: the release left a tombstone under the same lock', async () => {
    const sku = await stockedSku(t, 5);
    const { id } = await createOrder(t, { items: [{ sku, quantity: 2, unit_price: 3 }] });
    await t.app.activities.releaseInventory(id);
    await t.app.activities.reserveInventory(id);
    expect(await stockOf(t, sku)).toMatchObject({ on_hand: 5, reserved: 0, available: 5 });
    const { rows } = await t.db.query(`SELECT status FROM inventory_reservations WHERE order_id = $1`, [id]);
    expect(rows).toEqual([{ status: 'released' }]);
  });

  it('a reserve racing the release never leaves units held once the release has run again', async () => {
    const sku = await stockedSku(t, 50);
    for (let round = 0; round < 5; round++) {
      const { id } = await createOrder(t, { items: [{ sku, quantity: 1, unit_price: 3 }] });
      await Promise.allSettled([t.app.activities.reserveInventory(id), t.app.activities.releaseInventory(id)]);
      // The compensation retries until it succeeds; its last run settles whatever the race left.
      await t.app.activities.releaseInventory(id);
    }
    expect(await stockOf(t, sku)).toMatchObject({ reserved: 0 });
  });

  it('records the step on the order in the same transaction: stage and completed step', async () => {
    const sku = await stockedSku(t, 5);
    const { id } = await createOrder(t, { items: [{ sku, quantity: 1, unit_price: 3 }] });
    await t.app.activities.reserveInventory(id);
    const { rows } = await t.db.query(`SELECT stage, completed_steps FROM orders WHERE id = $1`, [id]);
    expect(rows[0]).toEqual({ stage: 'reserving_inventory', completed_steps: ['inventory_reserved'] });
    await t.app.activities.releaseInventory(id);
  });
});

describe('the first order step', () => {
  it('retries, instead of ending the order as gone, when the create commits between its update and its read', async () => {
    const orders = new OrderRepository(t.db);
    const id = await orders.reserveId();
    // The interleaving a loaded machine produced once in 2,000 creates: the step's UPDATE ran before
    // the API's commit, its SELECT after it, and so saw a pending order it had not moved.
    const commitsInBetween = Object.assign(Object.create(orders) as OrderRepository, {
      transition: async (...args: Parameters<OrderRepository['transition']>) => {
        const moved = await orders.transition(...args);
        await t.db.query(`INSERT INTO orders (id, customer_id, total_amount, payment_method) OVERRIDING SYSTEM VALUE VALUES ($1, 7, 10, 'pm_card_visa')`, [id]);
        return moved;
      },
    });
    const deps = { pool: t.db, inventory: new InventoryRepository(t.db), metrics: orderMetrics(t.metrics), fraudMaxOrdersPerHour: 100 };
    const racing = createOrderSteps({ ...deps, orders: commitsInBetween });
    await expect(racing.beginAndScreen({ orderId: id, customerId: 7 })).rejects.toThrow(/trying again/);

    const retried = await createOrderSteps({ ...deps, orders }).beginAndScreen({ orderId: id, customerId: 7 });
    expect(retried).toMatchObject({ customerId: 7, paymentMethod: 'pm_card_visa' });
    expect((await orders.find(id))?.status).toBe('processing');
  });
});
