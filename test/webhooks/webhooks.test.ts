import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool } from '../../src/db/pool.js';
import { createLogger } from '../../src/logger.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { WebhookDispatcher } from '../../src/webhooks/dispatcher.js';
import { WebhookRepository } from '../../src/webhooks/repository.js';
import { eventually, startTestApp, type TestApp } from '../support/harness.js';
import { type Receiver, startReceiver } from './receiver.js';

let t: TestApp;
const receivers: Receiver[] = [];
beforeAll(async () => {
  t = await startTestApp({
    webhooks: true,
    // No workflow event while a test runs; short retries.
    env: { ORDER_PROCESSING_DELAY: '1h', WEBHOOK_MIN_BACKOFF: '100ms', WEBHOOK_MAX_BACKOFF: '300ms', WEBHOOK_POLL_INTERVAL: '50ms', WEBHOOK_TIMEOUT: '500ms' },
  });
});
afterAll(async () => {
  await t?.close();
  await Promise.all(receivers.map((r) => r.close()));
});

const json = { 'content-type': 'application/json' };

interface Created {
  id: number;
  url: string;
  description: string | null;
  secret: string;
  created_at: string;
}

async function register(receiver: Receiver, description?: string): Promise<Created> {
  const response = await t.http.inject({
    method: 'POST',
    url: '/webhooks',
    headers: json,
    payload: { url: receiver.url, ...(description ? { description } : {}) },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<Created>();
}

async function receiver(answer?: Parameters<typeof startReceiver>[0]): Promise<Receiver> {
  const r = await startReceiver(answer);
  receivers.push(r);
  return r;
}

async function createOrder(totalAmount = 10): Promise<number> {
  const response = await t.http.inject({ method: 'POST', url: '/orders', headers: json, payload: { customer_id: 7, total_amount: totalAmount } });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: number }>().id;
}

async function eventIds(orderId: number): Promise<number[]> {
  const { rows } = await t.db.query<{ id: string }>('SELECT id FROM order_events WHERE order_id = $1 ORDER BY id', [orderId]);
  return rows.map((r) => Number(r.id));
}

const count = async (table: string) => Number((await t.db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n);

describe('registering endpoints', () => {
  it('creates an endpoint with a server-generated secret shown once, and lists it without the secret', async () => {
    const r = await receiver();
    const created = await register(r, 'billing system');
    expect(created).toMatchObject({ url: r.url, description: 'billing system' });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);

    const one = await t.http.inject({ method: 'GET', url: `/webhooks/${created.id}` });
    expect(one.statusCode).toBe(200);
    expect(one.json()).toEqual({
      id: created.id,
      url: r.url,
      description: 'billing system',
      created_at: created.created_at,
      status: 'active',
      failing_since: null,
      disabled_at: null,
      disabled_reason: null,
    });
    const list = await t.http.inject({ method: 'GET', url: '/webhooks' });
    expect(list.json<{ id: number }[]>().map((e) => e.id)).toContain(created.id);
    expect(list.body).not.toContain('whsec_');
    await t.http.inject({ method: 'DELETE', url: `/webhooks/${created.id}` });
  });

  it('never stores the secret with the Idempotency-Key, and replays the endpoint without it', async () => {
    const r = await receiver();
    const headers = { ...json, 'idempotency-key': `webhook-${Math.random()}` };
    const first = await t.http.inject({ method: 'POST', url: '/webhooks', headers, payload: { url: r.url } });
    expect(first.statusCode).toBe(201);
    const created = first.json<Created>();
    expect(created.secret).toMatch(/^whsec_/);

    const { rows } = await t.db.query<{ response_body: string }>("SELECT response_body FROM idempotency_keys WHERE key = $1 AND state = 'completed'", [
      headers['idempotency-key'],
    ]);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.response_body).not.toContain(created.secret);
    expect(rows[0]!.response_body).not.toContain('whsec_');

    const replay = await t.http.inject({ method: 'POST', url: '/webhooks', headers, payload: { url: r.url } });
    expect(replay.statusCode).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.headers.location).toBe(`/webhooks/${created.id}`);
    const withoutSecret = Object.fromEntries(Object.entries(created).filter(([name]) => name !== 'secret'));
    expect(replay.json()).toEqual(withoutSecret);
    expect(replay.body).not.toContain('whsec_');
    await t.http.inject({ method: 'DELETE', url: `/webhooks/${created.id}` });
  });

  it('a request that outlives its lock on the key cannot register a second endpoint once a retry took the key over', async () => {
    const r = await receiver();
    const headers = { ...json, 'idempotency-key': `webhook-slow-${Math.random()}` };
    // Only the first insert into webhook_endpoints from now on stalls (a sequence is not rolled back, so the retry's does not).
    await t.db.query(`
      CREATE SEQUENCE IF NOT EXISTS stall_webhook_once;
      CREATE OR REPLACE FUNCTION stall_first_webhook() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF nextval('stall_webhook_once') = 1 THEN PERFORM pg_sleep(2); END IF; RETURN NEW; END $$;
      CREATE TRIGGER stall_first_webhook BEFORE INSERT ON webhook_endpoints FOR EACH ROW EXECUTE FUNCTION stall_first_webhook();
    `);
    try {
      const before = await count('webhook_endpoints');
      const slow = t.http.inject({ method: 'POST', url: '/webhooks', headers, payload: { url: r.url } });
      await eventually(async () => {
        const { rows } = await t.db.query(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event = 'PgSleep'`);
        return rows.length > 0 ? true : undefined;
      });
      // Time passes for the slow request: its lock (IDEMPOTENCY_KEY_LOCK) runs out, and the client retries.
      await t.db.query(`UPDATE idempotency_keys SET locked_until = now() - interval '1 second' WHERE key = $1`, [headers['idempotency-key']]);
      const retry = await t.http.inject({ method: 'POST', url: '/webhooks', headers, payload: { url: r.url } });
      expect(retry.statusCode, retry.body).toBe(201);
      const late = await slow;
      expect(late.statusCode, late.body).toBe(409);
      expect(late.json().detail).toMatch(/a retry with the same key took it over; this request changed nothing/);
      expect(await count('webhook_endpoints')).toBe(before + 1);
      await t.http.inject({ method: 'DELETE', url: `/webhooks/${retry.json<Created>().id}` });
    } finally {
      await t.db.query('DROP TRIGGER stall_first_webhook ON webhook_endpoints');
    }
  });

  it('refuses bad input with a problem and stores nothing', async () => {
    const before = await count('webhook_endpoints');
    const bad: unknown[] = [
      {},
      { url: '' },
      { url: 'not a url' },
      { url: '/relative/path' },
      { url: 'ftp://example.com/hooks' },
      { url: 'javascript:alert(1)' },
      { url: 'https://user:password@example.com/hooks' },
      { url: 'https://example.com/a b' },
      { url: `https://example.com/${'x'.repeat(2040)}` },
      { url: 42 },
      { url: 'https://example.com/hooks', secret: 'mine' },
      { url: 'https://example.com/hooks', description: 'x'.repeat(501) },
      { url: 'https://example.com/hooks', description: 'null\u0000byte' },
      { url: 'https://example.com/hooks', description: 'lone \ud800 surrogate' },
    ];
    for (const payload of bad) {
      const response = await t.http.inject({ method: 'POST', url: '/webhooks', headers: json, payload: JSON.stringify(payload) });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    expect(await count('webhook_endpoints')).toBe(before);
  });

  it('is 404 for an unknown endpoint and 403 for customers', async () => {
    for (const [method, url] of [
      ['GET', '/webhooks/999999'],
      ['DELETE', '/webhooks/999999'],
      ['GET', '/webhooks/999999/deliveries'],
      ['POST', '/webhooks/999999/enable'],
    ] as const) {
      const response = await t.http.inject({ method, url });
      expect(response.statusCode, `${method} ${url}`).toBe(404);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    const customer = await t.app.tokens.issue!({ subject: 'c', role: 'customer', customerId: 7 }, '5m');
    const response = await t.http.inject({
      method: 'POST',
      url: '/webhooks',
      headers: { ...json, authorization: `Bearer ${customer}` },
      payload: { url: 'https://example.com/x' },
    });
    expect(response.statusCode).toBe(403);
  });
});

describe('delivering order events', () => {
  it('delivers an order created through the API, signed with the endpoint secret', async () => {
    const r = await receiver();
    const endpoint = await register(r);
    const orderId = await createOrder(12.5);
    const [got] = await eventually(async () => (r.forOrder(orderId).length > 0 ? r.forOrder(orderId) : undefined), 10_000, 'the order.created webhook');
    const [eventId] = await eventIds(orderId);

    expect(got!.headers['webhook-id']).toBe(String(eventId));
    expect(got!.headers['content-type']).toBe('application/json');
    expect(got!.json).toMatchObject({
      id: eventId,
      type: 'order.created',
      order_id: orderId,
      source: 'api',
      details: { customer_id: 7, total_amount: '12.50' },
    });
    const timeline = (await t.http.inject({ method: 'GET', url: `/orders/${orderId}/events` })).json<unknown[]>();
    expect(got!.json).toEqual(timeline[0]);

    // The Standard Webhooks reference verifier accepts it as received, and nothing else.
    const headers = {
      'webhook-id': got!.headers['webhook-id'],
      'webhook-timestamp': got!.headers['webhook-timestamp'],
      'webhook-signature': got!.headers['webhook-signature'],
    } as Record<string, string>;
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(Math.abs(Number(headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
    expect(new Webhook(endpoint.secret).verify(got!.body, headers)).toEqual(got!.json);
    expect(() => new Webhook(endpoint.secret).verify(got!.body.replace('12.50', '1250.00'), headers)).toThrow();
    expect(() => new Webhook(endpoint.secret).verify(got!.body, { ...headers, 'webhook-id': `${eventId! + 1}` })).toThrow();
    await t.http.inject({ method: 'DELETE', url: `/webhooks/${endpoint.id}` });
  });

  it("keeps one order's events in order while the receiver fails, and shows every attempt", async () => {
    // 503 twice, then 200: the later events of the order must wait for the first.
    const r = await receiver(({ count }) => (count < 2 ? 503 : 200));
    const endpoint = await register(r);
    const orderId = await createOrder(10);
    for (const payload of [{ total_amount: 11 }, { total_amount: 12 }]) {
      expect((await t.http.inject({ method: 'PUT', url: `/orders/${orderId}`, headers: json, payload })).statusCode).toBe(200);
    }
    const ids = await eventIds(orderId);
    expect(ids).toHaveLength(3);
    await eventually(async () => (r.forOrder(orderId).filter((x) => x.status === 200).length === 3 ? true : undefined), 15_000, 'three delivered events');

    const arrivals = r.forOrder(orderId).map((x) => [x.json.id, x.status]);
    expect(arrivals).toEqual([
      [ids[0], 503],
      [ids[0], 503],
      [ids[0], 200],
      [ids[1], 200],
      [ids[2], 200],
    ]);

    const deliveries = await eventually(async () => {
      const response = await t.http.inject({ method: 'GET', url: `/webhooks/${endpoint.id}/deliveries` });
      expect(response.statusCode).toBe(200);
      const list =
        response.json<{ event_id: number; state: string; attempt_count: number; attempts: { status_code: number | null; error: string | null }[] }[]>();
      return list.filter((d) => ids.includes(d.event_id)).every((d) => d.state === 'delivered') ? list : undefined;
    });
    const first = deliveries.find((d) => d.event_id === ids[0])!;
    expect(first).toMatchObject({ state: 'delivered', attempt_count: 3, last_error: null, next_attempt_at: null });
    expect(first.attempts.map((a) => a.status_code)).toEqual([503, 503, 200]);
    expect(first.attempts.map((a) => a.error)).toEqual(['HTTP 503', 'HTTP 503', null]);
    expect(deliveries.find((d) => d.event_id === ids[2])).toMatchObject({ event_type: 'order.amount_changed', attempt_count: 1 });

    // Pagination by delivery id.
    const page = await t.http.inject({
      method: 'GET',
      url: `/webhooks/${endpoint.id}/deliveries?limit=1&after=${(deliveries[0] as unknown as { id: number }).id}`,
    });
    expect(page.json<unknown[]>()).toHaveLength(1);

    const metrics = (await t.http.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(/webhook_delivery_attempts_total\{outcome="failed"\} [1-9]/);
    expect(metrics).toMatch(/webhook_delivery_attempts_total\{outcome="delivered"\} [1-9]/);
    await t.http.inject({ method: 'DELETE', url: `/webhooks/${endpoint.id}` });
  });

  it('records refused connections and timeouts as attempts, and keeps retrying', async () => {
    const refusing = await receiver();
    const refused = await register(refusing);
    await refusing.close(); // nothing listens there any more
    const hanging = createServer(() => undefined); // accepts, never answers
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const silent = (
      await t.http.inject({ method: 'POST', url: '/webhooks', headers: json, payload: { url: `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/` } })
    ).json<Created>();
    try {
      const orderId = await createOrder();
      const [eventId] = await eventIds(orderId);
      for (const [endpoint, error] of [
        [refused, /ECONNREFUSED/],
        [silent, /^timeout: no complete answer within 500 ms$/],
      ] as const) {
        const delivery = await eventually(async () => {
          const list = (await t.http.inject({ method: 'GET', url: `/webhooks/${endpoint.id}/deliveries` })).json<
            { event_id: number; state: string; last_error: string | null; attempts: { status_code: number | null; error: string }[] }[]
          >();
          const d = list.find((x) => x.event_id === eventId);
          return d && d.attempts.length >= 2 ? d : undefined;
        });
        expect(delivery.state).toBe('pending');
        expect(delivery.last_error).toMatch(error);
        expect(delivery.attempts.every((a) => a.status_code === null && error.test(a.error))).toBe(true);
      }
    } finally {
      await t.http.inject({ method: 'DELETE', url: `/webhooks/${refused.id}` });
      await t.http.inject({ method: 'DELETE', url: `/webhooks/${silent.id}` });
      hanging.closeAllConnections();
      hanging.close();
    }
  });

  it('sends nothing more to a deleted endpoint', async () => {
    const r = await receiver();
    const endpoint = await register(r);
    const first = await createOrder();
    await eventually(async () => (r.forOrder(first).length > 0 ? true : undefined));

    expect((await t.http.inject({ method: 'DELETE', url: `/webhooks/${endpoint.id}` })).statusCode).toBe(204);
    expect((await t.http.inject({ method: 'GET', url: `/webhooks/${endpoint.id}` })).statusCode).toBe(404);
    expect((await t.http.inject({ method: 'DELETE', url: `/webhooks/${endpoint.id}` })).statusCode).toBe(404);
    const second = await createOrder();
    await t.http.inject({ method: 'PUT', url: `/orders/${second}`, headers: json, payload: { total_amount: 13 } });
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // 20 poll intervals
    expect(r.forOrder(second)).toEqual([]);
    const { rows } = await t.db.query('SELECT count(*)::int AS n FROM webhook_deliveries WHERE endpoint_id = $1 AND state = $2', [endpoint.id, 'pending']);
    expect(rows[0].n).toBe(0);
  });

  it('delivers each event once, in order per order, with two dispatchers at once', async () => {
    const pool = createPool(t.databaseUrl, 4);
    const secondMetrics = createMetrics();
    const second = new WebhookDispatcher({
      repository: new WebhookRepository(pool),
      logger: createLogger(t.config),
      metrics: secondMetrics,
      ...t.config.webhooks,
    });
    const delivered = async (metrics: typeof secondMetrics) =>
      (await metrics.webhookAttempts.get()).values.find((v) => v.labels.outcome === 'delivered')?.value ?? 0;
    const firstBefore = await delivered(t.metrics);
    second.start();
    try {
      const r = await receiver();
      const endpoint = await register(r);
      // 40 orders × 5 events written straight to the outbox (any event type is delivered as it is).
      const base = 900_000_000 + Math.floor(Math.random() * 1_000_000);
      await t.db.query(
        `INSERT INTO order_events (order_id, type, source, details)
         SELECT $1::bigint + o, 'order.test_step_' || s, 'workflow', jsonb_build_object('step', s)
         FROM generate_series(1, 5) AS s, generate_series(1, 40) AS o ORDER BY s, o`,
        [base],
      );
      const expected = await t.db.query<{ id: string; order_id: string }>(
        'SELECT id, order_id FROM order_events WHERE order_id > $1 AND order_id <= $1 + 40 ORDER BY id',
        [base],
      );
      await eventually(async () => (r.received.filter((x) => x.json.order_id > base).length >= 200 ? true : undefined), 30_000, '200 deliveries');
      await new Promise((resolve) => setTimeout(resolve, 300)); // any duplicate would arrive now

      const got = r.received.filter((x) => x.json.order_id > base);
      expect(got).toHaveLength(200);
      expect(new Set(got.map((x) => x.json.id)).size).toBe(200);
      for (let o = 1; o <= 40; o++) {
        const want = expected.rows.filter((row) => Number(row.order_id) === base + o).map((row) => Number(row.id));
        expect(r.forOrder(base + o).map((x) => x.json.id)).toEqual(want);
      }
      expect(got.map((x) => x.json.type)).toContain('order.test_step_5');
      // Both took part: the deliveries were shared, not all made by one.
      const [byFirst, bySecond] = [(await delivered(t.metrics)) - firstBefore, await delivered(secondMetrics)];
      expect(byFirst + bySecond).toBe(200);
      expect(Math.min(byFirst, bySecond)).toBeGreaterThan(0);
      await t.http.inject({ method: 'DELETE', url: `/webhooks/${endpoint.id}` });
    } finally {
      await second.stop();
      await pool.end();
    }
  });
});

describe("an order's deliveries", () => {
  interface OrderDelivery {
    id: number;
    endpoint_id: number;
    endpoint_url: string;
    event_id: number;
    order_id: number;
    event_type: string;
    state: string;
    attempt_count: number;
    last_error: string | null;
    attempts: { status_code: number | null; error: string | null }[];
  }
  const list = async (orderId: number, query = '') => {
    const response = await t.http.inject({ method: 'GET', url: `/orders/${orderId}/webhook-deliveries${query}` });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<OrderDelivery[]>();
  };

  it('lists them for every endpoint with state, attempts and last error, paged by id, without deleted endpoints', async () => {
    const healthy = await register(await receiver());
    const failing = await register(await receiver(() => 503));
    const orderId = await createOrder(10);
    expect((await t.http.inject({ method: 'PUT', url: `/orders/${orderId}`, headers: json, payload: { total_amount: 11 } })).statusCode).toBe(200);
    const otherOrder = await createOrder(10);
    const [created, changed] = await eventIds(orderId);
    const ours = (deliveries: OrderDelivery[]) => deliveries.filter((d) => d.endpoint_id === healthy.id || d.endpoint_id === failing.id);

    const deliveries = await eventually(async () => {
      const all = ours(await list(orderId));
      const settled =
        all.length === 4 && all.every((d) => (d.endpoint_id === healthy.id ? d.state === 'delivered' : d.event_id !== created || d.attempt_count >= 2));
      return settled ? all : undefined;
    }, 15_000);
    expect(deliveries.every((d) => d.order_id === orderId)).toBe(true);
    expect(deliveries.map((d) => d.id)).toEqual([...deliveries.map((d) => d.id)].sort((a, b) => a - b));
    const of = (endpoint: Created, eventId: number | undefined) => deliveries.find((d) => d.endpoint_id === endpoint.id && d.event_id === eventId)!;
    expect(of(healthy, created)).toMatchObject({
      endpoint_url: healthy.url,
      event_type: 'order.created',
      state: 'delivered',
      attempt_count: 1,
      last_error: null,
    });
    expect(of(healthy, changed)).toMatchObject({ event_type: 'order.amount_changed', state: 'delivered' });
    const stuck = of(failing, created);
    expect(stuck).toMatchObject({ endpoint_url: failing.url, state: 'pending', last_error: 'HTTP 503' });
    expect(stuck.attempts.slice(0, 2)).toEqual([
      { attempted_at: expect.any(String), duration_ms: expect.any(Number), status_code: 503, error: 'HTTP 503' },
      { attempted_at: expect.any(String), duration_ms: expect.any(Number), status_code: 503, error: 'HTTP 503' },
    ]);
    // The second event waits behind the first, unattempted.
    expect(of(failing, changed)).toMatchObject({ state: 'pending', attempt_count: 0, next_attempt_at: null });
    // Only this order's.
    expect((await list(otherOrder)).every((d) => d.order_id === otherOrder)).toBe(true);

    // Keyset pages by delivery id: together the same rows, none twice.
    const all = await list(orderId);
    const pages: OrderDelivery[] = [];
    for (let after = 0, page: OrderDelivery[]; (page = await list(orderId, `?limit=1&after=${after}`)).length > 0; after = page[0]!.id) pages.push(...page);
    expect(pages.map((d) => d.id)).toEqual(all.map((d) => d.id));

    await t.http.inject({ method: 'DELETE', url: `/webhooks/${failing.id}` });
    expect(ours(await list(orderId)).map((d) => d.endpoint_id)).toEqual([healthy.id, healthy.id]);
    await t.http.inject({ method: 'DELETE', url: `/webhooks/${healthy.id}` });
    expect(ours(await list(orderId))).toEqual([]);
  });

  it('is 404 for an unknown order, 400 for a bad page, and 403 for customers', async () => {
    const unknown = await t.http.inject({ method: 'GET', url: '/orders/999999999/webhook-deliveries' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(unknown.json()).toMatchObject({ detail: 'Order 999999999 does not exist.' });
    const orderId = await createOrder();
    for (const query of ['?limit=0', '?limit=501', '?after=-1', '?after=x']) {
      const response = await t.http.inject({ method: 'GET', url: `/orders/${orderId}/webhook-deliveries${query}` });
      expect(response.statusCode, query).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    const customer = await t.app.tokens.issue!({ subject: 'c', role: 'customer', customerId: 7 }, '5m');
    const forbidden = await t.http.inject({ method: 'GET', url: `/orders/${orderId}/webhook-deliveries`, headers: { authorization: `Bearer ${customer}` } });
    expect(forbidden.statusCode).toBe(403);
  });
});
