/**
 * The order saga end to end: real HTTP (app.inject), real PostgreSQL, a real Temporal server and
 * worker, the local payment provider and carrier. After all tests, the database invariants hold.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countOrders, startTestApp, type TestApp } from '../support/harness.js';
import { createOrder, eventTypes, expectSagaInvariants, getOrder, stockedSku, stockOf, TEST_ADDRESS, untilFinished, untilStage } from '../support/saga.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: { ORDER_PROCESSING_DELAY: '100ms', ORDER_REVIEW_THRESHOLD: '500.00', ORDER_REVIEW_TIMEOUT: '4s' } });
});
afterAll(async () => {
  await expectSagaInvariants(t.db);
  await t.close();
});

const post = (url: string) => t.http.inject({ method: 'POST', url });

describe('the order saga', () => {
  it('reserves, authorizes, ships, captures and completes an order, computing its total from the items', async () => {
    const mug = await stockedSku(t, 10);
    const tea = await stockedSku(t, 5);
    const created = await createOrder(t, {
      items: [
        { sku: mug, quantity: 2, unit_price: 12.5 },
        { sku: tea, quantity: 3, unit_price: 0.1 },
      ],
    });
    expect(created.total_amount).toBe(25.3);
    expect(created.status).toBe('pending');

    const order = await untilFinished(t, created.id);
    expect(order).toMatchObject({ status: 'completed', status_reason: null });
    expect(order.progress).toBeUndefined();
    expect(await stockOf(t, mug)).toMatchObject({ on_hand: 8, reserved: 0, available: 8 });
    expect(await stockOf(t, tea)).toMatchObject({ on_hand: 2, reserved: 0 });
    expect(await eventTypes(t, created.id)).toEqual([
      'order.created',
      'order.status_changed',
      'fraud.screened',
      'inventory.reserved',
      'payment.authorized',
      'shipment.booked',
      'payment.captured',
      'shipment.handed_over',
      'inventory.consumed',
      'order.status_changed',
      'shipment.in_transit',
      'shipment.delivered',
      'order.delivered',
      'order.status_changed',
    ]);
  });

  it('still processes an order created the original way, with only a total: paid, nothing shipped', async () => {
    const created = await createOrder(t, { total_amount: 42.42 });
    expect(created.items).toEqual([]);
    expect(await untilFinished(t, created.id)).toMatchObject({ status: 'completed' });
    expect(await eventTypes(t, created.id)).toEqual([
      'order.created',
      'order.status_changed',
      'fraud.screened',
      'payment.authorized',
      'payment.captured',
      'order.status_changed',
    ]);
  });

  it('cancels an order that asks for more than is in stock, holding nothing', async () => {
    const sku = await stockedSku(t, 1);
    const created = await createOrder(t, { items: [{ sku, quantity: 2, unit_price: 3 }] });
    expect(await untilFinished(t, created.id)).toMatchObject({ status: 'cancelled', status_reason: 'out_of_stock' });
    expect(await stockOf(t, sku)).toMatchObject({ on_hand: 1, reserved: 0 });
    expect(await eventTypes(t, created.id)).not.toContain('payment.authorized');
  });

  it('gives the last unit to exactly one of two concurrent orders', async () => {
    const sku = await stockedSku(t, 1);
    const [a, b] = await Promise.all([1, 2].map(() => createOrder(t, { items: [{ sku, quantity: 1, unit_price: 9.99 }] })));
    const outcomes = await Promise.all([untilFinished(t, a!.id), untilFinished(t, b!.id)]);
    expect(outcomes.map((o) => `${o.status}:${o.status_reason}`).sort()).toEqual(['cancelled:out_of_stock', 'completed:null']);
    expect(await stockOf(t, sku)).toMatchObject({ on_hand: 0, reserved: 0 });
  });

  it('fails an order whose payment is declined, and releases its stock', async () => {
    const sku = await stockedSku(t, 3);
    const created = await createOrder(t, { items: [{ sku, quantity: 1, unit_price: 20 }], payment_method: 'pm_card_declined' });
    expect(await untilFinished(t, created.id)).toMatchObject({ status: 'failed', status_reason: 'card_declined' });
    expect(await stockOf(t, sku)).toMatchObject({ on_hand: 3, reserved: 0 });
    const events = await eventTypes(t, created.id);
    expect(events).toContain('payment.declined');
    expect(events.slice(-2)).toEqual(['inventory.released', 'order.status_changed']);
  });

  it('fails an order the carrier refuses to ship, voiding the payment and releasing the stock', async () => {
    const sku = await stockedSku(t, 2, 'HAZMAT');
    const created = await createOrder(t, { items: [{ sku, quantity: 1, unit_price: 15 }] });
    expect(await untilFinished(t, created.id)).toMatchObject({ status: 'failed', status_reason: 'hazardous_goods' });
    expect((await eventTypes(t, created.id)).slice(-3)).toEqual(['payment.voided', 'inventory.released', 'order.status_changed']);
  });

  it('holds an order above the review threshold until an operator approves it, then completes it', async () => {
    const sku = await stockedSku(t, 1);
    const created = await createOrder(t, { items: [{ sku, quantity: 1, unit_price: 999 }] });
    const waiting = await untilStage(t, created.id, 'awaiting_review');
    expect(waiting.progress).toMatchObject({ cancellable: true, completed_steps: ['validated', 'fraud_screened', 'inventory_reserved', 'payment_authorized'] });
    const approved = await post(`/orders/${created.id}/approve`);
    expect(approved.statusCode, approved.body).toBe(200);
    expect(await untilFinished(t, created.id)).toMatchObject({ status: 'completed' });
    expect(await eventTypes(t, created.id)).toContain('review.approved');
  });

  it('cancels an order whose review is rejected, undoing payment and reservation', async () => {
    const sku = await stockedSku(t, 1);
    const created = await createOrder(t, { items: [{ sku, quantity: 1, unit_price: 750 }] });
    await untilStage(t, created.id, 'awaiting_review');
    expect((await post(`/orders/${created.id}/reject`)).statusCode).toBe(200);
    expect(await untilFinished(t, created.id)).toMatchObject({ status: 'cancelled', status_reason: 'review_rejected' });
    expect((await eventTypes(t, created.id)).slice(-4)).toEqual(['review.rejected', 'payment.voided', 'inventory.released', 'order.status_changed']);
  });

  it('cancels an order nobody reviews before the review timeout', async () => {
    const created = await createOrder(t, { total_amount: 600 });
    await untilStage(t, created.id, 'awaiting_review');
    expect(await untilFinished(t, created.id)).toMatchObject({ status: 'cancelled', status_reason: 'review_timed_out' });
    expect(await eventTypes(t, created.id)).toContain('review.timed_out');
  });

  it("cancels an order during review at the customer's or operator's request, with 200 and the reason", async () => {
    const sku = await stockedSku(t, 1);
    const created = await createOrder(t, { items: [{ sku, quantity: 1, unit_price: 501 }] });
    await untilStage(t, created.id, 'awaiting_review');
    const response = await post(`/orders/${created.id}/cancel`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ status: 'cancelled', status_reason: 'cancelled_by_operator' });
    expect(await stockOf(t, sku)).toMatchObject({ on_hand: 1, reserved: 0 });
  });

  it('refuses to approve an order that is not awaiting review, with 409', async () => {
    const created = await createOrder(t, { total_amount: 5 });
    await untilFinished(t, created.id);
    const response = await post(`/orders/${created.id}/approve`);
    expect(response.statusCode).toBe(409);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });

  it('refuses to cancel a completed order with 409, and to delete an order in flight', async () => {
    const created = await createOrder(t, { total_amount: 700 });
    await untilStage(t, created.id, 'awaiting_review');
    expect((await t.http.inject({ method: 'DELETE', url: `/orders/${created.id}` })).statusCode).toBe(409);
    await post(`/orders/${created.id}/approve`);
    await untilFinished(t, created.id);
    const response = await post(`/orders/${created.id}/cancel`);
    expect(response.statusCode).toBe(409);
    expect(response.json().detail).toMatch(/completed/);
    expect((await t.http.inject({ method: 'DELETE', url: `/orders/${created.id}` })).statusCode).toBe(204);
  });

  it('shows live progress on GET /orders/{id} while the order is in flight', async () => {
    const created = await createOrder(t, { total_amount: 800 });
    const order = await untilStage(t, created.id, 'awaiting_review');
    expect(order.progress).toMatchObject({ stage: 'awaiting_review', cancellable: true });
    expect((await getOrder(t, created.id)).progress).toHaveProperty('review_deadline');
    await post(`/orders/${created.id}/reject`);
    await untilFinished(t, created.id);
  });
});

describe('bad orders are rejected with a problem and store nothing', () => {
  const cases: [string, (sku: string) => Record<string, unknown>, RegExp][] = [
    ['an unknown SKU', () => ({ items: [{ sku: 'NO-SUCH-SKU', quantity: 1, unit_price: 1 }] }), /items\/0\/sku|known SKU/],
    ['a zero quantity', (sku) => ({ items: [{ sku, quantity: 0, unit_price: 1 }] }), /quantity/],
    ['a negative quantity', (sku) => ({ items: [{ sku, quantity: -2, unit_price: 1 }] }), /quantity/],
    ['a fractional quantity', (sku) => ({ items: [{ sku, quantity: 1.5, unit_price: 1 }] }), /quantity/],
    [
      'duplicate SKUs',
      (sku) => ({
        items: [
          { sku, quantity: 1, unit_price: 1 },
          { sku, quantity: 2, unit_price: 1 },
        ],
      }),
      /repeats SKU/,
    ],
    ['a price with more than 2 decimals', (sku) => ({ items: [{ sku, quantity: 1, unit_price: 1.005 }] }), /2 decimal places/],
    ['a negative price', (sku) => ({ items: [{ sku, quantity: 1, unit_price: -1 }] }), /unit_price/],
    ['a total that is not the sum of the items', (sku) => ({ items: [{ sku, quantity: 2, unit_price: 1.25 }], total_amount: 2.49 }), /add up to 2.50/],
    ['no items and no total', () => ({}), /total_amount/],
    ['an empty item list', () => ({ items: [] }), /items/],
    ['an unknown item field', (sku) => ({ items: [{ sku, quantity: 1, unit_price: 1, colour: 'red' }] }), /colour|additional/],
    ['a malformed payment method', () => ({ total_amount: 1, payment_method: 'visa' }), /payment_method/],
  ];
  for (const [what, body, message] of cases) {
    it(`rejects ${what} with 400`, async () => {
      const sku = await stockedSku(t, 5);
      const before = await countOrders(t.db);
      const response = await t.http.inject({ method: 'POST', url: '/orders', payload: { customer_id: 7, shipping_address: TEST_ADDRESS, ...body(sku) } });
      expect(response.statusCode, response.body).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.body).toMatch(message);
      expect(await countOrders(t.db)).toBe(before);
      expect(await stockOf(t, sku)).toMatchObject({ on_hand: 5, reserved: 0 });
    });
  }

  it('refuses to set stock below what is reserved (409), and a negative count (400)', async () => {
    const sku = await stockedSku(t, 2);
    const created = await createOrder(t, { items: [{ sku, quantity: 2, unit_price: 600 }] });
    await untilStage(t, created.id, 'awaiting_review');
    const below = await t.http.inject({ method: 'PUT', url: `/inventory/${sku}`, payload: { on_hand: 1 } });
    expect(below.statusCode).toBe(409);
    const negative = await t.http.inject({ method: 'PUT', url: `/inventory/${sku}`, payload: { on_hand: -1 } });
    expect(negative.statusCode).toBe(400);
    expect(await stockOf(t, sku)).toMatchObject({ on_hand: 2, reserved: 2 });
    await post(`/orders/${created.id}/reject`);
    await untilFinished(t, created.id);
  });

  it('answers 404 for the stock of an unknown SKU, and 400 for a malformed one', async () => {
    expect((await t.http.inject({ method: 'GET', url: '/inventory/NOPE-404' })).statusCode).toBe(404);
    expect((await t.http.inject({ method: 'GET', url: '/inventory/bad%20sku' })).statusCode).toBe(400);
  });
});
