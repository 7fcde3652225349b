/**
 * GET /orders/{id}/returns/{returnId}: the resource a created return's Location names, under the
 * same access rule as the order's list of returns.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/harness.js';
import { stockedSku } from '../support/saga.js';
import {
  allReceived,
  deliveredOrder,
  expectReturnInvariants,
  getReturn,
  listReturns,
  receiveAndRefund,
  requestReturn,
  type ReturnJson,
} from '../support/returns.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ env: { ORDER_PROCESSING_DELAY: '100ms' } });
});
afterAll(async () => {
  await t?.close();
});

const bearer = async (customerId: number) => ({
  authorization: `Bearer ${await t.app.tokens.issue!({ subject: `c${customerId}`, role: 'customer', customerId }, '5m')}`,
});

describe('one return of an order', () => {
  it("resolves a created return's Location to the return the list shows, and another order's return id is not found", async () => {
    const sku = await stockedSku(t, 10);
    const order = await deliveredOrder(t, [{ sku, quantity: 2, unit_price: 4.35 }]);
    const other = await deliveredOrder(t, [{ sku, quantity: 1, unit_price: 1 }]);
    const created = await requestReturn(t, order.id, { items: [{ sku, quantity: 1 }], reason: 'scratched' });
    expect(created.statusCode, created.body).toBe(201);
    const ret = created.json<ReturnJson>();

    const located = await t.http.inject({ method: 'GET', url: created.headers.location as string });
    expect(located.statusCode, located.body).toBe(200);
    expect(located.headers['content-type']).toMatch(/^application\/json/);
    expect(located.json()).toEqual((await listReturns(t, order.id)).find((r) => r.id === ret.id));

    // Followed through to its refund, it is still the list's element.
    const refunded = await receiveAndRefund(t, order.id, ret.id, allReceived(ret));
    const after = await getReturn(t, order.id, ret.id);
    expect(after.json()).toEqual(refunded);
    expect(after.json<ReturnJson>()).toMatchObject({ status: 'refunded', refund_amount: 4.35 });

    for (const [orderId, returnId] of [
      [other.id, ret.id],
      [order.id, ret.id + 1_000_000],
    ] as const) {
      const missing = await getReturn(t, orderId, returnId);
      expect(missing.statusCode, missing.body).toBe(404);
      expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(missing.json()).toMatchObject({ status: 404, detail: `Order ${orderId} has no return ${returnId}.` });
      const receipt = await t.http.inject({ method: 'POST', url: `/orders/${orderId}/returns/${returnId}/receive`, payload: { items: allReceived(ret) } });
      expect(receipt.statusCode, receipt.body).toBe(404);
    }
    await expectReturnInvariants(t.db);
  });

  it('shows a customer the returns of their own orders only, answering another customer as the list does', async () => {
    // The harness's orders are customer 7's.
    const sku = await stockedSku(t, 10);
    const order = await deliveredOrder(t, [{ sku, quantity: 1, unit_price: 2 }]);
    const created = await requestReturn(t, order.id, { items: [{ sku, quantity: 1 }], reason: 'mine' }, await bearer(7));
    expect(created.statusCode, created.body).toBe(201);
    const ret = created.json<ReturnJson>();

    const own = await getReturn(t, order.id, ret.id, await bearer(7));
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json<ReturnJson>()).toMatchObject({ id: ret.id, order_id: order.id });

    const stranger = await bearer(8);
    const list = await t.http.inject({ method: 'GET', url: `/orders/${order.id}/returns`, headers: stranger });
    const one = await getReturn(t, order.id, ret.id, stranger);
    expect(list.statusCode, list.body).toBe(404);
    expect(one.statusCode, one.body).toBe(list.statusCode);
    expect(one.headers['content-type']).toBe(list.headers['content-type']);
    // The same problem; only `instance`, the request's own path, differs.
    const withoutInstance = (body: Record<string, unknown>) => ({ ...body, instance: undefined });
    expect(withoutInstance(one.json())).toEqual(withoutInstance(list.json()));
    // And for them a return id that does not exist looks the same as one that does.
    expect(withoutInstance((await getReturn(t, order.id, ret.id + 1_000_000, stranger)).json())).toEqual(withoutInstance(list.json()));

    await receiveAndRefund(t, order.id, ret.id, allReceived(ret));
    await expectReturnInvariants(t.db);
  });

  it('refuses a return id that is not one with a 400, and a well-formed one no return has with a 404, never a 5xx', async () => {
    const sku = await stockedSku(t, 10);
    const order = await deliveredOrder(t, [{ sku, quantity: 1, unit_price: 2 }]);
    const cases: [string, number][] = [
      ['abc', 400],
      ['0', 400],
      ['-1', 400],
      ['1.5', 400],
      ['1e3', 400],
      ['%20', 400],
      ['9007199254740992', 400],
      ['99999999999999999999999999999999', 400],
      ['9223372036854775808', 400],
      ['9007199254740991', 404],
    ];
    for (const [returnId, status] of cases) {
      for (const response of [
        await getReturn(t, order.id, returnId),
        await t.http.inject({
          method: 'POST',
          url: `/orders/${order.id}/returns/${returnId}/receive`,
          payload: { items: [{ sku, received_quantity: 1, resellable_quantity: 1 }] },
        }),
      ]) {
        expect(response.statusCode, `${returnId}: ${response.body}`).toBe(status);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
    }
  });
});
