/**
 * A return whose refund the payment provider declines (workflow version 3, `refund-declined`): it
 * waits as `refund_failed` for an operator's retry instead of failing its workflow. The local
 * provider declines every new refund while `declineRefunds` is on (read per call: switching it off
 * is the provider recovering). Real PostgreSQL, real Temporal, the API through app.inject.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/harness.js';
import {
  allReceived,
  deliveredOrder,
  expectReturnInvariants,
  getReturn,
  receiveAndDecline,
  requestReturn,
  retryRefund,
  type ReturnJson,
  untilReturn,
} from '../support/returns.js';
import { getOrder, stockedSku } from '../support/saga.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ env: { ORDER_PROCESSING_DELAY: '100ms' } });
});
afterEach(async () => {
  t.config.providers.payments.declineRefunds = false;
  await expectReturnInvariants(t.db);
});
afterAll(async () => {
  await t?.close();
});

interface EventJson {
  type: string;
  details: Record<string, unknown>;
}

async function events(orderId: number): Promise<EventJson[]> {
  const response = await t.http.inject({ method: 'GET', url: `/orders/${orderId}/events?limit=500` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<EventJson[]>();
}

const refundsAtProvider = async (orderId: number) =>
  (
    await t.db.query<{ idempotency_key: string; state: string; amount: string }>(
      'SELECT idempotency_key, state, amount FROM payment_refunds WHERE order_id = $1 ORDER BY id',
      [orderId],
    )
  ).rows;

/** return_refunds_declined_total{reason="refund_declined"}: what the ReturnRefundsDeclined alert reads. */
const declinedCount = async () => (await t.metrics.returnRefundsDeclined.get()).values.find((value) => value.labels.reason === 'refund_declined')?.value ?? 0;

/** A delivered order of three mugs at 12.50, and a return of two of them whose refund (25.00) was declined. */
async function declinedReturn(): Promise<{ orderId: number; customerId: number; ret: ReturnJson }> {
  const sku = await stockedSku(t, 10);
  const order = await deliveredOrder(t, [{ sku, quantity: 3, unit_price: 12.5 }]);
  const created = await requestReturn(t, order.id, { items: [{ sku, quantity: 2 }], reason: 'wrong colour' });
  expect(created.statusCode, created.body).toBe(201);
  const ret = await receiveAndDecline(t, order.id, created.json<ReturnJson>().id, allReceived(created.json<ReturnJson>()));
  return { orderId: order.id, customerId: (order as typeof order & { customer_id: number }).customer_id, ret };
}

