/**
 * An endpoint's life beyond delivering: disabled after failing for WEBHOOK_DISABLE_AFTER (once,
 * recorded, visible in the API), re-enabled by an operator, and finished deliveries deleted after
 * WEBHOOK_RETENTION. Real receivers, the real dispatcher (two of them at once), real PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool } from '../../src/db/pool.js';
import { createLogger } from '../../src/logger.js';
import { WebhookDispatcher } from '../../src/webhooks/dispatcher.js';
import { WebhookRepository } from '../../src/webhooks/repository.js';
import { eventually, startTestApp, type TestApp } from '../support/harness.js';
import { type Receiver, startReceiver } from './receiver.js';

let t: TestApp;
const receivers: Receiver[] = [];
beforeAll(async () => {
  t = await startTestApp({
    webhooks: true,
    worker: false,
    env: {
      WEBHOOK_MIN_BACKOFF: '100ms',
      WEBHOOK_MAX_BACKOFF: '200ms',
      WEBHOOK_POLL_INTERVAL: '50ms',
      WEBHOOK_TIMEOUT: '500ms',
      WEBHOOK_DISABLE_AFTER: '1500ms',
      WEBHOOK_RETENTION: '3s',
    },
  });
});
afterAll(async () => {
  await t?.close();
  await Promise.all(receivers.map((r) => r.close()));
});

const json = { 'content-type': 'application/json' };

interface Endpoint {
  id: number;
  status: 'active' | 'disabled';
  failing_since: string | null;
  disabled_at: string | null;
  disabled_reason: string | null;
}

async function receiver(answer?: Parameters<typeof startReceiver>[0]): Promise<Receiver> {
  const r = await startReceiver(answer);
  receivers.push(r);
  return r;
}

async function register(r: Receiver): Promise<Endpoint> {
  const response = await t.http.inject({ method: 'POST', url: '/webhooks', headers: json, payload: { url: r.url } });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<Endpoint>();
}

const endpoint = async (id: number) => (await t.http.inject({ method: 'GET', url: `/webhooks/${id}` })).json<Endpoint>();

/** Writes one event straight to the outbox (any event is delivered as it is) and returns its id. */
async function writeEvent(orderId: number, step = 1): Promise<number> {
  const { rows } = await t.db.query<{ id: string }>(
    `INSERT INTO order_events (order_id, type, source, details) VALUES ($1, 'order.test_step', 'workflow', jsonb_build_object('step', $2::int)) RETURNING id`,
    [orderId, step],
  );
  return Number(rows[0]!.id);
}

const deliveriesOf = async (endpointId: number) =>
  (await t.db.query<{ event_id: string; state: string }>('SELECT event_id, state FROM webhook_deliveries WHERE endpoint_id = $1 ORDER BY id', [endpointId]))
    .rows;

