/**
 * Workflow version 5 (one parcel per stock location) at its edges, with the local carrier
 * reporting and every carrier call taking 1.5 s: a parcel refund the provider declines, and a cancel
 * while the last location's booking is under way. Found by a hostile review; both failed before.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestApp, type TestApp } from '../support/harness.js';
import { createOrder, getOrder, stockedSku, TEST_ADDRESS, untilFinished } from '../support/saga.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: { ORDER_PROCESSING_DELAY: '0s', CARRIER_LATENCY: '1500ms' } });
});
afterEach(() => {
  t.config.providers.payments.declineRefunds = false;
});
afterAll(async () => {
  await t?.close();
});

async function splitSku(): Promise<string> {
  const sku = await stockedSku(t, 1);
  expect((await t.http.inject({ method: 'PUT', url: `/inventory/${sku}/locations/north`, payload: { on_hand: 1 } })).statusCode).toBe(200);
  return sku;
}

describe('an order in two parcels (workflow version 5)', () => {
  it("whose lost parcel's refund is declined completes with the money owed on its timeline (payment.refund_declined)", async () => {
    const sku = await splitSku();
    t.config.providers.payments.declineRefunds = true;
    const { id } = await createOrder(t, {
      items: [{ sku, quantity: 2, unit_price: 10 }],
      shipping_address: { ...TEST_ADDRESS, name: 'LOSE PARCEL FROM NORTH' },
    });
    const order = await untilFinished(t, id, 45_000);
    t.config.providers.payments.declineRefunds = false;
    expect(order).toMatchObject({ status: 'completed' });
    const { rows: totals } = await t.db.query('SELECT captured::text, refunded::text FROM order_payment_totals WHERE order_id = $1', [id]);
    const { rows: failedRefunds } = await t.db.query(`SELECT amount::text, state FROM payment_refunds WHERE order_id = $1`, [id]);
    const { rows: events } = await t.db.query(`SELECT type, details FROM order_events WHERE order_id = $1 AND type LIKE '%refund%'`, [id]);
    const { rows: lines } = await t.db.query('SELECT delivered_quantity FROM order_items WHERE order_id = $1', [id]);
    // The facts: 20.00 captured, nothing back, the provider's refund stored as refused, 1 of 2 units delivered.
    expect({ totals, failedRefunds, delivered: lines[0].delivered_quantity }).toEqual({
      totals: [{ captured: '20.00', refunded: '0.00' }],
      failedRefunds: [{ amount: '10.00', state: 'failed' }],
      delivered: 1,
    });
    // The 10.00 owed for the lost parcel is on the order's timeline, for an operator.
    expect(events).toEqual([
      { type: 'payment.refund_declined', details: expect.objectContaining({ amount: '10.00', reason: 'lost', code: 'refund_declined' }) },
    ]);
  });

  it('cancelled while its second location is being booked is cancelled: both bookings cancelled, nothing held, the authorization voided', async () => {
    const sku = await splitSku();
    const { id } = await createOrder(t, { items: [{ sku, quantity: 2, unit_price: 10 }] });
    // main's booking done; north's under way (each carrier call takes 1.5 s).
    await eventually(
      async () => {
        const { rows } = await t.db.query(`SELECT 1 FROM order_events WHERE order_id = $1 AND type = 'shipment.booked'`, [id]);
        return rows.length > 0 ? true : undefined;
      },
      20_000,
      'first booking',
    );
    const { rows: before } = await t.db.query(`SELECT count(*)::int AS n FROM order_events WHERE order_id = $1 AND type = 'shipment.booked'`, [id]);
    const startedAt = Date.now();
    const cancel = await t.http.inject({ method: 'POST', url: `/orders/${id}/cancel` });
    const answeredAfterMs = Date.now() - startedAt;
    const { rows: captures } = await t.db.query('SELECT amount::text FROM payment_captures WHERE order_id = $1', [id]);
    // Precondition: the cancel was sent while only main was booked (north's booking under way).
    expect(before[0].n).toBe(1);
    // An accepted cancel is honoured, never overtaken by the capture (before: north's booking
    // completed, the order was captured and shipped, and the cancel was answered 409 seconds later).
    expect({
      accepted: [200, 202].includes(cancel.statusCode),
      captures,
      answer: `${cancel.statusCode} after ${answeredAfterMs} ms: ${cancel.json().detail ?? ''}`,
    }).toEqual({
      accepted: true,
      captures: [],
      answer: expect.any(String),
    });
    expect(await untilFinished(t, id, 45_000)).toMatchObject({ status: 'cancelled' });
    const { rows: shipments } = await t.db.query('SELECT location, status FROM shipments WHERE order_id = $1 ORDER BY location', [id]);
    const { rows: held } = await t.db.query(`SELECT count(*)::int AS n FROM inventory_reservations WHERE order_id = $1 AND status <> 'released'`, [id]);
    const { rows: auth } = await t.db.query('SELECT state FROM payment_authorizations WHERE order_id = $1', [id]);
    expect({ notCancelled: shipments.filter((s) => s.status !== 'cancelled'), held: held[0].n, auth: auth.map((a) => a.state) }).toEqual({
      notCancelled: [],
      held: 0,
      auth: ['voided'],
    });
    expect((await getOrder(t, id)).status).toBe('cancelled');
  }, 60_000);
});
