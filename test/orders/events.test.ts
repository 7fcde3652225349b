import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/harness.js';
import { untilFinished, untilStage } from '../support/saga.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: { ORDER_PROCESSING_DELAY: '1s' } });
});
afterAll(() => t.close());

const json = { 'content-type': 'application/json' };
const events = async (id: number, headers: Record<string, string> = {}) =>
  (await t.http.inject({ method: 'GET', url: `/orders/${id}/events`, headers })).json<{ type: string; source: string; details: Record<string, unknown> }[]>();

describe('GET /orders/{id}/events', () => {
  it('records creation, API changes with their actor, and the workflow completing the order, in order', async () => {
    const { id } = (await t.http.inject({ method: 'POST', url: '/orders', headers: json, payload: { customer_id: 4, total_amount: 10 } })).json();
    await t.http.inject({ method: 'PUT', url: `/orders/${id}`, headers: json, payload: { total_amount: 12.5 } });
    await t.temporal.workflow.getHandle(`order-${id}`).result();

    const timeline = await events(id);
    expect(timeline.map((e) => [e.type, e.source])).toEqual([
      ['order.created', 'api'],
      ['order.amount_changed', 'api'],
      ['order.status_changed', 'workflow'],
      ['fraud.screened', 'workflow'],
      ['payment.authorized', 'workflow'],
      ['payment.captured', 'workflow'],
      ['order.status_changed', 'workflow'],
    ]);
    expect(timeline[0]!.details).toMatchObject({ customer_id: 4, total_amount: '10.00', actor: 'operator:development-operator' });
    expect(timeline[1]!.details).toMatchObject({ from: '10.00', to: '12.50' });
    expect(timeline[2]!.details).toEqual({ from: 'pending', to: 'processing' });
    expect(timeline[4]!.details).toMatchObject({ amount: '12.50' });
    expect(timeline[6]!.details).toEqual({ from: 'processing', to: 'completed' });
  });

  it('has exactly one event reaching a final status, even when a cancel races the workflow', async () => {
    const { id } = (await t.http.inject({ method: 'POST', url: '/orders', headers: json, payload: { customer_id: 4, total_amount: 1 } })).json();
    await new Promise((resolve) => setTimeout(resolve, 250));
    await t.http.inject({ method: 'PUT', url: `/orders/${id}`, headers: json, payload: { status: 'cancelled' } });
    await t.temporal.workflow
      .getHandle(`order-${id}`)
      .result()
      .catch(() => undefined);
    const final = (await events(id)).filter((e) => e.type === 'order.status_changed' && ['completed', 'cancelled', 'failed'].includes(String(e.details.to)));
    expect(final).toHaveLength(1);
  });

  it('writes nothing for a rejected change, and keeps the trail of a deleted order in the database', async () => {
    const { id } = (await t.http.inject({ method: 'POST', url: '/orders', headers: json, payload: { customer_id: 4, total_amount: 1 } })).json();
    await t.temporal.workflow.getHandle(`order-${id}`).result();
    expect((await t.http.inject({ method: 'PUT', url: `/orders/${id}`, headers: json, payload: { status: 'pending' } })).statusCode).toBe(409);
    expect(await events(id)).toHaveLength(6);
    expect((await t.http.inject({ method: 'DELETE', url: `/orders/${id}` })).statusCode).toBe(204);
    expect((await t.http.inject({ method: 'GET', url: `/orders/${id}/events` })).statusCode).toBe(404);
    const { rows } = await t.db.query('SELECT type FROM order_events WHERE order_id = $1 ORDER BY id', [id]);
    expect(rows.map((r) => r.type)).toEqual([
      'order.created',
      'order.status_changed',
      'fraud.screened',
      'payment.authorized',
      'payment.captured',
      'order.status_changed',
      'order.deleted',
    ]);
  });

  it("is another customer's business: 404", async () => {
    const { id } = (await t.http.inject({ method: 'POST', url: '/orders', headers: json, payload: { customer_id: 4, total_amount: 1 } })).json();
    const stranger = await t.app.tokens.issue!({ subject: 's', role: 'customer', customerId: 5 }, '5m');
    expect((await t.http.inject({ method: 'GET', url: `/orders/${id}/events`, headers: { authorization: `Bearer ${stranger}` } })).statusCode).toBe(404);
  });

  it("shows a customer what happened to their order, but not which operator did it, the fraud rule's numbers or a reviewer's note", async () => {
    const bearer = async (principal: Parameters<NonNullable<TestApp['app']['tokens']['issue']>>[0]) => ({
      ...json,
      authorization: `Bearer ${await t.app.tokens.issue!(principal, '5m')}`,
    });
    const customer = await bearer({ subject: 'alice', role: 'customer', customerId: 41 });
    const operator = await bearer({ subject: 'olga', role: 'operator' });
    // Above the review threshold: it waits for an operator, whose decision the timeline records.
    const created = await t.http.inject({ method: 'POST', url: '/orders', headers: customer, payload: { total_amount: 2500 } });
    expect(created.statusCode, created.body).toBe(201);
    const { id } = created.json<{ id: number }>();
    await untilStage(t, id, 'awaiting_review');
    const approve = await t.http.inject({
      method: 'POST',
      url: `/orders/${id}/approve`,
      headers: { authorization: operator.authorization, 'content-type': 'application/json' },
      payload: { note: 'Checked with the bank: card holder confirmed' },
    });
    expect(approve.statusCode, approve.body).toBe(200);
    await untilFinished(t, id);

    const asCustomer = await events(id, customer);
    const asOperator = await events(id, operator);
    const details = (timeline: typeof asCustomer, type: string) => timeline.find((e) => e.type === type)!.details;
    expect(details(asCustomer, 'order.created').actor).toBe('customer:alice');
    expect(details(asCustomer, 'review.approved')).toEqual({ actor: 'operator' });
    expect(details(asCustomer, 'fraud.screened')).toEqual({ passed: true });
    expect(JSON.stringify(asCustomer)).not.toContain('olga');
    expect(JSON.stringify(asCustomer)).not.toContain('card holder');
    // Staff still see who did what and how the screening came out.
    expect(details(asOperator, 'review.approved')).toEqual({ actor: 'operator:olga', note: 'Checked with the bank: card holder confirmed' });
    expect(details(asOperator, 'fraud.screened')).toMatchObject({ passed: true, limit: 1_000_000, orders_last_hour: expect.any(Number) });
    expect(asOperator.map((e) => e.type)).toEqual(asCustomer.map((e) => e.type));
  });
});
