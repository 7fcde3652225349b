import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestApp, type TestApp } from '../support/harness.js';
import { eventTypes, getOrder, stockedSku, stockOf } from '../support/saga.js';
import {
  allReceived,
  deliveredOrder,
  expectReturnInvariants,
  listReturns,
  receiveAndRefund,
  requestReturn,
  type ReturnJson,
  untilReturn,
} from '../support/returns.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ env: { ORDER_PROCESSING_DELAY: '100ms' } });
});
afterEach(async () => {
  await expectReturnInvariants(t.db);
});
afterAll(async () => {
  await t?.close();
});

const countReturns = async () => (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM returns')).rows[0]!.n;

describe('returns', () => {
  it('refunds a partial return, restocks only what is resellable, and a second return of the rest refunds the order exactly', async () => {
    const mug = await stockedSku(t, 10);
    const lamp = await stockedSku(t, 5);
    const order = await deliveredOrder(t, [
      { sku: mug, quantity: 3, unit_price: 12.5 },
      { sku: lamp, quantity: 1, unit_price: 40.01 },
    ]);
    const request = { items: [{ sku: mug, quantity: 2 }], reason: 'too many mugs' };
    const created = await requestReturn(t, order.id, request, { 'idempotency-key': `ret-${order.id}` });
    expect(created.statusCode, created.body).toBe(201);
    const first = created.json<ReturnJson>();
    expect(created.headers.location).toBe(`/orders/${order.id}/returns/${first.id}`);
    expect(first).toMatchObject({ status: 'requested', items: [{ sku: mug, quantity: 2 }] });
    // A retried request with the same key is the same return.
    const replay = await requestReturn(t, order.id, request, { 'idempotency-key': `ret-${order.id}` });
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json<ReturnJson>().id).toBe(first.id);

    // One mug came back broken: both are refunded, one goes back on the shelf.
    const refunded = await receiveAndRefund(t, order.id, first.id, [{ sku: mug, received_quantity: 2, resellable_quantity: 1 }]);
    expect(refunded).toMatchObject({ refund_amount: 25, items: [{ sku: mug, quantity: 2, received_quantity: 2, resellable_quantity: 1, refund_amount: 25 }] });
    expect(refunded.label_tracking_number).toMatch(/^LR\d{12}$/);
    expect((await stockOf(t, mug)).on_hand).toBe(8);
    // A second receipt of the same parcel is refused and restocks nothing.
    const again = await t.http.inject({
      method: 'POST',
      url: `/orders/${order.id}/returns/${first.id}/receive`,
      payload: { items: [{ sku: mug, received_quantity: 2, resellable_quantity: 2 }] },
    });
    expect(again.statusCode, again.body).toBe(409);
    expect((await stockOf(t, mug)).on_hand).toBe(8);
    expect((await getOrder(t, order.id)) as unknown).toMatchObject({ status: 'completed', refunded_amount: 25 });

    const rest = await requestReturn(t, order.id, {
      items: [
        { sku: mug, quantity: 1 },
        { sku: lamp, quantity: 1 },
      ],
      reason: 'changed my mind',
    });
    expect(rest.statusCode, rest.body).toBe(201);
    const second = await receiveAndRefund(t, order.id, rest.json<ReturnJson>().id, allReceived(rest.json<ReturnJson>()));
    expect(second.refund_amount).toBe(52.51);
    expect(await getOrder(t, order.id)).toMatchObject({ refunded_amount: 77.51, total_amount: 77.51 });
    expect(await stockOf(t, lamp)).toMatchObject({ on_hand: 5, reserved: 0 });

    // Nothing is left to return.
    const more = await requestReturn(t, order.id, { items: [{ sku: mug, quantity: 1 }], reason: 'again' });
    expect(more.statusCode, more.body).toBe(422);
    expect(more.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await listReturns(t, order.id)).map((r) => r.status)).toEqual(['refunded', 'refunded']);
    const types = await eventTypes(t, order.id);
    expect(types.filter((type) => type === 'return.refunded')).toHaveLength(2);
    expect(types.filter((type) => type === 'return.restocked')).toHaveLength(2);
  });

  it('refuses bad returns with a problem and stores nothing', async () => {
    const sku = await stockedSku(t, 10);
    const order = await deliveredOrder(t, [{ sku, quantity: 2, unit_price: 3 }]);
    const before = await countReturns();
    const eventsBefore = (await eventTypes(t, order.id)).length;
    const cases: [unknown, number, RegExp][] = [
      [{ items: [{ sku, quantity: 3 }], reason: 'x' }, 422, /Only 2 of the 2 delivered units/],
      [{ items: [{ sku: 'SKU-NOT-IN-ORDER', quantity: 1 }], reason: 'x' }, 422, /has no item with SKU/],
      [{ items: [{ sku, quantity: 0 }], reason: 'x' }, 400, /quantity/],
      [
        {
          items: [
            { sku, quantity: 1 },
            { sku, quantity: 1 },
          ],
          reason: 'x',
        },
        400,
        /twice/,
      ],
      [{ items: [], reason: 'x' }, 400, /items/],
      [{ items: [{ sku, quantity: 1 }] }, 400, /reason/],
    ];
    for (const [body, status, detail] of cases) {
      const response = await requestReturn(t, order.id, body);
      expect(response.statusCode, response.body).toBe(status);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json<{ detail: string }>().detail).toMatch(detail);
    }
    // An order that was never delivered (a total-only order has nothing to deliver).
    const undelivered = await t.http.inject({ method: 'POST', url: '/orders', payload: { customer_id: 7, total_amount: 10 } });
    const notDelivered = await requestReturn(t, undelivered.json<{ id: number }>().id, { items: [{ sku, quantity: 1 }], reason: 'x' });
    expect(notDelivered.statusCode, notDelivered.body).toBe(409);
    // Another customer's order does not exist for them.
    const stranger = await t.app.tokens.issue!({ subject: 's', role: 'customer', customerId: 5 }, '5m');
    const foreign = await requestReturn(t, order.id, { items: [{ sku, quantity: 1 }], reason: 'x' }, { authorization: `Bearer ${stranger}` });
    expect(foreign.statusCode, foreign.body).toBe(404);
    expect(await countReturns()).toBe(before);
    expect((await eventTypes(t, order.id)).length).toBe(eventsBefore);
  });

  it('of two concurrent returns of the last unit, exactly one is accepted', async () => {
    const sku = await stockedSku(t, 5);
    const order = await deliveredOrder(t, [{ sku, quantity: 1, unit_price: 9.99 }]);
    const body = { items: [{ sku, quantity: 1 }], reason: 'race' };
    // One from the order's customer (7), one from an operator.
    const customer = await t.app.tokens.issue!({ subject: 'c7', role: 'customer', customerId: 7 }, '5m');
    const responses = await Promise.all([
      requestReturn(t, order.id, body, { 'idempotency-key': 'a', authorization: `Bearer ${customer}` }),
      requestReturn(t, order.id, body, { 'idempotency-key': 'b' }),
    ]);
    const statuses = responses.map((r) => r.statusCode).sort();
    expect(statuses[0]).toBe(201);
    expect([409, 422]).toContain(statuses[1]);
    const winner = responses.find((r) => r.statusCode === 201)!.json<ReturnJson>();
    await receiveAndRefund(t, order.id, winner.id, allReceived(winner));
    expect(await listReturns(t, order.id)).toHaveLength(1);
    expect(await getOrder(t, order.id)).toMatchObject({ refunded_amount: 9.99 });
  });

  it('refuses to delete a completed order while one of its returns is in flight, and deletes it once the return is refunded', async () => {
    const sku = await stockedSku(t, 5);
    const order = await deliveredOrder(t, [{ sku, quantity: 2, unit_price: 7.5 }]);
    const created = await requestReturn(t, order.id, { items: [{ sku, quantity: 1 }], reason: 'in flight' });
    expect(created.statusCode, created.body).toBe(201);
    const pending = created.json<ReturnJson>();
    await untilReturn(t, order.id, pending.id, 'awaiting_parcel');
    const eventsBefore = (await eventTypes(t, order.id)).length;

    // The return still owes the customer a refund: deleting the order would cascade it away.
    const refused = await t.http.inject({ method: 'DELETE', url: `/orders/${order.id}` });
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.json<{ detail: string }>().detail).toMatch(new RegExp(`return ${pending.id}`));
    expect(await getOrder(t, order.id)).toMatchObject({ status: 'completed' });
    expect((await listReturns(t, order.id)).map((r) => r.id)).toEqual([pending.id]);
    expect((await eventTypes(t, order.id)).length).toBe(eventsBefore);

    // Once the return is final, the finished order may go.
    await receiveAndRefund(t, order.id, pending.id, [{ sku, received_quantity: 1, resellable_quantity: 1 }]);
    const deleted = await t.http.inject({ method: 'DELETE', url: `/orders/${order.id}` });
    expect(deleted.statusCode, deleted.body).toBe(204);
  });

  it('takes the order lines of a return in line order whatever the request lists first, so it cannot deadlock with a receipt', async () => {
    const mug = await stockedSku(t, 5);
    const lamp = await stockedSku(t, 5);
    const order = await deliveredOrder(t, [
      { sku: mug, quantity: 1, unit_price: 4 },
      { sku: lamp, quantity: 1, unit_price: 6 },
    ]);
    // A receipt (or any writer in line order) holds line 1; the request names line 2 first.
    const holder = await t.db.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM order_items WHERE order_id = $1 AND line_no = 1 FOR UPDATE', [order.id]);
      const pending = requestReturn(t, order.id, {
        items: [
          { sku: lamp, quantity: 1 },
          { sku: mug, quantity: 1 },
        ],
        reason: 'lock order',
      });
      await eventually(async () => {
        const { rows } = await t.db.query(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
        return rows.length > 0 ? true : undefined;
      });
      // Waiting for line 1, the request holds nothing on line 2: the writer can take it too (no cycle).
      await holder.query('SELECT 1 FROM order_items WHERE order_id = $1 AND line_no = 2 FOR UPDATE NOWAIT', [order.id]);
      await holder.query('COMMIT');
      const created = await pending;
      expect(created.statusCode, created.body).toBe(201);
      const ret = created.json<ReturnJson>();
      expect(ret.items.map((item) => item.sku)).toEqual([mug, lamp]);
      await receiveAndRefund(t, order.id, ret.id, [
        { sku: mug, received_quantity: 1, resellable_quantity: 1 },
        { sku: lamp, received_quantity: 1, resellable_quantity: 1 },
      ]);
    } finally {
      await holder.query('ROLLBACK').catch(() => undefined);
      holder.release();
    }
  });

  it('a return id the database gives twice (its sequence behind the table) is a retryable 503 that stores nothing; the retry takes the next id', async () => {
    const sku = await stockedSku(t, 5);
    const order = await deliveredOrder(t, [{ sku, quantity: 2, unit_price: 3 }]);
    const first = await requestReturn(t, order.id, { items: [{ sku, quantity: 1 }], reason: 'first' });
    expect(first.statusCode, first.body).toBe(201);
    const taken = first.json<ReturnJson>().id;
    // As after a restore from a backup: the sequence hands out an id a stored return has.
    await t.db.query(`ALTER TABLE returns ALTER COLUMN id RESTART WITH ${taken}`);
    const before = await countReturns();
    const clash = await requestReturn(t, order.id, { items: [{ sku, quantity: 1 }], reason: 'second' });
    expect(clash.statusCode, clash.body).toBe(503);
    expect(clash.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(clash.headers['retry-after']).toBe('1');
    expect(clash.headers.location).toBeUndefined();
    expect(await countReturns()).toBe(before);
    const retried = await requestReturn(t, order.id, { items: [{ sku, quantity: 1 }], reason: 'second' });
    expect(retried.statusCode, retried.body).toBe(201);
    expect(retried.json<ReturnJson>().id).toBe(taken + 1);
    for (const ret of await listReturns(t, order.id)) await receiveAndRefund(t, order.id, ret.id, [{ sku, received_quantity: 1, resellable_quantity: 1 }]);
  });
});
