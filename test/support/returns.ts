/**
 * Helpers for tests of returns: an order delivered to its customer, a return requested and followed
 * through its workflow, and the database invariants of returns and partial refunds.
 */
import type pg from 'pg';
import { expect } from 'vitest';
import { eventually, type TestApp } from './harness.js';
import { expectRefundsWithinCaptures } from './invariants.js';
import { createOrder, type OrderJson, untilFinished } from './saga.js';

export interface ReturnJson {
  id: number;
  order_id: number;
  status: string;
  reason: string;
  label_tracking_number?: string;
  refund_amount?: number;
  items: { sku: string; quantity: number; received_quantity?: number; resellable_quantity?: number; refund_amount?: number }[];
}

/**
 * An order with these items, delivered: the real path, once. The saga reserves, authorizes,
 * ships and captures; the local carrier (the harness runs its reporter) reports the parcel in
 * transit and then delivered through POST /carriers/{carrier}/events, and the order's workflow
 * completes it at delivery.
 */
export async function deliveredOrder(
  t: TestApp,
  items: { sku: string; quantity: number; unit_price: number }[],
): Promise<OrderJson & { delivered_at: string }> {
  const order = await createOrder(t, { items });
  const finished = (await untilFinished(t, order.id)) as OrderJson & { delivered_at: string | null };
  expect(finished.status, JSON.stringify(finished)).toBe('completed');
  expect(finished.delivered_at).not.toBeNull();
  return finished as OrderJson & { delivered_at: string };
}

export function requestReturn(t: TestApp, orderId: number, body: unknown, headers: Record<string, string> = {}) {
  return t.http.inject({ method: 'POST', url: `/orders/${orderId}/returns`, payload: body as Record<string, unknown>, headers });
}

