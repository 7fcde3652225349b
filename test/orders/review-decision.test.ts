/** Approve and reject take an optional note for the timeline; without a body they work as before. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestApp, type TestApp } from '../support/harness.js';
import { createOrder, eventTypes, stockedSku, untilFinished, untilStage } from '../support/saga.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: { ORDER_REVIEW_THRESHOLD: '10.00' } });
});
afterAll(() => t?.close());

async function awaitingReview(): Promise<number> {
  const sku = await stockedSku(t, 5);
  const order = await createOrder(t, { items: [{ sku, quantity: 1, unit_price: 50 }] });
  await untilStage(t, order.id, 'awaiting_review');
  return order.id;
}

const reviewEvent = async (id: number) => {
  const events = (await t.http.inject({ method: 'GET', url: `/orders/${id}/events` })).json<{ type: string; details: Record<string, unknown> }[]>();
  return events.find((event) => event.type.startsWith('review.') && event.type !== 'review.requested');
};

describe('review decisions', () => {
  it('record the note in the timeline', async () => {
    const id = await awaitingReview();
    const response = await t.http.inject({ method: 'POST', url: `/orders/${id}/reject`, payload: { note: 'Address looks made up' } });
    expect(response.statusCode, response.body).toBe(200);
    expect(await untilFinished(t, id)).toMatchObject({ status: 'cancelled', status_reason: 'review_rejected' });
    expect(await reviewEvent(id)).toMatchObject({ type: 'review.rejected', details: { note: 'Address looks made up' } });
  }, 60_000);

  it('work without a body', async () => {
    const id = await awaitingReview();
    const response = await t.http.inject({ method: 'POST', url: `/orders/${id}/approve` });
    expect(response.statusCode, response.body).toBe(200);
    expect(await untilFinished(t, id)).toMatchObject({ status: 'completed' });
    expect((await reviewEvent(id))?.details).not.toHaveProperty('note');
  }, 60_000);

  it('work with an empty JSON body: `{}`, or no body at all under Content-Type: application/json', async () => {
    const [approved, rejected] = await Promise.all([awaitingReview(), awaitingReview()]);
    const empty = await t.http.inject({ method: 'POST', url: `/orders/${approved}/approve`, headers: { 'content-type': 'application/json' }, payload: '{}' });
    expect(empty.statusCode, empty.body).toBe(200);
    const none = await t.http.inject({ method: 'POST', url: `/orders/${rejected}/reject`, headers: { 'content-type': 'application/json' } });
    expect(none.statusCode, none.body).toBe(200);
    expect(await untilFinished(t, approved)).toMatchObject({ status: 'completed' });
    expect(await untilFinished(t, rejected)).toMatchObject({ status: 'cancelled', status_reason: 'review_rejected' });
  }, 90_000);

  it('refuse a malformed note and store nothing', async () => {
    const id = await awaitingReview();
    for (const payload of [{ note: '' }, { note: 'x'.repeat(501) }, { note: 1 }, { reason: 'x' }]) {
      const response = await t.http.inject({ method: 'POST', url: `/orders/${id}/approve`, payload });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
    expect(await reviewEvent(id)).toBeUndefined();
  }, 60_000);
});

describe('a review decision that arrives as the review deadline passes', () => {
  let late: TestApp;
  beforeAll(async () => {
    // A short review, on the real server's clock; room for the decision's update to wait for the
    // workflow task that records the timeout.
    late = await startTestApp({ env: { ORDER_REVIEW_THRESHOLD: '10.00', ORDER_REVIEW_TIMEOUT: '3s', TEMPORAL_RPC_TIMEOUT: '30s' } });
  });
  afterAll(() => late?.close());

  it('is refused with 409 once the timer fired, never answered 200 and then ignored', async () => {
    const sku = await stockedSku(late, 3);
    const { id } = await createOrder(late, { items: [{ sku, quantity: 1, unit_price: 45 }] });
    // Recording the timeout takes a while: the decision arrives after the timer fired, before the order
    // ended. The event is a local activity: while it outlasts the workflow task (each attempt stalls
    // until the trigger is dropped), the task's heartbeats (every 8 s) let the decision's update in.
    await late.db.query(`
      CREATE OR REPLACE FUNCTION stall_review_timeout() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_sleep(10); RETURN NEW; END $$;
      CREATE TRIGGER stall_review_timeout BEFORE INSERT ON order_events
        FOR EACH ROW WHEN (NEW.type = 'review.timed_out') EXECUTE FUNCTION stall_review_timeout();
    `);
    try {
      await untilStage(late, id, 'awaiting_review');
      await eventually(
        async () => {
          const { rows } = await late.db.query(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event = 'PgSleep'`);
          return rows.length > 0 ? true : undefined;
        },
        30_000,
        'the review timeout to be recorded',
      );
      const approve = await late.http.inject({ method: 'POST', url: `/orders/${id}/approve` });
      expect(approve.statusCode, approve.body).toBe(409);
      expect(approve.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(approve.json<{ detail: string }>().detail).toMatch(/review .*closed/i);
    } finally {
      await late.db.query('DROP TRIGGER stall_review_timeout ON order_events');
    }
    expect(await untilFinished(late, id, 60_000)).toMatchObject({ status: 'cancelled', status_reason: 'review_timed_out' });
    const events = await eventTypes(late, id);
    expect(events).toContain('review.timed_out');
    expect(events).not.toContain('review.approved');
  }, 120_000);
});
