/**
 * GET /orders/counts: orders per status from the summary that migration 0011's triggers maintain,
 * checked against a real count after creates (one by one, concurrent and in bulk), status changes
 * and deletes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/harness.js';
import { createOrder, untilFinished } from '../support/saga.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: { ORDER_PROCESSING_DELAY: '1h' } });
});
afterAll(() => t?.close());

async function counts(): Promise<Record<string, number>> {
  const response = await t.http.inject({ method: 'GET', url: '/orders/counts' });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

async function actualCounts(): Promise<Record<string, number>> {
  const { rows } = await t.db.query<{ status: string; count: number }>('SELECT status, count(*)::int AS count FROM orders GROUP BY status');
  const result: Record<string, number> = { pending: 0, processing: 0, shipped: 0, completed: 0, cancelled: 0, failed: 0 };
  for (const row of rows) result[row.status] = row.count;
  return result;
}

describe('GET /orders/counts', () => {
  it('starts at zero for every status', async () => {
    expect(await counts()).toEqual({ pending: 0, processing: 0, shipped: 0, completed: 0, cancelled: 0, failed: 0 });
  });

  it('follows creates, concurrent creates, cancels and deletes', async () => {
    const first = await createOrder(t, { total_amount: 10 });
    await Promise.all(Array.from({ length: 20 }, () => createOrder(t, { total_amount: 1 })));
    expect(await counts()).toMatchObject({ pending: 21 });

    const cancel = await t.http.inject({ method: 'POST', url: `/orders/${first.id}/cancel` });
    expect(cancel.statusCode, cancel.body).toBe(200);
    await untilFinished(t, first.id);
    expect(await counts()).toMatchObject({ pending: 20, cancelled: 1 });

    const deleted = await t.http.inject({ method: 'DELETE', url: `/orders/${first.id}` });
    expect(deleted.statusCode, deleted.body).toBe(204);
    expect(await counts()).toEqual(await actualCounts());
    expect(await counts()).toMatchObject({ pending: 20, cancelled: 0 });
  }, 60_000);

  it('counts a bulk insert and a bulk status change (statement-level triggers)', async () => {
    const before = await counts();
    await t.db.query(`INSERT INTO orders (customer_id, total_amount) SELECT 1 + g % 50, 1 FROM generate_series(1, 5000) g`);
    await t.db.query(`UPDATE orders SET status = 'failed' WHERE customer_id = 3 AND status = 'pending'`);
    const after = await counts();
    expect(after).toEqual(await actualCounts());
    expect(after.pending! + after.failed!).toBe(before.pending! + before.failed! + 5000);
    expect(after.failed).toBeGreaterThanOrEqual(100);
  }, 60_000);

  it('are zero again after TRUNCATE (which fires no delete trigger)', async () => {
    await t.db.query('TRUNCATE orders CASCADE');
    expect(await counts()).toEqual({ pending: 0, processing: 0, shipped: 0, completed: 0, cancelled: 0, failed: 0 });
  });

  it('never reads the orders table', async () => {
    const { rows } = await t.db.query<{ 'QUERY PLAN': string }>('EXPLAIN SELECT status, sum(count) FROM order_status_counts GROUP BY status');
    expect(rows.map((row) => row['QUERY PLAN']).join('\n')).not.toMatch(/\borders\b/);
  });

  it('is for staff: a customer token gets 403', async () => {
    const token = await t.app.tokens.issue!({ subject: 'c', role: 'customer', customerId: 5 }, '5m');
    const response = await t.http.inject({ method: 'GET', url: '/orders/counts', headers: { authorization: `Bearer ${token}` } });
    expect(response.statusCode).toBe(403);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });
});
