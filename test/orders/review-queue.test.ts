/** GET /orders/review-queue and GET /orders?stage=: the orders awaiting review, from the progress on the order row. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrderRepository } from '../../src/orders/repository.js';
import { eventually, startTestApp, type TestApp } from '../support/harness.js';
import { createOrder, stockedSku, untilStage } from '../support/saga.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: { ORDER_REVIEW_THRESHOLD: '10.00' } });
});
afterAll(() => t?.close());

type OrderJson = { id: number; progress?: { stage: string; review_deadline?: string } };

describe('the review queue', () => {
  it('lists the orders awaiting review, the nearest deadline first, with their deadline; nothing else', async () => {
    const sku = await stockedSku(t, 10);
    const first = await createOrder(t, { items: [{ sku, quantity: 1, unit_price: 50 }] });
    await untilStage(t, first.id, 'awaiting_review');
    const second = await createOrder(t, { items: [{ sku, quantity: 1, unit_price: 60 }] });
    const small = await createOrder(t, { total_amount: 5 });
    await untilStage(t, second.id, 'awaiting_review');

    const response = await t.http.inject({ method: 'GET', url: '/orders/review-queue' });
    expect(response.statusCode, response.body).toBe(200);
    const queue = response.json<OrderJson[]>();
    expect(queue.map((order) => order.id)).toEqual([first.id, second.id]);
    expect(new Date(queue[0]!.progress!.review_deadline!).getTime()).toBeLessThan(new Date(queue[1]!.progress!.review_deadline!).getTime());

    const byStage = await t.http.inject({ method: 'GET', url: '/orders?stage=awaiting_review' });
    expect(byStage.json<OrderJson[]>().map((order) => order.id)).toEqual([first.id, second.id]);
    expect((await t.http.inject({ method: 'GET', url: '/orders?stage=awaiting_review&limit=1' })).headers.link).toContain('stage=awaiting_review');

    const approve = await t.http.inject({ method: 'POST', url: `/orders/${first.id}/approve` });
    expect(approve.statusCode, approve.body).toBe(200);
    // The next step moves the stage on, just after the approval returns.
    const after = await eventually(async () => {
      const ids = (await t.http.inject({ method: 'GET', url: '/orders/review-queue' })).json<OrderJson[]>().map((order) => order.id);
      return ids.length === 1 ? ids : undefined;
    });
    expect(after).toEqual([second.id]);
    expect(after).not.toContain(small.id);
  }, 60_000);

  it('holds only orders in flight: a late step cannot move a finished order back into it, nor does a stale row show', async () => {
    const orders = new OrderRepository(t.db);
    const insert = async (status: string, stage: string) =>
      Number(
        (
          await t.db.query<{ id: string }>(
            `INSERT INTO orders (customer_id, total_amount, status, stage, review_deadline) VALUES (9, 50, $1, $2, now()) RETURNING id`,
            [status, stage],
          )
        ).rows[0]!.id,
      );
    // A completed order; an attempt of its review step that outlived its timeout records its mark afterwards.
    const completed = await insert('completed', 'done');
    await orders.recordProgress(completed, { stage: 'awaiting_review', reviewDeadline: new Date(), completedStep: 'late_step' });
    const { rows } = await t.db.query<{ stage: string; completed_steps: string[] }>('SELECT stage, completed_steps FROM orders WHERE id = $1', [completed]);
    expect(rows[0]).toEqual({ stage: 'done', completed_steps: [] });
    // A cancelled order whose row still says awaiting_review (written before that guard existed).
    const stale = await insert('cancelled', 'awaiting_review');

    const queue = (await t.http.inject({ method: 'GET', url: '/orders/review-queue' })).json<OrderJson[]>().map((order) => order.id);
    expect(queue).not.toContain(completed);
    expect(queue).not.toContain(stale);
  });

  it('uses the index of orders awaiting review', async () => {
    const { rows } = await t.db.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN SELECT id FROM orders WHERE stage = 'awaiting_review' ORDER BY review_deadline, id LIMIT 100`,
    );
    // With a handful of rows the planner may prefer a scan; what matters is that the index exists and applies.
    const { rows: indexes } = await t.db.query(
      `SELECT indexname FROM pg_indexes WHERE tablename = 'orders' AND indexname IN ('orders_awaiting_review_idx', 'orders_stage_id_idx')`,
    );
    expect(indexes).toHaveLength(2);
    expect(rows.length).toBeGreaterThan(0);
  });

  it('refuses a stage that does not exist, and customers', async () => {
    expect((await t.http.inject({ method: 'GET', url: '/orders?stage=lost' })).statusCode).toBe(400);
    const token = await t.app.tokens.issue!({ subject: 'c', role: 'customer', customerId: 5 }, '5m');
    const response = await t.http.inject({ method: 'GET', url: '/orders/review-queue', headers: { authorization: `Bearer ${token}` } });
    expect(response.statusCode).toBe(403);
  });
});
