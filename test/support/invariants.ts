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
