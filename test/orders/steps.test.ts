/**
 * The saga's steps called directly, in the order a race would run them: an attempt that outlived
 * its timeout (Temporal already moved on to the compensation) commits after the compensation ran.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
