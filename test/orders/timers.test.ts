/**
 * The saga's long timers, on Temporal's time-skipping test server (the Java test server, resolved
 * once per machine by src/dev/temporal-test-server.ts): the 24-hour review timeout and the 7-day
 * authorization expiry pass in seconds of real time. The API, the worker and PostgreSQL are real;
 * only the workflow clock jumps, when the test says so.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/harness.js';
import { createOrder, eventTypes, expectSagaInvariants, stockedSku, untilFinished, untilStage } from '../support/saga.js';
import { startTimeSkippingServer } from '../support/time-skipping.js';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await startTimeSkippingServer();
}, 120_000);
afterAll(() => env?.teardown());

function appOnTheTestServer(settings: Record<string, string>): { get: () => TestApp } {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ temporalAddress: env.address, env: { ORDER_PROCESSING_DELAY: '0ms', ORDER_REVIEW_THRESHOLD: '100.00', ...settings } });
  });
  afterAll(async () => {
    await expectSagaInvariants(t.db);
    await t.close();
  });
  return { get: () => t };
}

describe('an order awaiting review', () => {
  const app = appOnTheTestServer({ ORDER_REVIEW_TIMEOUT: '24h' });

  it('is cancelled review_timed_out once 24 hours pass undecided, its authorization voided and stock released', async () => {
    const t = app.get();
    const sku = await stockedSku(t, 3);
    const { id } = await createOrder(t, { items: [{ sku, quantity: 1, unit_price: 500 }] });
    const waiting = await untilStage(t, id, 'awaiting_review', 30_000);
    expect(Date.parse(waiting.progress!.review_deadline!) - Date.now()).toBeGreaterThan(23 * 3600_000);
    await env.sleep('25 hours');
    expect(await untilFinished(t, id, 30_000)).toMatchObject({ status: 'cancelled', status_reason: 'review_timed_out' });
    expect(await eventTypes(t, id)).toEqual(expect.arrayContaining(['review.timed_out', 'payment.voided', 'inventory.released']));
  }, 90_000);

  it('still waits after 23 hours: the timer is the review timeout, not something shorter', async () => {
    const t = app.get();
    const sku = await stockedSku(t, 3);
    const { id } = await createOrder(t, { items: [{ sku, quantity: 1, unit_price: 400 }] });
    await untilStage(t, id, 'awaiting_review', 30_000);
    await env.sleep('23 hours');
    expect(await untilStage(t, id, 'awaiting_review')).toMatchObject({ status: 'processing' });
    expect(await t.http.inject({ method: 'POST', url: `/orders/${id}/approve` })).toMatchObject({ statusCode: 200 });
    expect(await untilFinished(t, id, 30_000)).toMatchObject({ status: 'completed' });
  }, 90_000);
});

describe('an order whose review outlasts its payment authorization', () => {
  // Reviews may wait 30 days, but the local provider's authorization lapses after 7.
  const app = appOnTheTestServer({ ORDER_REVIEW_TIMEOUT: '720h', PAYMENT_AUTHORIZATION_TTL: '168h' });

  it('fails authorization_expired before the authorization lapses, never capturing it', async () => {
    const t = app.get();
    const sku = await stockedSku(t, 3);
    const { id } = await createOrder(t, { items: [{ sku, quantity: 1, unit_price: 300 }] });
    const waiting = await untilStage(t, id, 'awaiting_review', 30_000);
    // The review ends a minute before the authorization would lapse.
    expect(Date.parse(waiting.progress!.authorization_expires_at!) - Date.parse(waiting.progress!.review_deadline!)).toBe(60_000);
    await env.sleep('8 days');
    expect(await untilFinished(t, id, 30_000)).toMatchObject({ status: 'failed', status_reason: 'authorization_expired' });
    expect(await eventTypes(t, id)).not.toContain('payment.captured');
  }, 90_000);
});
