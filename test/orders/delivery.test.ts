/**
 * Delivery tracking (workflow version 4) end to end: the local carrier reports each parcel over
 * real HTTP to the API's signed carrier webhook, which moves the order's workflow. Real PostgreSQL,
 * a real Temporal server and worker. After all tests, the database invariants hold.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/harness.js';
import { orderWorkflowId } from '../../src/orders/order.js';
import { createOrder, eventTypes, expectSagaInvariants, stockedSku, stockOf, TEST_ADDRESS, untilFinished, untilStage } from '../support/saga.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: { ORDER_PROCESSING_DELAY: '0s', DELIVERY_STALL_TIMEOUT: '1s' } });
});
afterAll(async () => {
  await expectSagaInvariants(t.db);
  await t.close();
});

async function refundedOf(id: number): Promise<{ captured: string; refunded: string }> {
  const { rows } = await t.db.query('SELECT captured, refunded FROM order_payment_totals WHERE order_id = $1', [id]);
  return rows[0];
}

describe('delivery tracking', () => {
  it('ships an order, follows the parcel to the door and completes it when delivered', async () => {
    const sku = await stockedSku(t, 10);
    const created = await createOrder(t, { items: [{ sku, quantity: 2, unit_price: 12.5 }] });
    expect(created).toMatchObject({ shipping_address: TEST_ADDRESS, delivered_at: null });

    const order = await untilFinished(t, created.id);
    expect(order).toMatchObject({ status: 'completed', status_reason: null, shipping_address: TEST_ADDRESS });
    const { delivered_at, created_at } = order as unknown as { delivered_at: string; created_at: string };
    expect(Date.parse(delivered_at)).toBeGreaterThan(Date.parse(created_at));
    expect(await stockOf(t, sku)).toMatchObject({ on_hand: 8, reserved: 0 });
    const events = await eventTypes(t, created.id);
    expect(events.slice(-8)).toEqual([
      'payment.captured',
      'shipment.handed_over',
      'inventory.consumed',
      'order.status_changed',
      'shipment.in_transit',
      'shipment.delivered',
      'order.delivered',
      'order.status_changed',
    ]);
    const { rows } = await t.db.query(
      `SELECT e.details->>'to' AS status FROM order_events e WHERE e.order_id = $1 AND e.type = 'order.status_changed' ORDER BY e.id`,
      [created.id],
    );
    expect(rows.map((row) => row.status)).toEqual(['processing', 'shipped', 'completed']);
    const shipment = await t.db.query('SELECT status, address FROM shipments WHERE order_id = $1', [created.id]);
    expect(shipment.rows[0]).toMatchObject({ status: 'delivered', address: TEST_ADDRESS });
  });

  it('refunds a lost parcel in full and fails the order parcel_lost, restocking nothing', async () => {
    const sku = await stockedSku(t, 5);
    const created = await createOrder(t, { items: [{ sku, quantity: 1, unit_price: 30 }], shipping_address: { ...TEST_ADDRESS, name: 'Please LOSE PARCEL' } });
    const order = await untilFinished(t, created.id);
    expect(order).toMatchObject({ status: 'failed', status_reason: 'parcel_lost' });
    expect(await refundedOf(created.id)).toEqual({ captured: '30.00', refunded: '30.00' });
    expect(await stockOf(t, sku)).toMatchObject({ on_hand: 4, reserved: 0 });
    expect(await eventTypes(t, created.id)).toEqual(expect.arrayContaining(['shipment.lost', 'payment.refunded']));
  });

  it('refunds and restocks a parcel returned to sender, once', async () => {
    const sku = await stockedSku(t, 5);
    const created = await createOrder(t, { items: [{ sku, quantity: 3, unit_price: 4 }], shipping_address: { ...TEST_ADDRESS, line1: 'RETURN TO SENDER 1' } });
    const order = await untilFinished(t, created.id);
    expect(order).toMatchObject({ status: 'failed', status_reason: 'returned_to_sender' });
    expect(await refundedOf(created.id)).toEqual({ captured: '12.00', refunded: '12.00' });
    expect(await stockOf(t, sku)).toMatchObject({ on_hand: 5, reserved: 0 });
    // Since workflow version 5 the ledger's source is the parcel's (one per stock location).
    const { rows: shipments } = await t.db.query('SELECT id FROM shipments WHERE order_id = $1', [created.id]);
    const { rows } = await t.db.query('SELECT sku, quantity, kind, source FROM stock_movements WHERE sku = $1', [sku]);
    expect(rows).toEqual([{ sku, quantity: 3, kind: 'restock', source: `order-${created.id}/shipment-${shipments[0].id}/returned_to_sender` }]);
  });
});

describe('a cancel of the workflow itself (Temporal UI or CLI) once the order has shipped', () => {
  let slowCarrier: TestApp;
  beforeAll(async () => {
    slowCarrier = await startTestApp({ env: { ORDER_PROCESSING_DELAY: '0s', LOCAL_CARRIER_TRANSIT_DELAY: '3s', LOCAL_CARRIER_DELIVERY_DELAY: '1s' } });
  });
  afterAll(() => slowCarrier?.close());

  it('is ignored: the parcel is with the carrier and the money captured, so the order is followed to delivery, not refunded', async () => {
    const sku = await stockedSku(slowCarrier, 5);
    const created = await createOrder(slowCarrier, { items: [{ sku, quantity: 1, unit_price: 30 }] });
    await untilStage(slowCarrier, created.id, 'awaiting_delivery');
    await slowCarrier.temporal.workflow.getHandle(orderWorkflowId(created.id)).cancel();
    expect(await untilFinished(slowCarrier, created.id)).toMatchObject({ status: 'completed', status_reason: null });
    const { rows } = await slowCarrier.db.query('SELECT captured, refunded FROM order_payment_totals WHERE order_id = $1', [created.id]);
    expect(rows[0]).toEqual({ captured: '30.00', refunded: '0.00' });
    await expectSagaInvariants(slowCarrier.db);
  }, 40_000);
});
