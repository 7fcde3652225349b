/**
 * Edits before fulfilment (POST /orders/{id}/edits): the difference is reserved or released, the
 * authorization follows the new total, the version rises and the timeline records order.edited;
 * refused once the shipment is booked, on a stale If-Match, for a second edit at once, and when
 * stock does not cover an increase. Orders above the review threshold wait in review, editable.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/harness.js';
import { createOrder, expectSagaInvariants, getOrder, stockedSku, stockOf, TEST_ADDRESS, untilFinished, untilStage } from '../support/saga.js';

let t: TestApp;
beforeAll(async () => {
  // The parcel stays handed over (shipment booked, order shipped) for 2 s: long enough to try an edit then.
  t = await startTestApp({
    env: { ORDER_REVIEW_THRESHOLD: '10.00', ORDER_PROCESSING_DELAY: '0s', LOCAL_CARRIER_TRANSIT_DELAY: '2s', PAYMENT_DECLINE_ABOVE: '1000.00' },
  });
});
afterAll(() => t?.close());

type Line = { sku: string; quantity: number; unit_price: number };

async function inReview(items: Line[]): Promise<{ id: number; etag: string }> {
  const order = await createOrder(t, { items });
  await untilStage(t, order.id, 'awaiting_review');
  const response = await t.http.inject({ method: 'GET', url: `/orders/${order.id}` });
  return { id: order.id, etag: response.headers.etag as string };
}

const edit = (id: number, etag: string | undefined, payload: Record<string, unknown>, headers: Record<string, string> = {}) =>
  t.http.inject({ method: 'POST', url: `/orders/${id}/edits`, headers: { ...(etag ? { 'if-match': etag } : {}), ...headers }, payload });

/** The money of the order: still held (live authorizations), and captured. */
async function money(id: number): Promise<{ authorized: string; captured: string; authorizations: number }> {
  const { rows } = await t.db.query(
    `SELECT p.authorized::text, p.captured::text, (SELECT count(*)::int FROM payment_authorizations a WHERE a.order_id = $1 AND a.state <> 'declined') AS authorizations
     FROM order_payment_totals p WHERE p.order_id = $1`,
    [id],
  );
  return rows[0];
}

async function edits(id: number): Promise<{ details: Record<string, unknown> }[]> {
  const events = (await t.http.inject({ method: 'GET', url: `/orders/${id}/events?limit=500` })).json<{ type: string; details: Record<string, unknown> }[]>();
  return events.filter((event) => event.type === 'order.edited');
}

const reserved = async (sku: string) => (await stockOf(t, sku)).reserved;
const approve = async (id: number) => expect((await t.http.inject({ method: 'POST', url: `/orders/${id}/approve` })).statusCode).toBe(200);

