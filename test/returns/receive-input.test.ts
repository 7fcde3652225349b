/**
 * POST /orders/{id}/returns/{returnId}/receive moves money: a receipt refunds what it states. So it
 * states every line of the return, and any other body is a problem that stores nothing and sends
 * nothing to the return's workflow (which accepts one receipt only: a bad one that got through would
 * make the good one after it a 409).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/harness.js';
import { eventTypes, stockedSku, stockOf } from '../support/saga.js';
import { deliveredOrder, expectReturnInvariants, getReturn, receiveAndRefund, requestReturn, type ReturnJson, untilReturn } from '../support/returns.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ env: { ORDER_PROCESSING_DELAY: '100ms' } });
});
afterAll(async () => {
  await t?.close();
});

type Body = { payload?: string; contentType?: string };
const json = (value: unknown): Body => ({ payload: JSON.stringify(value) });
const line = (sku: string, received: unknown, resellable: unknown = 0) => ({ sku, received_quantity: received, resellable_quantity: resellable });

const receive = (orderId: number, returnId: number, { payload, contentType = 'application/json' }: Body) =>
  t.http.inject({
    method: 'POST',
    url: `/orders/${orderId}/returns/${returnId}/receive`,
    ...(payload === undefined ? {} : { payload, headers: { 'content-type': contentType } }),
  });

const storedReceipts = async (returnId: number) =>
  (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM return_items WHERE return_id = $1 AND received_quantity IS NOT NULL', [returnId])).rows[0]!
    .n;

describe('receiving a return', () => {
  it('refuses every receipt that does not state each line of the return within what it holds, storing and sending nothing', async () => {
    const mug = await stockedSku(t, 10);
    const lamp = await stockedSku(t, 10);
    const order = await deliveredOrder(t, [
      { sku: mug, quantity: 2, unit_price: 12.5 },
      { sku: lamp, quantity: 1, unit_price: 40.01 },
    ]);
    const created = await requestReturn(t, order.id, {
      items: [
        { sku: mug, quantity: 2 },
        { sku: lamp, quantity: 1 },
      ],
      reason: 'both',
    });
    expect(created.statusCode, created.body).toBe(201);
    const ret = created.json<ReturnJson>();
    await untilReturn(t, order.id, ret.id, 'awaiting_parcel');
    const eventsBefore = await eventTypes(t, order.id);
    const mugStock = await stockOf(t, mug);
    const both = (mugLine: unknown, lampLine: unknown = line(lamp, 1, 1)) => json({ items: [mugLine, lampLine] });

    const cases: [string, Body, number, RegExp][] = [
      ['no body', {}, 400, /body is missing/],
      ['an empty body', { payload: '' }, 400, /body is missing/],
      ['null', { payload: 'null' }, 400, /./],
      ['{}', json({}), 400, /items/],
      ['no lines', json({ items: [] }), 400, /items/],
      ['lines as an object', json({ items: { sku: mug } }), 400, /items/],
      ['a line without its resellable units', json({ items: [{ sku: mug, received_quantity: 2 }, line(lamp, 1)] }), 400, /resellable_quantity/],
      ['a negative quantity', both(line(mug, -1)), 400, /received_quantity/],
      ['a negative resellable quantity', both(line(mug, 1, -1)), 400, /resellable_quantity/],
      ['a fractional quantity', both(line(mug, 1.5)), 400, /received_quantity/],
      ['a quantity as a string', both(line(mug, '2')), 400, /received_quantity/],
      ['a huge quantity', both(line(mug, 1_000_000_000)), 400, /received_quantity/],
      ['a quantity past a double', { payload: `{"items": [{"sku": "${mug}", "received_quantity": 1e400, "resellable_quantity": 0}]}` }, 400, /exactly/],
      [
        'a quantity past the safe integers',
        { payload: `{"items": [{"sku": "${mug}", "received_quantity": 9007199254740993, "resellable_quantity": 0}]}` },
        400,
        /exactly/,
      ],
      ['more than the return holds', both(line(mug, 3, 0)), 422, /holds 2 of/],
      ['more resellable than received', both(line(mug, 1, 2)), 422, /Resellable/],
      ['a SKU the return does not have', both(line(mug, 2, 2), line('SKU-NOT-RETURNED', 1, 1)), 422, /has no item with SKU SKU-NOT-RETURNED/],
      ['the same SKU twice', json({ items: [line(mug, 1, 1), line(mug, 1, 1), line(lamp, 1, 1)] }), 400, /twice/],
      ['a line of the return left out', json({ items: [line(mug, 2, 2)] }), 422, new RegExp(`also holds 1 of ${lamp}`)],
      ['an unknown field', json({ items: [line(mug, 2, 2), line(lamp, 1, 1)], all: true }), 400, /unknown property/],
      ['a line with an unknown field', both({ ...line(mug, 2, 2), refund: 100 }), 400, /unknown property/],
      ['more lines than a return has', json({ items: Array.from({ length: 101 }, (_, i) => line(`SKU-${i}`, 1)) }), 400, /items/],
      ['a body over the limit', json({ items: [line(mug, 2, 2), line(lamp, 1, 1)], pad: 'x'.repeat(1_100_000) }), 413, /./],
      ['another content type', { payload: 'items=all', contentType: 'application/x-www-form-urlencoded' }, 415, /./],
    ];
    for (const [what, body, status, detail] of cases) {
      const response = await receive(order.id, ret.id, body);
      expect(response.statusCode, `${what}: ${response.body}`).toBe(status);
      expect(response.headers['content-type'], what).toMatch(/^application\/problem\+json/);
      const problem = response.json<{ status: number; detail?: string; title: string }>();
      expect(problem.status, what).toBe(status);
      expect(`${problem.title} ${problem.detail ?? ''}`, what).toMatch(detail);
      expect(response.body.length, what).toBeLessThan(4096);
    }

    expect(await storedReceipts(ret.id)).toBe(0);
    expect((await getReturn(t, order.id, ret.id)).json<ReturnJson>().status).toBe('awaiting_parcel');
    expect(await eventTypes(t, order.id)).toEqual(eventsBefore);
    expect(await stockOf(t, mug)).toEqual(mugStock);

    // The workflow heard none of it: the first stated receipt is accepted, and refunds exactly what it states.
    const refunded = await receiveAndRefund(t, order.id, ret.id, [line(mug, 1, 1), line(lamp, 0)] as Parameters<typeof receiveAndRefund>[3]);
    expect(refunded).toMatchObject({
      refund_amount: 12.5,
      items: [
        { sku: mug, quantity: 2, received_quantity: 1, resellable_quantity: 1, refund_amount: 12.5 },
        { sku: lamp, quantity: 1, received_quantity: 0, resellable_quantity: 0, refund_amount: 0 },
      ],
    });
    expect((await stockOf(t, mug)).on_hand).toBe(mugStock.on_hand + 1);
    await expectReturnInvariants(t.db);
  });
});
