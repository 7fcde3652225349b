/**
 * Helpers for tests that drive orders through the saga over real HTTP (app.inject), and the
 * database invariants every such test checks afterwards.
 */
import { expect } from 'vitest';
import type pg from 'pg';
import { eventually, type TestApp } from './harness.js';
import { expectLocationStockWithinBounds } from './invariants.js';

export interface OrderJson {
  id: number;
  status: string;
  status_reason: string | null;
  total_amount: number;
  items: { sku: string; quantity: number; unit_price: number }[];
  progress?: { stage: string; completed_steps: string[]; cancellable: boolean; review_deadline?: string; authorization_expires_at?: string };
}

let skuCounter = 0;
/** A SKU of its own with `onHand` units, so tests never share stock by accident. */
export async function stockedSku(t: TestApp, onHand: number, prefix = 'SKU'): Promise<string> {
  const sku = `${prefix}-${process.pid}-${Date.now().toString(36)}-${skuCounter++}`;
  const response = await t.http.inject({ method: 'PUT', url: `/inventory/${sku}`, payload: { on_hand: onHand } });
  expect(response.statusCode, response.body).toBe(201);
  return sku;
}

/** Where test parcels go (orders with items need an address). */
export const TEST_ADDRESS = { name: 'Ada Lovelace', line1: '12 St James Square', city: 'London', postal_code: 'SW1Y 4JH', country: 'GB' };

/** Creates an order; one with items gets TEST_ADDRESS unless the body says otherwise. */
export async function createOrder(t: TestApp, body: Record<string, unknown>): Promise<OrderJson> {
  const address = body.items && !('shipping_address' in body) ? { shipping_address: TEST_ADDRESS } : {};
  const response = await t.http.inject({ method: 'POST', url: '/orders', payload: { customer_id: 7, ...address, ...body } });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<OrderJson>();
}