describe('edits before fulfilment', () => {
  it('adding an item reserves only the difference, re-authorizes the new total and is captured once for it', async () => {
    const [a, b] = [await stockedSku(t, 5), await stockedSku(t, 3)];
    const { id, etag } = await inReview([{ sku: a, quantity: 1, unit_price: 50 }]);
    const response = await edit(id, etag, {
      items: [
        { sku: a, quantity: 2, unit_price: 50 },
        { sku: b, quantity: 1, unit_price: 20 },
      ],
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers.etag).not.toBe(etag);
    expect(response.json()).toMatchObject({
      total_amount: 120,
      items: [
        { sku: a, quantity: 2 },
        { sku: b, quantity: 1 },
      ],
    });
    expect([await reserved(a), await reserved(b)]).toEqual([2, 1]);
    expect(await money(id)).toMatchObject({ authorized: '120.00', captured: '0.00', authorizations: 2 });
    const [event] = await edits(id);
    expect(event!.details).toMatchObject({ actor: expect.any(String), previous_total: '50.00', total_amount: '120.00' });
    expect(event!.details.stock).toEqual(
      expect.arrayContaining([
        { sku: a, delta: 1 },
        { sku: b, delta: 1 },
      ]),
    );
    await approve(id);
    expect(await untilFinished(t, id)).toMatchObject({ status: 'completed', total_amount: 120 });
    expect(await money(id)).toMatchObject({ authorized: '0.00', captured: '120.00' });
    expect([(await stockOf(t, a)).on_hand, (await stockOf(t, b)).on_hand]).toEqual([3, 2]);
  }, 40_000);

  it('removing an item releases its stock and lowers the authorization', async () => {
    const [a, b] = [await stockedSku(t, 5), await stockedSku(t, 5)];
    const { id, etag } = await inReview([
      { sku: a, quantity: 1, unit_price: 30 },
      { sku: b, quantity: 2, unit_price: 10 },
    ]);
    const response = await edit(id, etag, { items: [{ sku: a, quantity: 1, unit_price: 30 }] });
    expect(response.statusCode, response.body).toBe(200);
    expect([await reserved(a), await reserved(b)]).toEqual([1, 0]);
    expect(await money(id)).toMatchObject({ authorized: '30.00' });
    expect((await edits(id))[0]!.details.stock).toEqual([{ sku: b, delta: -2 }]);
    await approve(id);
    expect(await untilFinished(t, id)).toMatchObject({ status: 'completed' });
    expect(await money(id)).toMatchObject({ authorized: '0.00', captured: '30.00' });
    expect(await stockOf(t, b)).toMatchObject({ on_hand: 5, reserved: 0 });
  }, 40_000);

  it('changing only the address moves no stock and no money', async () => {
    const a = await stockedSku(t, 5);
    const { id, etag } = await inReview([{ sku: a, quantity: 2, unit_price: 25 }]);
    const address = { ...TEST_ADDRESS, line1: '1 Infinite Loop', city: 'Cupertino', postal_code: '95014', country: 'US' };
    const response = await edit(id, etag, { shipping_address: address });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ shipping_address: { city: 'Cupertino' }, total_amount: 50 });
    expect(await reserved(a)).toBe(2);
    expect(await money(id)).toMatchObject({ authorized: '50.00', authorizations: 1 });
    expect((await edits(id))[0]!.details).toMatchObject({ stock: [], shipping_address: { city: 'Cupertino' } });
    await t.http.inject({ method: 'POST', url: `/orders/${id}/reject` });
    expect(await untilFinished(t, id)).toMatchObject({ status: 'cancelled' });
    expect(await reserved(a)).toBe(0);
  }, 40_000);

  it('is refused once the shipment is booked (409 from the workflow, then for the finished order) and changes nothing', async () => {
    const a = await stockedSku(t, 5);
    const order = await createOrder(t, { items: [{ sku: a, quantity: 1, unit_price: 5 }] }); // below review: straight through
    await untilStage(t, order.id, 'awaiting_delivery');
    const etag = (await t.http.inject({ method: 'GET', url: `/orders/${order.id}` })).headers.etag as string;
    const booked = await edit(order.id, etag, { items: [{ sku: a, quantity: 3, unit_price: 5 }] });
    expect(booked.statusCode, booked.body).toBe(409);
    expect(booked.headers['content-type']).toContain('application/problem+json');
    expect(booked.json().detail).toContain('no longer be edited');
    expect(await untilFinished(t, order.id)).toMatchObject({ status: 'completed', items: [{ sku: a, quantity: 1, unit_price: 5 }] });
    const finished = (await t.http.inject({ method: 'GET', url: `/orders/${order.id}` })).headers.etag as string;
    expect((await edit(order.id, finished, { shipping_address: TEST_ADDRESS })).statusCode).toBe(409);
    expect(await stockOf(t, a)).toMatchObject({ on_hand: 4, reserved: 0 });
    expect(await money(order.id)).toMatchObject({ authorized: '0.00', captured: '5.00' });
    expect(await edits(order.id)).toEqual([]);
  }, 40_000);

  it('a stale If-Match is 412, a missing one is refused, and neither changes anything', async () => {
    const a = await stockedSku(t, 5);
    const { id, etag } = await inReview([{ sku: a, quantity: 1, unit_price: 40 }]);
    const first = await edit(id, etag, { items: [{ sku: a, quantity: 2, unit_price: 40 }] });
    expect(first.statusCode, first.body).toBe(200);
    const stale = await edit(id, etag, { items: [{ sku: a, quantity: 3, unit_price: 40 }] });
    expect(stale.statusCode, stale.body).toBe(412);
    const missing = await edit(id, undefined, { items: [{ sku: a, quantity: 3, unit_price: 40 }] });
    expect(missing.statusCode, missing.body).toBe(400);
    expect(await reserved(a)).toBe(2);
    expect(await money(id)).toMatchObject({ authorized: '80.00' });
    expect(await edits(id)).toHaveLength(1);
    await approve(id);
    expect(await untilFinished(t, id)).toMatchObject({ status: 'completed' });
    expect(await money(id)).toMatchObject({ captured: '80.00' });
  }, 40_000);

  it('of two concurrent edits one wins and the other is refused (409 or 412)', async () => {
    const [a, b] = [await stockedSku(t, 10), await stockedSku(t, 10)];
    const { id, etag } = await inReview([{ sku: a, quantity: 1, unit_price: 40 }]);
    const responses = await Promise.all([
      edit(id, etag, { items: [{ sku: a, quantity: 3, unit_price: 40 }] }),
      edit(id, etag, {
        items: [
          { sku: a, quantity: 1, unit_price: 40 },
          { sku: b, quantity: 4, unit_price: 10 },
        ],
      }),
    ]);
    const codes = responses.map((r) => r.statusCode).sort();
    expect(codes[0], responses.map((r) => r.body).join('\n')).toBe(200);
    expect([409, 412]).toContain(codes[1]);
    const won = responses.findIndex((r) => r.statusCode === 200);
    expect([await reserved(a), await reserved(b)]).toEqual(won === 0 ? [3, 0] : [1, 4]);
    expect(await money(id)).toMatchObject({ authorized: won === 0 ? '120.00' : '80.00' });
    expect(await edits(id)).toHaveLength(1);
    await t.http.inject({ method: 'POST', url: `/orders/${id}/cancel` });
    expect(await untilFinished(t, id)).toMatchObject({ status: 'cancelled' });
    expect([await reserved(a), await reserved(b)]).toEqual([0, 0]);
  }, 40_000);

  it('an increase beyond stock is refused (409) and leaves the order, its stock and its money as they were', async () => {
    const a = await stockedSku(t, 2);
    const { id, etag } = await inReview([{ sku: a, quantity: 1, unit_price: 40 }]);
    const response = await edit(id, etag, { items: [{ sku: a, quantity: 5, unit_price: 40 }] });
    expect(response.statusCode, response.body).toBe(409);
    const order = await getOrder(t, id);
    expect(order.items).toEqual([{ sku: a, quantity: 1, unit_price: 40 }]);
    const again = await t.http.inject({ method: 'GET', url: `/orders/${id}` });
    expect(again.headers.etag).toBe(etag);
    expect(await reserved(a)).toBe(1);
    expect(await money(id)).toMatchObject({ authorized: '40.00' });
    expect(await edits(id)).toEqual([]);
    await approve(id);
    expect(await untilFinished(t, id)).toMatchObject({ status: 'completed' });
    expect(await money(id)).toMatchObject({ captured: '40.00' });
  }, 40_000);

  it('a decline of the new total refuses the edit (409) and leaves the old order and its authorization intact', async () => {
    const a = await stockedSku(t, 50);
    const { id, etag } = await inReview([{ sku: a, quantity: 1, unit_price: 40 }]);
    const response = await edit(id, etag, { items: [{ sku: a, quantity: 30, unit_price: 40 }] }); // 1200.00 > PAYMENT_DECLINE_ABOVE
    expect(response.statusCode, response.body).toBe(409);
    expect((await getOrder(t, id)).items).toEqual([{ sku: a, quantity: 1, unit_price: 40 }]);
    expect(await reserved(a)).toBe(1);
    expect(await money(id)).toMatchObject({ authorized: '40.00', authorizations: 1 });
    expect(await edits(id)).toEqual([]);
    await approve(id);
    expect(await untilFinished(t, id)).toMatchObject({ status: 'completed' });
    expect(await money(id)).toMatchObject({ captured: '40.00' });
  }, 40_000);

  it("the order's customer may edit it (a retry with the same Idempotency-Key replays the answer); another customer gets 404", async () => {
    const a = await stockedSku(t, 5);
    const { id, etag } = await inReview([{ sku: a, quantity: 1, unit_price: 40 }]);
    const stranger = await t.app.tokens.issue!({ subject: 's5', role: 'customer', customerId: 5 }, '5m');
    const customer = await t.app.tokens.issue!({ subject: 'c7', role: 'customer', customerId: 7 }, '5m');
    const body = { items: [{ sku: a, quantity: 2, unit_price: 40 }] };
    expect((await edit(id, etag, body, { authorization: `Bearer ${stranger}` })).statusCode).toBe(404);
    const first = await edit(id, etag, body, { authorization: `Bearer ${customer}`, 'idempotency-key': 'edit-c7' });
    expect(first.statusCode, first.body).toBe(200);
    const retry = await edit(id, etag, body, { authorization: `Bearer ${customer}`, 'idempotency-key': 'edit-c7' });
    expect([retry.statusCode, retry.headers['idempotent-replayed']]).toEqual([200, 'true']);
    expect(await reserved(a)).toBe(2);
    expect(await edits(id)).toHaveLength(1);
    expect((await edits(id))[0]!.details.actor).toContain('c7');
    await t.http.inject({ method: 'POST', url: `/orders/${id}/reject` });
    expect(await untilFinished(t, id)).toMatchObject({ status: 'cancelled' });
    expect(await money(id)).toMatchObject({ authorized: '0.00', captured: '0.00' });
  }, 40_000);

  it('keeps the saga invariants over every order above', async () => {
    await expectSagaInvariants(t.db);
  }, 60_000);
});

