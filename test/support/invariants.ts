import type pg from 'pg';
import { expect } from 'vitest';

/**
 * The money invariants of partial refunds, checked over the whole test database: per capture and
 * per order, succeeded refunds never exceed what was captured, and what a capture holds for its
 * refunds (refund_held) is exactly its pending and succeeded refunds.
 */
export async function expectRefundsWithinCaptures(pool: pg.Pool): Promise<void> {
  const perCapture = await pool.query(
    `SELECT c.id, c.amount, c.refund_held, COALESCE(sum(r.amount) FILTER (WHERE r.state IN ('pending', 'succeeded')), 0)::NUMERIC(12, 2) AS held
     FROM payment_captures c LEFT JOIN payment_refunds r ON r.capture_id = c.id
     GROUP BY c.id
     HAVING COALESCE(sum(r.amount) FILTER (WHERE r.state IN ('pending', 'succeeded')), 0) > c.amount
         OR COALESCE(sum(r.amount) FILTER (WHERE r.state IN ('pending', 'succeeded')), 0) <> c.refund_held`,
  );
  expect(perCapture.rows).toEqual([]);
  const perOrder = await pool.query('SELECT order_id, captured, refunded FROM order_payment_totals WHERE refunded > captured');
  expect(perOrder.rows).toEqual([]);
}

/**
 * The stock invariants per location (migration 0016), over the whole test database: stock never
 * negative, reservations never above what their location has, each location's `reserved` exactly
 * its held reservations, and inventory's counts exactly the sums over locations.
 */
export async function expectLocationStockWithinBounds(pool: pg.Pool): Promise<void> {
  const outOfBounds = await pool.query(`SELECT sku, location, on_hand, reserved FROM location_stock WHERE on_hand < 0 OR reserved < 0 OR reserved > on_hand`);
  expect(outOfBounds.rows, 'stock out of bounds at a location').toEqual([]);
  const held = await pool.query(
    `SELECT s.sku, s.location, s.on_hand, s.reserved, COALESCE(sum(r.quantity) FILTER (WHERE r.status = 'reserved'), 0)::int AS held
     FROM location_stock s LEFT JOIN inventory_reservations r ON r.sku = s.sku AND r.location = s.location
     GROUP BY s.sku, s.location
     HAVING COALESCE(sum(r.quantity) FILTER (WHERE r.status = 'reserved'), 0) <> s.reserved
         OR COALESCE(sum(r.quantity) FILTER (WHERE r.status = 'reserved'), 0) > s.on_hand`,
  );
  expect(held.rows, 'reservations above (or other than) what their location holds').toEqual([]);
  const orphans = await pool.query(
    `SELECT r.order_id, r.sku, r.location FROM inventory_reservations r
     WHERE r.status = 'reserved' AND NOT EXISTS (SELECT 1 FROM location_stock s WHERE s.sku = r.sku AND s.location = r.location)`,
  );
  expect(orphans.rows, 'units held at a location without stock of the SKU').toEqual([]);
  const sums = await pool.query(
    `SELECT i.sku FROM inventory i LEFT JOIN location_stock s ON s.sku = i.sku
     GROUP BY i.sku, i.on_hand, i.reserved
     HAVING i.on_hand <> COALESCE(sum(s.on_hand), 0) OR i.reserved <> COALESCE(sum(s.reserved), 0)`,
  );
  expect(sums.rows, "inventory's counts differ from the sums over locations").toEqual([]);
}