export async function getOrder(t: TestApp, id: number): Promise<OrderJson> {
  const response = await t.http.inject({ method: 'GET', url: `/orders/${id}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<OrderJson>();
}

/** Waits until the order's progress (GET /orders/{id}, from PostgreSQL) shows `stage`. */
export function untilStage(t: TestApp, id: number, stage: string, timeoutMs = 20_000): Promise<OrderJson> {
  return eventually(
    async () => {
      const order = await getOrder(t, id);
      return order.progress?.stage === stage ? order : undefined;
    },
    timeoutMs,
    `order ${id} to reach ${stage}`,
  );
}

const FINAL = new Set(['completed', 'cancelled', 'failed']);

/** Waits until the order is completed, cancelled or failed, and returns it. */
export function untilFinished(t: TestApp, id: number, timeoutMs = 30_000): Promise<OrderJson> {
  return eventually(
    async () => {
      const order = await getOrder(t, id);
      return FINAL.has(order.status) ? order : undefined;
    },
    timeoutMs,
    `order ${id} to finish`,
  );
}

export async function eventTypes(t: TestApp, id: number): Promise<string[]> {
  const response = await t.http.inject({ method: 'GET', url: `/orders/${id}/events?limit=500` });
  return response.json<{ type: string }[]>().map((event) => event.type);
}

export async function stockOf(t: TestApp, sku: string): Promise<{ on_hand: number; reserved: number; available: number }> {
  return (await t.http.inject({ method: 'GET', url: `/inventory/${sku}` })).json();
}

/**
 * The saga's invariants, checked on the database itself once every order has finished:
 * stock never negative and `reserved` equal to what reservations hold; every reservation of a
 * finished order released, or consumed exactly when its line shipped (all of a completed order's);
 * captured − refunded equal to the total less the order's refunded_amount (a parcel lost of several)
 * for completed orders and 0 otherwise, refunded never above captured, with no money left
 * authorized; a returned parcel restocked at most what shipped; a delivered order has delivered_at
 * and each line the units of its parcels that arrived; exactly one final status event per order.
 */
export async function expectSagaInvariants(db: pg.Pool): Promise<void> {
  await eventually(
    async () => {
      const { rows } = await db.query<{ count: number }>(`SELECT count(*)::int AS count FROM orders WHERE status NOT IN ('completed', 'cancelled', 'failed')`);
      return rows[0]!.count === 0 ? true : undefined;
    },
    60_000,
    'every order to finish',
  );

  const violations = async (sql: string) => (await db.query(sql)).rows;
  await expectLocationStockWithinBounds(db);
  expect(await violations(`SELECT sku FROM inventory WHERE on_hand < 0 OR reserved < 0 OR reserved > on_hand`), 'stock out of bounds').toEqual([]);
  expect(
    await violations(`
      SELECT i.sku, i.reserved, COALESCE(sum(r.quantity) FILTER (WHERE r.status = 'reserved'), 0) AS held
      FROM inventory i LEFT JOIN inventory_reservations r ON r.sku = i.sku
      GROUP BY i.sku, i.reserved
      HAVING i.reserved <> COALESCE(sum(r.quantity) FILTER (WHERE r.status = 'reserved'), 0)`),
    'inventory.reserved differs from the reservations that hold it',
  ).toEqual([]);
  expect(
    await violations(`
      SELECT r.order_id, r.sku, r.status, o.status AS order_status
      FROM inventory_reservations r JOIN orders o ON o.id = r.order_id
      WHERE r.status = 'reserved'
         -- what a line shipped is what its reservations consumed, summed over locations (a row each)
         OR EXISTS (SELECT 1 FROM order_items i WHERE i.order_id = o.id AND i.sku = r.sku
                    AND i.shipped_quantity <> (SELECT COALESCE(sum(c.quantity), 0) FROM inventory_reservations c
                                               WHERE c.order_id = r.order_id AND c.sku = r.sku AND c.status = 'consumed'))
         OR (r.status = 'consumed' AND NOT EXISTS (SELECT 1 FROM order_items i WHERE i.order_id = o.id AND i.sku = r.sku))
         -- a line an edit removed (or shrank off a location) keeps its released reservation (the history of the stock it held)
         OR (o.status = 'completed' AND EXISTS (SELECT 1 FROM order_items i WHERE i.order_id = o.id AND i.sku = r.sku AND i.shipped_quantity <> i.quantity))`),
    'reservations not released (or not consumed: shipped) for finished orders',
  ).toEqual([]);
  expect(
    await violations(`
      SELECT order_id, captured, refunded FROM order_payment_totals WHERE refunded > captured`),
    'refunded more than captured',
  ).toEqual([]);
  expect(
    await violations(`
      SELECT m.source, m.sku, sum(m.quantity) AS restocked
      FROM stock_movements m
      WHERE m.kind = 'restock' AND m.source LIKE 'order-%/returned_to_sender'
      GROUP BY m.source, m.sku
      HAVING sum(m.quantity) > (SELECT COALESCE(sum(i.shipped_quantity), 0) FROM order_items i
                                WHERE i.order_id = split_part(substr(m.source, 7), '/', 1)::bigint AND i.sku = m.sku)`),
    'restocked more than was shipped',
  ).toEqual([]);
  expect(
    await violations(`
      SELECT o.id FROM orders o
      WHERE (o.delivered_at IS NOT NULL) <> (o.status = 'completed' AND EXISTS (SELECT 1 FROM order_items i WHERE i.order_id = o.id))
         -- a line's delivered units are those of its order's parcels that arrived (all of them, but for a parcel lost of several)
         OR EXISTS (SELECT 1 FROM order_items i WHERE i.order_id = o.id AND i.delivered_quantity <> CASE WHEN o.delivered_at IS NULL THEN 0 ELSE
                      (SELECT COALESCE(sum(p.quantity), 0) FROM shipments s, jsonb_to_recordset(s.parcels) AS p (sku text, quantity int)
                       WHERE s.order_id = o.id AND s.status = 'delivered' AND p.sku = i.sku) END)`),
    'a completed order with goods not delivered as its parcels arrived, or delivered_at on another',
  ).toEqual([]);
  expect(
    await violations(`
      SELECT o.id, o.status, o.total_amount, COALESCE(p.captured, 0) - COALESCE(p.refunded, 0) AS net, COALESCE(p.authorized, 0) AS held
      FROM orders o LEFT JOIN order_payment_totals p ON p.order_id = o.id
      WHERE COALESCE(p.captured, 0) - COALESCE(p.refunded, 0) <> CASE WHEN o.status = 'completed' THEN o.total_amount - o.refunded_amount ELSE 0 END
         OR COALESCE(p.refunded, 0) <> o.refunded_amount
         OR COALESCE(p.authorized, 0) <> 0`),
    'captured − refunded differs from the total less what the order recorded as refunded (completed) or 0 (others), or money is still held',
  ).toEqual([]);
  expect(
    await violations(`
      SELECT o.id, count(e.id) AS final_events
      FROM orders o LEFT JOIN order_events e
        ON e.order_id = o.id AND e.type = 'order.status_changed' AND e.details->>'to' IN ('completed', 'cancelled', 'failed')
      GROUP BY o.id HAVING count(e.id) <> 1`),
    'orders without exactly one final event',
  ).toEqual([]);
}