describe('an edit that arrives while a step runs', () => {
  let slow: TestApp;
  beforeAll(async () => {
    // Below the review threshold (the default 1000.00): nothing waits, so only the slow provider gives the edit its moment.
    slow = await startTestApp({ env: { ORDER_PROCESSING_DELAY: '0s', PAYMENT_PROVIDER_LATENCY: '800ms' } });
  });
  afterAll(() => slow?.close());

  const editTo = async (id: number, payload: object) => {
    const etag = (await slow.http.inject({ method: 'GET', url: `/orders/${id}` })).headers.etag as string;
    return slow.http.inject({ method: 'POST', url: `/orders/${id}/edits`, headers: { 'if-match': etag }, payload });
  };
  const captured = async (id: number) =>
    (await slow.db.query(`SELECT captured::text FROM order_payment_totals WHERE order_id = $1`, [id])).rows[0].captured as string;

  it('in review, waits for the authorization to end and is applied before the booking', async () => {
    const a = await stockedSku(slow, 5);
    const order = await createOrder(slow, { items: [{ sku: a, quantity: 2, unit_price: 600 }] });
    await untilStage(slow, order.id, 'authorizing_payment');
    const response = await editTo(order.id, { items: [{ sku: a, quantity: 1, unit_price: 600 }] });
    expect(response.statusCode, response.body).toBe(200);
    await untilStage(slow, order.id, 'awaiting_review');
    await slow.http.inject({ method: 'POST', url: `/orders/${order.id}/approve` });
    expect(await untilFinished(slow, order.id)).toMatchObject({ status: 'completed', total_amount: 600 });
    const types = (await slow.http.inject({ method: 'GET', url: `/orders/${order.id}/events?limit=500` })).json<{ type: string }[]>().map((e) => e.type);
    expect(types.indexOf('payment.authorized')).toBeLessThan(types.indexOf('order.edited'));
    expect(types.indexOf('order.edited')).toBeLessThan(types.indexOf('shipment.booked'));
    expect(await stockOf(slow, a)).toMatchObject({ on_hand: 4, reserved: 0 });
    expect(await captured(order.id)).toBe('600.00');
  }, 40_000);

  it('below the review threshold, is refused (409) while the order is authorized and booked in one step, and changes nothing (version 6)', async () => {
    const a = await stockedSku(slow, 5);
    const order = await createOrder(slow, { items: [{ sku: a, quantity: 1, unit_price: 20 }] });
    await untilStage(slow, order.id, 'booking_shipment');
    // The authorization (800 ms) is still running, and the order row, like the workflow, says booking_shipment.
    const types = (await slow.http.inject({ method: 'GET', url: `/orders/${order.id}/events?limit=500` })).json<{ type: string }[]>().map((e) => e.type);
    expect(types).not.toContain('payment.authorized');
    const booking = (await slow.http.inject({ method: 'GET', url: '/orders?stage=booking_shipment&limit=100' })).json<{ id: number }[]>();
    expect(booking.map((listed) => listed.id)).toContain(order.id);
    const response = await editTo(order.id, { items: [{ sku: a, quantity: 2, unit_price: 20 }] });
    expect(response.statusCode, response.body).toBe(409);
    expect(response.json<{ detail: string }>().detail).toMatch(/being booked/);
    expect(await untilFinished(slow, order.id)).toMatchObject({ status: 'completed', total_amount: 20 });
    expect(await stockOf(slow, a)).toMatchObject({ on_hand: 4, reserved: 0 });
    expect(await captured(order.id)).toBe('20.00');
  }, 40_000);
});