describe('a refund the payment provider declines', () => {
  it('leaves the return refund_failed with the reason on the timeline, no money moved, and its workflow waiting for a retry', async () => {
    const declinedBefore = await declinedCount();
    const { orderId, ret } = await declinedReturn();
    expect(ret).toMatchObject({ status: 'refund_failed', refund_amount: 25 });
    expect(await declinedCount()).toBe(declinedBefore + 1);
    const declines = (await events(orderId)).filter((event) => event.type === 'return.refund_failed');
    expect(declines).toHaveLength(1);
    expect(declines[0]!.details).toMatchObject({ return_id: ret.id, reason: 'refund_declined', attempt: 1, amount: '25.00' });
    expect(declines[0]!.details.message).toMatch(/declined the refund/);
    expect(Date.parse(declines[0]!.details.retry_until as string)).toBeGreaterThan(Date.now() + 29 * 24 * 3600_000);
    expect((await events(orderId)).map((event) => event.type)).not.toContain('return.refunded');

    expect(await getOrder(t, orderId)).toMatchObject({ status: 'completed', refunded_amount: 0 });
    expect(await refundsAtProvider(orderId)).toEqual([{ idempotency_key: `return-${ret.id}/refund`, state: 'failed', amount: '25.00' }]);
    const workflow = await t.temporal.workflow.getHandle(`return-${ret.id}`).describe();
    expect(workflow.status.name).toBe('RUNNING');

    // It still owes the customer 25.00: its order cannot be deleted.
    const deleted = await t.http.inject({ method: 'DELETE', url: `/orders/${orderId}` });
    expect(deleted.statusCode, deleted.body).toBe(409);
    expect(deleted.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(deleted.json<{ detail: string }>().detail).toMatch(new RegExp(`return ${ret.id} is refund_failed`));
  });

  it('is refunded exactly once by an operator retry once the provider recovers, each attempt under its own key', async () => {
    const { orderId, ret } = await declinedReturn();
    // Still declining: the retry is answered with the new decline (attempt 2), and nothing is paid.
    const declinedAgain = await retryRefund(t, orderId, ret.id, { 'idempotency-key': `retry-${ret.id}-a` });
    expect(declinedAgain.statusCode, declinedAgain.body).toBe(200);
    expect(declinedAgain.json<ReturnJson>().status).toBe('refund_failed');
    const declines = (await events(orderId)).filter((event) => event.type === 'return.refund_failed');
    expect(declines.map((event) => event.details.attempt)).toEqual([1, 2]);
    expect(declines[1]!.details).toMatchObject({ actor: 'operator:development-operator' });
    // The window is counted from the first decline, not restarted by a retry.
    expect(declines[1]!.details.retry_until).toBe(declines[0]!.details.retry_until);

    t.config.providers.payments.declineRefunds = false;
    const retried = await retryRefund(t, orderId, ret.id, { 'idempotency-key': `retry-${ret.id}-b` });
    expect(retried.statusCode, retried.body).toBe(200);
    expect(retried.json<ReturnJson>()).toMatchObject({ status: 'refunded', refund_amount: 25 });
    // The same request again (a client that lost the answer) is the same answer, not a second refund.
    const replayed = await retryRefund(t, orderId, ret.id, { 'idempotency-key': `retry-${ret.id}-b` });
    expect(replayed.statusCode, replayed.body).toBe(200);
    expect(replayed.json<ReturnJson>().status).toBe('refunded');

    expect(await getOrder(t, orderId)).toMatchObject({ refunded_amount: 25 });
    expect(await refundsAtProvider(orderId)).toEqual([
      { idempotency_key: `return-${ret.id}/refund`, state: 'failed', amount: '25.00' },
      { idempotency_key: `return-${ret.id}/refund/2`, state: 'failed', amount: '25.00' },
      { idempotency_key: `return-${ret.id}/refund/3`, state: 'succeeded', amount: '25.00' },
    ]);
    const refunded = (await events(orderId)).filter((event) => event.type === 'return.refunded');
    expect(refunded).toHaveLength(1);
    expect(refunded[0]!.details).toMatchObject({ amount: '25.00', attempt: 3, actor: 'operator:development-operator' });
    expect(await t.temporal.workflow.getHandle(`return-${ret.id}`).result()).toBe('refunded');

    // Refunded now: another retry is a 409 that stores and pays nothing.
    const eventsBefore = (await events(orderId)).length;
    const again = await retryRefund(t, orderId, ret.id, { 'idempotency-key': `retry-${ret.id}-c` });
    expect(again.statusCode, again.body).toBe(409);
    expect(again.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await events(orderId)).length).toBe(eventsBefore);
    expect(await refundsAtProvider(orderId)).toHaveLength(3);
  });

  it('cannot be retried by the customer (403), and changes nothing then', async () => {
    const { orderId, customerId, ret } = await declinedReturn();
    const eventsBefore = (await events(orderId)).length;
    const customer = await t.app.tokens.issue!({ subject: `c${customerId}`, role: 'customer', customerId }, '5m');
    t.config.providers.payments.declineRefunds = false;
    const refused = await retryRefund(t, orderId, ret.id, { authorization: `Bearer ${customer}` });
    expect(refused.statusCode, refused.body).toBe(403);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await getReturn(t, orderId, ret.id)).json<ReturnJson>().status).toBe('refund_failed');
    expect((await events(orderId)).length).toBe(eventsBefore);
    expect(await refundsAtProvider(orderId)).toHaveLength(1);
    // An operator may; the invariants after the test then see it refunded.
    expect((await retryRefund(t, orderId, ret.id)).json<ReturnJson>().status).toBe('refunded');
  });

  it('a retry of a return that is not refund_failed is a 409 problem that stores nothing; an unknown return is a 404', async () => {
    const sku = await stockedSku(t, 10);
    const order = await deliveredOrder(t, [{ sku, quantity: 2, unit_price: 4 }]);
    const created = await requestReturn(t, order.id, { items: [{ sku, quantity: 1 }], reason: 'not yet sent' });
    expect(created.statusCode, created.body).toBe(201);
    const ret = await untilReturn(t, order.id, created.json<ReturnJson>().id, 'awaiting_parcel');
    const eventsBefore = (await events(order.id)).length;

    const refused = await retryRefund(t, order.id, ret.id, { 'idempotency-key': `early-${ret.id}` });
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.json<{ detail: string }>().detail).toMatch(/awaiting_parcel/);
    const unknown = await retryRefund(t, order.id, ret.id + 1_000_000);
    expect(unknown.statusCode, unknown.body).toBe(404);
    expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);

    expect((await getReturn(t, order.id, ret.id)).json<ReturnJson>().status).toBe('awaiting_parcel');
    expect((await events(order.id)).length).toBe(eventsBefore);
    expect(await refundsAtProvider(order.id)).toEqual([]);
    // The return goes on as before: received and refunded at the first attempt.
    const receive = await t.http.inject({ method: 'POST', url: `/orders/${order.id}/returns/${ret.id}/receive`, payload: { items: allReceived(ret) } });
    expect(receive.statusCode, receive.body).toBe(200);
    await untilReturn(t, order.id, ret.id, 'refunded');
  });
});