describe('an endpoint that keeps failing', () => {
  it('is disabled once after WEBHOOK_DISABLE_AFTER, recorded, and receives nothing more until re-enabled', async () => {
    let healthy = false;
    const r = await receiver(() => (healthy ? 200 : 503));
    const created = await register(r);
    expect(created).toMatchObject({ status: 'active', failing_since: null, disabled_at: null, disabled_reason: null });

    // A second dispatcher fails the same endpoint at the same time: still one disable, one record.
    const pool = createPool(t.databaseUrl, 2);
    // Same metrics registry: whichever of the two disables it, the counter says 1.
    const second = new WebhookDispatcher({ repository: new WebhookRepository(pool), logger: createLogger(t.config), metrics: t.metrics, ...t.config.webhooks });
    second.start();
    const orderId = 800_000_000 + Math.floor(Math.random() * 1_000_000);
    const pendingAtDisable = [await writeEvent(orderId, 1), await writeEvent(orderId + 1, 1), await writeEvent(orderId, 2)];
    let disabled: Endpoint;
    try {
      disabled = await eventually(
        async () => {
          const e = await endpoint(created.id);
          return e.status === 'disabled' ? e : undefined;
        },
        15_000,
        'the endpoint to be disabled',
      );
    } finally {
      await second.stop();
      await pool.end();
    }
    expect(disabled.disabled_reason).toMatch(/^no successful delivery for 1500ms \(WEBHOOK_DISABLE_AFTER\); last error: HTTP 503$/);
    expect(Date.parse(disabled.disabled_at!) - Date.parse(disabled.failing_since!)).toBeGreaterThanOrEqual(1500);
    const events = await t.db.query('SELECT type, reason, actor FROM webhook_endpoint_events WHERE endpoint_id = $1 ORDER BY id', [created.id]);
    expect(events.rows).toEqual([{ type: 'endpoint.disabled', reason: disabled.disabled_reason, actor: null }]);
    expect((await t.http.inject({ method: 'GET', url: '/webhooks' })).json<Endpoint[]>().find((e) => e.id === created.id)).toMatchObject({
      status: 'disabled',
    });
    const metrics = (await t.http.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(/webhook_endpoints_disabled_total 1\b/);

    // Disabled: no attempt is made, and events written now are not queued for it.
    await new Promise((resolve) => setTimeout(resolve, 300)); // an attempt under way when it was disabled ends
    const attemptsThen = r.received.length;
    const whileDisabled = await writeEvent(orderId + 2, 1);
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // 20 poll intervals, 5 backoffs
    expect(r.received.length).toBe(attemptsThen);
    const queued = await deliveriesOf(created.id);
    expect(queued.map((d) => Number(d.event_id))).toEqual(pendingAtDisable);
    expect(queued.every((d) => d.state === 'pending')).toBe(true);

    // Re-enabled: what was pending is delivered (in order per order), the enable is recorded.
    healthy = true;
    const enabled = await t.http.inject({ method: 'POST', url: `/webhooks/${created.id}/enable` });
    expect(enabled.statusCode, enabled.body).toBe(200);
    expect(enabled.json()).toMatchObject({ id: created.id, status: 'active', failing_since: null, disabled_at: null, disabled_reason: null });
    await eventually(async () => ((await deliveriesOf(created.id)).every((d) => d.state === 'delivered') ? true : undefined), 10_000, 'the backlog delivered');
    const delivered = r.received.filter((x) => x.status === 200).map((x) => x.json.id);
    expect(delivered.filter((id) => id !== pendingAtDisable[1])).toEqual([pendingAtDisable[0], pendingAtDisable[2]]);
    expect(new Set(delivered)).toEqual(new Set(pendingAtDisable));
    expect(delivered).not.toContain(whileDisabled);
    const after = await t.db.query('SELECT type, actor FROM webhook_endpoint_events WHERE endpoint_id = $1 ORDER BY id', [created.id]);
    expect(after.rows.map((row) => row.type)).toEqual(['endpoint.disabled', 'endpoint.enabled']);
    expect(after.rows[1].actor).toBe('development-operator');

    // Enabling an active endpoint changes nothing and records nothing.
    expect((await t.http.inject({ method: 'POST', url: `/webhooks/${created.id}/enable` })).json()).toMatchObject({ status: 'active' });
    expect(Number((await t.db.query('SELECT count(*) FROM webhook_endpoint_events WHERE endpoint_id = $1', [created.id])).rows[0].count)).toBe(2);
    await t.http.inject({ method: 'DELETE', url: `/webhooks/${created.id}` });
  });

  it('starts its failing run afresh after any success, so intermittent failures never disable it', async () => {
    // Fails every other attempt, for longer than WEBHOOK_DISABLE_AFTER in total.
    const r = await receiver(({ count }) => (count % 2 === 0 ? 503 : 200));
    const created = await register(r);
    const base = 810_000_000 + Math.floor(Math.random() * 1_000_000);
    const started = Date.now();
    for (let i = 0; Date.now() - started < 2_500; i++) {
      await writeEvent(base + i);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    await eventually(async () => ((await deliveriesOf(created.id)).every((d) => d.state === 'delivered') ? true : undefined), 10_000, 'all delivered');
    expect(await endpoint(created.id)).toMatchObject({ status: 'active', failing_since: null });
    expect(r.received.some((x) => x.status === 503)).toBe(true);
    await t.http.inject({ method: 'DELETE', url: `/webhooks/${created.id}` });
  });
});

describe('retention', () => {
  it('deletes delivered and cancelled deliveries and their attempts after WEBHOOK_RETENTION, and keeps what is pending', async () => {
    const ok = await receiver();
    const delivering = await register(ok);
    const failing = await register(await receiver(() => 503));
    const base = 820_000_000 + Math.floor(Math.random() * 1_000_000);
    const eventId = await writeEvent(base);
    await eventually(async () => ((await deliveriesOf(delivering.id))[0]?.state === 'delivered' ? true : undefined), 10_000, 'the delivery');
    const found = await t.db.query<{ id: string }>('SELECT id FROM webhook_deliveries WHERE endpoint_id = $1 AND event_id = $2', [delivering.id, eventId]);
    const deliveryId = found.rows[0]!.id;
    expect(Number((await t.db.query('SELECT count(*) FROM webhook_delivery_attempts WHERE delivery_id = $1', [deliveryId])).rows[0].count)).toBe(1);

    // Retention is 3 s: the delivered row and its attempt go; the still-pending delivery stays (its oldest attempts go).
    await eventually(async () => ((await deliveriesOf(delivering.id)).length === 0 ? true : undefined), 15_000, 'the delivered row deleted');
    expect(Number((await t.db.query('SELECT count(*) FROM webhook_delivery_attempts WHERE delivery_id = $1', [deliveryId])).rows[0].count)).toBe(0);
    expect((await t.http.inject({ method: 'GET', url: `/webhooks/${delivering.id}/deliveries` })).json()).toEqual([]);
    const pending = await deliveriesOf(failing.id);
    expect(pending).toEqual([{ event_id: String(eventId), state: 'pending' }]);
    const oldest = await t.db.query<{ age: number }>(
      `SELECT extract(epoch FROM now() - min(attempted_at))::float AS age FROM webhook_delivery_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id WHERE d.endpoint_id = $1`,
      [failing.id],
    );
    expect(oldest.rows[0]!.age).toBeLessThan(3 + 1 + 1); // retention + a sweep interval (≤ poll·… ≤ 1 s here) + slack

    // Cancelled (the endpoint deleted) goes the same way.
    await t.http.inject({ method: 'DELETE', url: `/webhooks/${failing.id}` });
    await eventually(async () => ((await deliveriesOf(failing.id)).length === 0 ? true : undefined), 15_000, 'the cancelled row deleted');
    const metrics = (await t.http.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(/webhook_retention_deleted_total\{kind="delivery"\} [1-9]/);
    await t.http.inject({ method: 'DELETE', url: `/webhooks/${delivering.id}` });
  });
});
