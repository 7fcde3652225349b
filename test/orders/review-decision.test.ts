/** Approve and reject take an optional note for the timeline; without a body they work as before. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/harness.js';
import { createOrder, stockedSku, untilFinished, untilStage } from '../support/saga.js';

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