describe('an edit that would skip the review', () => {
  let fast: TestApp;
  beforeAll(async () => {
    // Threshold 100.00; the slow provider keeps an order below it at authorizing_payment long enough to edit.
    fast = await startTestApp({ env: { ORDER_PROCESSING_DELAY: '0s', ORDER_REVIEW_THRESHOLD: '100.00', PAYMENT_PROVIDER_LATENCY: '1500ms' } });
  });
  afterAll(() => fast?.close());

  it('raising an order above the review threshold before its review (while it is authorized) is refused (409), and the order completes as placed', async () => {
    const a = await stockedSku(fast, 10);
    const order = await createOrder(fast, { items: [{ sku: a, quantity: 6, unit_price: 20 }] });
    await untilStage(fast, order.id, 'authorizing_payment');
    const etag = (await fast.http.inject({ method: 'GET', url: `/orders/${order.id}` })).headers.etag as string;
    const response = await fast.http.inject({
      method: 'POST',
      url: `/orders/${order.id}/edits`,
      headers: { 'if-match': etag },
      payload: { items: [{ sku: a, quantity: 9, unit_price: 20 }] },
    });
    expect(response.statusCode, response.body).toBe(409);
    expect(response.json<{ detail: string }>().detail).toMatch(/review threshold/);
    await untilStage(fast, order.id, 'awaiting_review');
    await fast.http.inject({ method: 'POST', url: `/orders/${order.id}/approve` });
    expect(await untilFinished(fast, order.id)).toMatchObject({ status: 'completed', total_amount: 120 });
    const { rows } = await fast.db.query(`SELECT captured::text FROM order_payment_totals WHERE order_id = $1`, [order.id]);
    expect(rows[0].captured).toBe('120.00');
  }, 40_000);

  it('in review, the same raise is accepted: the reviewer decides on the edited order', async () => {
    const a = await stockedSku(fast, 10);
    const order = await createOrder(fast, { items: [{ sku: a, quantity: 6, unit_price: 20 }] });
    await untilStage(fast, order.id, 'awaiting_review');
    const etag = (await fast.http.inject({ method: 'GET', url: `/orders/${order.id}` })).headers.etag as string;
    const response = await fast.http.inject({
      method: 'POST',
      url: `/orders/${order.id}/edits`,
      headers: { 'if-match': etag },
      payload: { items: [{ sku: a, quantity: 9, unit_price: 20 }] },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect((await fast.http.inject({ method: 'POST', url: `/orders/${order.id}/reject` })).statusCode).toBe(200);
    expect(await untilFinished(fast, order.id)).toMatchObject({ status: 'cancelled', total_amount: 180 });
  }, 40_000);
});

describe('an edit of an order not yet processing', () => {
  let waiting: TestApp;
  beforeAll(async () => {
    waiting = await startTestApp({ env: { ORDER_PROCESSING_DELAY: '60s' } });
  });
  afterAll(() => waiting?.close());

  it('is refused at once (409) and changes nothing: processing would change the version it was made on', async () => {
    const a = await stockedSku(waiting, 5);
    const order = await createOrder(waiting, { items: [{ sku: a, quantity: 1, unit_price: 20 }] });
    const before = await waiting.http.inject({ method: 'GET', url: `/orders/${order.id}` });
    expect(before.json()).toMatchObject({ status: 'pending' });
    const response = await waiting.http.inject({
      method: 'POST',
      url: `/orders/${order.id}/edits`,
      headers: { 'if-match': before.headers.etag as string },
      payload: { items: [{ sku: a, quantity: 2, unit_price: 20 }] },
    });
    expect(response.statusCode, response.body).toBe(409);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json<{ detail: string }>().detail).toMatch(/still pending/);
    const after = await waiting.http.inject({ method: 'GET', url: `/orders/${order.id}` });
    expect(after.headers.etag).toBe(before.headers.etag);
    expect(after.json()).toMatchObject({ total_amount: 20, items: [{ sku: a, quantity: 1 }] });
    expect((await waiting.http.inject({ method: 'POST', url: `/orders/${order.id}/cancel` })).statusCode).toBe(200);
  }, 30_000);
});

describe('an edit under way when the order ends', () => {
  let timed: TestApp;
  beforeAll(async () => {
    // Each provider call takes 1.5 s, so the edit's re-authorization spans the review's 3 s deadline.
    timed = await startTestApp({
      env: { ORDER_PROCESSING_DELAY: '0s', ORDER_REVIEW_THRESHOLD: '10.00', ORDER_REVIEW_TIMEOUT: '3s', PAYMENT_PROVIDER_LATENCY: '1500ms' },
    });
  });
  afterAll(() => timed?.close());

  /** Live authorizations (authorized, neither voided nor captured) and reservations of the order. */
  async function held(id: number): Promise<{ authorizations: number; reserved: number }> {
    const { rows } = await timed.db.query(
      `SELECT (SELECT count(*)::int FROM payment_authorizations WHERE order_id = $1 AND state = 'authorized') AS authorizations,
              (SELECT coalesce(sum(quantity), 0)::int FROM inventory_reservations WHERE order_id = $1 AND status = 'reserved') AS reserved`,
      [id],
    );
    return rows[0];
  }

  async function editDuringEnd(end: (id: number) => Promise<unknown>, editAfterMs = 0): Promise<{ id: number; sku: string; editStatus: number }> {
    const sku = await stockedSku(timed, 10);
    const order = await createOrder(timed, { items: [{ sku, quantity: 1, unit_price: 20 }] });
    await untilStage(timed, order.id, 'awaiting_review');
    await new Promise((resolve) => setTimeout(resolve, editAfterMs));
    const etag = (await timed.http.inject({ method: 'GET', url: `/orders/${order.id}` })).headers.etag as string;
    const editing = timed.http.inject({
      method: 'POST',
      url: `/orders/${order.id}/edits`,
      headers: { 'if-match': etag },
      payload: { items: [{ sku, quantity: 3, unit_price: 20 }] },
    });
    await end(order.id);
    return { id: order.id, sku, editStatus: (await editing).statusCode };
  }

  it('a review timeout that fires during the edit cancels the order, and both authorizations and every reserved unit are let go', async () => {
    // Sent 2 s into the 3 s review: its 1.5 s re-authorization is under way when the timer fires.
    const { id, sku, editStatus } = await editDuringEnd(() => Promise.resolve(), 2_000);
    expect([200, 409, 503], `edit answered ${editStatus}`).toContain(editStatus);
    expect(await untilFinished(timed, id)).toMatchObject({ status: 'cancelled', status_reason: 'review_timed_out' });
    expect(await held(id)).toEqual({ authorizations: 0, reserved: 0 });
    expect(await stockOf(timed, sku)).toMatchObject({ on_hand: 10, reserved: 0 });
  }, 40_000);

  it('a cancel sent while the edit re-authorizes cancels the order, and both authorizations and every reserved unit are let go', async () => {
    const { id, sku, editStatus } = await editDuringEnd(async (orderId) => {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const cancel = await timed.http.inject({ method: 'POST', url: `/orders/${orderId}/cancel` });
      expect([200, 202], cancel.body).toContain(cancel.statusCode);
    });
    expect([200, 409, 503], `edit answered ${editStatus}`).toContain(editStatus);
    expect(await untilFinished(timed, id)).toMatchObject({ status: 'cancelled' });
    expect(await held(id)).toEqual({ authorizations: 0, reserved: 0 });
    expect(await stockOf(timed, sku)).toMatchObject({ on_hand: 10, reserved: 0 });
    await expectSagaInvariants(timed.db);
  }, 40_000);
});

describe('a review decision sent while an edit is being applied', () => {
  let slowPayments: TestApp;
  beforeAll(async () => {
    // Each provider call takes 1 s, so the edit's re-authorization is under way for a while.
    slowPayments = await startTestApp({
      env: { ORDER_PROCESSING_DELAY: '0s', ORDER_REVIEW_THRESHOLD: '10.00', ORDER_REVIEW_TIMEOUT: '60s', PAYMENT_PROVIDER_LATENCY: '1000ms' },
    });
  });
  afterAll(() => slowPayments?.close());

  it('is refused with 409, so the reviewer never approves a total other than the one captured', async () => {
    const sku = await stockedSku(slowPayments, 10);
    const order = await createOrder(slowPayments, { items: [{ sku, quantity: 1, unit_price: 20 }] });
    await untilStage(slowPayments, order.id, 'awaiting_review');
    const etag = (await slowPayments.http.inject({ method: 'GET', url: `/orders/${order.id}` })).headers.etag as string;
    const editing = slowPayments.http.inject({
      method: 'POST',
      url: `/orders/${order.id}/edits`,
      headers: { 'if-match': etag },
      payload: { items: [{ sku, quantity: 5, unit_price: 20 }] },
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const early = await slowPayments.http.inject({ method: 'POST', url: `/orders/${order.id}/approve` });
    expect(early.statusCode, early.body).toBe(409);
    expect(early.headers['content-type']).toContain('application/problem+json');
    expect((await editing).statusCode).toBe(200);
    const approved = await slowPayments.http.inject({ method: 'POST', url: `/orders/${order.id}/approve` });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(await untilFinished(slowPayments, order.id)).toMatchObject({ status: 'completed', total_amount: 100 });
    const { rows } = await slowPayments.db.query('SELECT captured FROM order_payment_totals WHERE order_id = $1', [order.id]);
    expect(rows[0]).toEqual({ captured: '100.00' });
    await expectSagaInvariants(slowPayments.db);
  }, 60_000);
});