export async function listReturns(t: TestApp, orderId: number): Promise<ReturnJson[]> {
  const response = await t.http.inject({ method: 'GET', url: `/orders/${orderId}/returns` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<ReturnJson[]>();
}

export function untilReturn(t: TestApp, orderId: number, returnId: number, status: string, timeoutMs = 20_000): Promise<ReturnJson> {
  return eventually(
    async () => (await listReturns(t, orderId)).find((r) => r.id === returnId && r.status === status),
    timeoutMs,
    `return ${returnId} to be ${status}`,
  );
}

export function getReturn(t: TestApp, orderId: number, returnId: number | string, headers: Record<string, string> = {}) {
  return t.http.inject({ method: 'GET', url: `/orders/${orderId}/returns/${returnId}`, headers });
}

export type ReceivedLine = { sku: string; received_quantity: number; resellable_quantity: number };

/** Every line of a return arrived in full, resellable: the receipt a warehouse states for an intact parcel. */
export const allReceived = (ret: ReturnJson): ReceivedLine[] =>
  ret.items.map(({ sku, quantity }) => ({ sku, received_quantity: quantity, resellable_quantity: quantity }));

/** Receives a return's parcel once its label is out (the warehouse's POST …/receive), and waits until it is refunded. */
export async function receiveAndRefund(t: TestApp, orderId: number, returnId: number, items: ReceivedLine[]) {
  await untilReturn(t, orderId, returnId, 'awaiting_parcel');
  const response = await t.http.inject({ method: 'POST', url: `/orders/${orderId}/returns/${returnId}/receive`, payload: { items } });
  expect(response.statusCode, response.body).toBe(200);
  expect(response.json<ReturnJson>().status).toBe('received');
  return untilReturn(t, orderId, returnId, 'refunded');
}

/** Receives a return's parcel once its label is out, while the provider declines refunds, and waits until it is refund_failed. */
export async function receiveAndDecline(t: TestApp, orderId: number, returnId: number, items: ReceivedLine[]): Promise<ReturnJson> {
  await untilReturn(t, orderId, returnId, 'awaiting_parcel');
  t.config.providers.payments.declineRefunds = true;
  const response = await t.http.inject({ method: 'POST', url: `/orders/${orderId}/returns/${returnId}/receive`, payload: { items } });
  expect(response.statusCode, response.body).toBe(200);
  return untilReturn(t, orderId, returnId, 'refund_failed');
}

/** An operator's (or `headers`' caller's) POST …/retry-refund. */
export function retryRefund(t: TestApp, orderId: number, returnId: number, headers: Record<string, string> = {}) {
  return t.http.inject({ method: 'POST', url: `/orders/${orderId}/returns/${returnId}/retry-refund`, headers });
}

/**
 * The invariants of returns, on the database itself: per line returned ≤ delivered (and the chain
 * refunded ≤ received ≤ authorized), each line's counters equal to what its open or received
 * returns hold (a rejected or expired return holds none); what a
 * refunded (or refund_failed) return restocked posted once, exactly its resellable units; refunds within captures per
 * capture and per order; the order's refunded_amount what the provider refunded; one
 * `return.refunded` event per refunded return, none for the others; the money each return moved:
 * one succeeded refund under its keys, of its amount, when refunded (none when it was zero), none
 * while refund_failed; and a `return.refund_failed` event for each refund_failed return, only ever
 * on returns that are refund_failed or were refunded after a retry.
 */
export async function expectReturnInvariants(db: pg.Pool): Promise<void> {
  const violations = async (sql: string) => (await db.query(sql)).rows;
  await expectRefundsWithinCaptures(db);
  expect(
    await violations(`
      SELECT i.order_id, i.line_no FROM order_items i
      WHERE NOT (0 <= i.refunded_quantity AND i.refunded_quantity <= i.received_quantity AND i.received_quantity <= i.return_authorized_quantity
                 AND i.return_authorized_quantity <= i.delivered_quantity)
         OR i.received_quantity <> COALESCE((SELECT sum(ri.received_quantity) FROM return_items ri WHERE ri.order_id = i.order_id AND ri.line_no = i.line_no), 0)
         OR i.return_authorized_quantity <> COALESCE((SELECT sum(COALESCE(ri.received_quantity, ri.quantity))
                                                     FROM return_items ri JOIN returns r ON r.id = ri.return_id AND r.status NOT IN ('rejected', 'expired')
                                                     WHERE ri.order_id = i.order_id AND ri.line_no = i.line_no), 0)`),
    'order lines whose return quantities break the chain or differ from their returns',
  ).toEqual([]);
  expect(
    await violations(`
      SELECT r.id, ri.sku, ri.resellable_quantity, COALESCE(sum(m.quantity), 0) AS restocked, count(m.id) AS movements
      FROM returns r JOIN return_items ri ON ri.return_id = r.id
      LEFT JOIN stock_movements m ON m.source = 'return-' || r.id AND m.sku = ri.sku
      WHERE r.status IN ('refunded', 'refund_failed')
      GROUP BY r.id, ri.sku, ri.resellable_quantity
      HAVING COALESCE(sum(m.quantity), 0) <> ri.resellable_quantity OR count(m.id) > 1`),
    'returns restocked other than once, by their resellable units',
  ).toEqual([]);
  expect(
    await violations(`
      SELECT o.id, o.refunded_amount, p.refunded FROM orders o LEFT JOIN order_payment_totals p ON p.order_id = o.id
      WHERE o.refunded_amount <> COALESCE(p.refunded, 0)`),
    'orders whose refunded_amount is not what the provider refunded',
  ).toEqual([]);
  expect(
    await violations(`
      SELECT r.id, r.status, count(e.id) AS refunded_events FROM returns r
      LEFT JOIN order_events e ON e.order_id = r.order_id AND e.type = 'return.refunded' AND (e.details->>'return_id')::bigint = r.id
      GROUP BY r.id HAVING count(e.id) <> CASE WHEN r.status = 'refunded' THEN 1 ELSE 0 END`),
    'returns without exactly one final event',
  ).toEqual([]);
  await expectRefundsOfReturns(db);
}

/** What each return's refund attempts moved at the provider, and what its timeline says of declines. */
async function expectRefundsOfReturns(db: pg.Pool): Promise<void> {
  const violations = async (sql: string) => (await db.query(sql)).rows;
  expect(
    await violations(`
      SELECT r.id, r.status, r.refund_amount, count(p.id) AS succeeded, COALESCE(sum(p.amount), 0) AS paid FROM returns r
      LEFT JOIN payment_refunds p ON p.state = 'succeeded' AND p.order_id = r.order_id
                                 AND (p.idempotency_key = 'return-' || r.id || '/refund' OR p.idempotency_key LIKE 'return-' || r.id || '/refund/%')
      GROUP BY r.id
      HAVING count(p.id) > 1
          OR (r.status = 'refunded' AND COALESCE(sum(p.amount), 0) <> r.refund_amount)
          OR (r.status <> 'refunded' AND count(p.id) > 0)`),
    'returns that moved money other than once, by their refund amount, and only when refunded',
  ).toEqual([]);
  expect(
    await violations(`
      SELECT r.id, r.status, count(e.id) AS declines FROM returns r
      LEFT JOIN order_events e ON e.order_id = r.order_id AND e.type = 'return.refund_failed' AND (e.details->>'return_id')::bigint = r.id
      GROUP BY r.id
      HAVING (r.status = 'refund_failed' AND count(e.id) = 0) OR (r.status NOT IN ('refund_failed', 'refunded') AND count(e.id) > 0)`),
    'refund_failed returns without their decline on the timeline, or declines of returns that never got that far',
  ).toEqual([]);
}
