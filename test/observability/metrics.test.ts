import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: { ORDER_PROCESSING_DELAY: '100ms' } });
});
afterAll(() => t.close());

async function scrape(): Promise<string> {
  const response = await t.http.inject({ method: 'GET', url: '/metrics' });
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toMatch(/^text\/plain/);
  return response.body;
}

function sample(text: string, line: RegExp): number | undefined {
  const match = text.split('\n').find((l) => line.test(l));
  return match === undefined ? undefined : Number(match.split(' ').at(-1));
}

describe('/metrics', () => {
  it('counts orders created and completed, with the time from create to completion and per-step durations', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) {
      const response = await t.http.inject({
        method: 'POST',
        url: '/orders',
        headers: { 'content-type': 'application/json' },
        payload: { customer_id: 1, total_amount: 1 },
      });
      ids.push(response.json().id);
    }
    await Promise.all(ids.map((id) => t.temporal.workflow.getHandle(`order-${id}`).result()));
    const text = await scrape();
    expect(sample(text, /^orders_created_total /)).toBe(3);
    expect(sample(text, /^orders_terminal_total\{status="completed"\}/)).toBe(3);
    expect(sample(text, /^order_time_to_terminal_seconds_count\{status="completed"\}/)).toBe(3);
    expect(sample(text, /^order_step_duration_seconds_count\{step="settleOrder",outcome="success"\}/)).toBe(3);
  });

  it('counts a cancellation through the API as a terminal order', async () => {
    const response = await t.http.inject({
      method: 'POST',
      url: '/orders',
      headers: { 'content-type': 'application/json' },
      payload: { customer_id: 1, total_amount: 1 },
    });
    await t.http.inject({
      method: 'PUT',
      url: `/orders/${response.json().id}`,
      headers: { 'content-type': 'application/json' },
      payload: { status: 'cancelled' },
    });
    expect(sample(await scrape(), /^orders_terminal_total\{status="cancelled"\}/)).toBe(1);
  });

  it('labels HTTP metrics by route template, never by id, so label values stay bounded', async () => {
    for (const id of [1, 2, 3, 987654]) await t.http.inject({ method: 'GET', url: `/orders/${id}` });
    await t.http.inject({ method: 'GET', url: '/no/such/route/42' });
    const text = await scrape();
    expect(text).toMatch(/http_requests_total\{method="GET",route="\/orders\/:id",status_code="404"\} [1-9]/);
    expect(text).toMatch(/http_requests_total\{method="GET",route="unmatched",status_code="404"\} 1/);
    expect(text).not.toMatch(/route="\/orders\/987654"/);
    expect(text).toMatch(/http_request_duration_seconds_bucket\{le="0.005",method="POST",route="\/orders",status_code="201"\}/);
  });

  it('exports process health: resident memory and event loop lag', async () => {
    const text = await scrape();
    expect(sample(text, /^process_resident_memory_bytes /)).toBeGreaterThan(0);
    expect(text).toMatch(/^nodejs_eventloop_lag_p99_seconds /m);
  });
});
