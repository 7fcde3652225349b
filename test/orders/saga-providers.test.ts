/**
 * The saga against providers that misbehave the way real ones do: a carrier that keeps failing,
 * providers that fail their first attempts, and slow providers (which open windows to cancel in).
 * Each describe has its own app, database and provider settings; the invariants are checked on
 * each database afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/harness.js';
import { createOrder, eventTypes, expectSagaInvariants, stockedSku, stockOf, untilFinished, untilStage } from '../support/saga.js';

function appWith(env: Record<string, string>): { get: () => TestApp } {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { ORDER_PROCESSING_DELAY: '50ms', ...env } });
  });
  afterAll(async () => {
    await expectSagaInvariants(t.db);
    await t.close();
  });
  return { get: () => t };
}

describe('a carrier that is unavailable for a long time', () => {
  const app = appWith({ CARRIER_FAILURE_RATE: '1' });

  it('fails the order after the shipping retries run out; compensations wait for the carrier, then void and release', async () => {
    const t = app.get();
    const sku = await stockedSku(t, 4);
    const created = await createOrder(t, { items: [{ sku, quantity: 3, unit_price: 10 }] });
    // Booking gives up after its attempts; cancelling the (maybe) booked shipment must then retry
    // until the carrier answers again. The outage ends once the saga is compensating.
    await untilStage(t, created.id, 'compensating', 45_000);
    t.config.providers.carrier.failureRate = 0;
    expect(await untilFinished(t, created.id, 45_000)).toMatchObject({ status: 'failed', status_reason: 'shipping_unavailable' });
    expect(await stockOf(t, sku)).toMatchObject({ on_hand: 4, reserved: 0 });
    expect((await eventTypes(t, created.id)).slice(-3)).toEqual(['payment.voided', 'inventory.released', 'order.status_changed']);
    const { rows } = await t.db.query<{ attempts: number }>(
      `SELECT count(*)::int AS attempts FROM order_events WHERE order_id = $1 AND type = 'shipment.booked'`,
      [created.id],
    );
    expect(rows[0]!.attempts).toBe(0);
  }, 60_000);
});

describe('providers that fail their first attempts', () => {
  const app = appWith({ PAYMENT_PROVIDER_FAIL_FIRST_ATTEMPTS: '2', CARRIER_FAIL_FIRST_ATTEMPTS: '2' });

  it('recover through retries: the order completes, charged exactly once', async () => {
    const t = app.get();
    const sku = await stockedSku(t, 2);
    const created = await createOrder(t, { items: [{ sku, quantity: 2, unit_price: 19.99 }] });
    expect(await untilFinished(t, created.id, 45_000)).toMatchObject({ status: 'completed' });
    const { rows } = await t.db.query<{ authorizations: number; captures: number; captured: string }>(
      `SELECT (SELECT count(*)::int FROM payment_authorizations WHERE order_id = $1) AS authorizations,
              (SELECT count(*)::int FROM payment_captures WHERE order_id = $1) AS captures,
              (SELECT captured::text FROM order_payment_totals WHERE order_id = $1) AS captured`,
      [created.id],
    );
    expect(rows[0]).toEqual({ authorizations: 1, captures: 1, captured: '39.98' });
  }, 60_000);
});

describe('slow providers', () => {
  const app = appWith({ PAYMENT_PROVIDER_LATENCY: '2500ms', CARRIER_LATENCY: '2500ms', ORDER_CANCEL_WAIT: '10s' });

  it('cancel before the payment is authorized: the reservation is released and no money is held', async () => {
    const t = app.get();
    const sku = await stockedSku(t, 1);
    const created = await createOrder(t, { items: [{ sku, quantity: 1, unit_price: 80 }] });
    // Below the review threshold, version 6 authorizes and books in one step, booking_shipment from its start.
    await untilStage(t, created.id, 'booking_shipment');
    expect(await eventTypes(t, created.id), 'the authorization still running').not.toContain('payment.authorized');
    const response = await t.http.inject({ method: 'POST', url: `/orders/${created.id}/cancel` });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ status: 'cancelled', status_reason: 'cancelled_by_operator' });
    expect(await stockOf(t, sku)).toMatchObject({ on_hand: 1, reserved: 0 });
  }, 60_000);

  it('cancel while the payment is being captured is refused with 409 at once, and the order completes charged once', async () => {
    const t = app.get();
    const sku = await stockedSku(t, 1);
    const created = await createOrder(t, { items: [{ sku, quantity: 1, unit_price: 70 }] });
    await untilStage(t, created.id, 'capturing_payment', 40_000);
    const response = await t.http.inject({ method: 'POST', url: `/orders/${created.id}/cancel` });
    expect(response.statusCode, response.body).toBe(409);
    // Refused by the workflow's validator, not accepted and then overtaken by the hand-over.
    expect(response.json().detail).toMatch(/can no longer be cancelled/);
    expect(await untilFinished(t, created.id)).toMatchObject({ status: 'completed' });
    expect(await eventTypes(t, created.id)).not.toContain('payment.refunded');
  }, 60_000);

  it('cancel once the parcel is being handed over is refused with 409, and the order completes', async () => {
    const t = app.get();
    const sku = await stockedSku(t, 1);
    const created = await createOrder(t, { items: [{ sku, quantity: 1, unit_price: 80 }] });
    await untilStage(t, created.id, 'handing_over', 40_000);
    const response = await t.http.inject({ method: 'POST', url: `/orders/${created.id}/cancel` });
    expect(response.statusCode, response.body).toBe(409);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json().detail).toMatch(/handed to the carrier/);
    expect(await untilFinished(t, created.id)).toMatchObject({ status: 'completed' });
  }, 60_000);
});

describe('fraud screening (workflow version 2)', () => {
  const app = appWith({ FRAUD_MAX_ORDERS_PER_HOUR: '2' });

  it('fails an order from a customer placing too many orders within the hour, before holding stock or money', async () => {
    const t = app.get();
    const sku = await stockedSku(t, 10);
    const orders = [];
    const outcomes = [];
    // One after the other: each order is screened against the ones placed before it.
    for (let i = 0; i < 3; i++) {
      orders.push(await createOrder(t, { customer_id: 4242, items: [{ sku, quantity: 1, unit_price: 1 }] }));
      outcomes.push(await untilFinished(t, orders[i]!.id));
    }
    expect(outcomes.map((o) => o.status_reason ?? o.status)).toEqual(['completed', 'completed', 'fraud_suspected']);
    expect(outcomes[2]!.status).toBe('failed');
    const events = await eventTypes(t, orders[2]!.id);
    expect(events).toContain('fraud.screened');
    expect(events).not.toContain('inventory.reserved');
    expect(events).not.toContain('payment.authorized');
  }, 60_000);
});
