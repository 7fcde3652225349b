import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/dev/free-port.js';
import { countOrders, createTestDatabase, startTestApp, type TestApp } from '../support/harness.js';

const json = { 'content-type': 'application/json' };
const order = { customer_id: 1, total_amount: 10 };

describe('when Temporal is unreachable', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Nothing listens on this port: every call to Temporal fails as in an outage.
    t = await startTestApp({ worker: false, temporalAddress: `127.0.0.1:${await freePort()}`, env: { TEMPORAL_RPC_TIMEOUT: '1s' } });
  });
  afterAll(() => t.close());

  it('creating an order answers 503 and leaves no order behind that no workflow would move', async () => {
    const before = await countOrders(t.db);
    const response = await t.http.inject({ method: 'POST', url: '/orders', headers: json, payload: order });
    expect(response.statusCode).toBe(503);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json().detail).toMatch(/Temporal is unavailable; nothing was changed/);
    expect(await countOrders(t.db)).toBe(before);
  });

  it('cancelling an order answers 503 and changes nothing, since only its workflow can cancel it', async () => {
    const { rows } = await t.db.query<{ id: string }>('INSERT INTO orders (customer_id, total_amount) VALUES (1, 1) RETURNING id');
    const id = rows[0]!.id;
    const response = await t.http.inject({ method: 'POST', url: `/orders/${id}/cancel` });
    expect(response.statusCode).toBe(503);
    expect((await t.http.inject({ method: 'GET', url: `/orders/${id}` })).json()).toMatchObject({ status: 'pending' });
  });

  it('reads still work, and /readyz reports Temporal unavailable', async () => {
    expect((await t.http.inject({ method: 'GET', url: '/orders' })).statusCode).toBe(200);
    const ready = await t.http.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toEqual({ status: 'unavailable', checks: { postgres: 'ok', temporal: 'unavailable' } });
    expect((await t.http.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });
});

describe('when PostgreSQL is unreachable', () => {
  let t: TestApp;
  beforeAll(async () => {
    const { url } = await createTestDatabase();
    const unreachable = new URL(url);
    unreachable.port = String(await freePort());
    t = await startTestApp({ worker: false, databaseUrl: unreachable.toString() });
  });
  afterAll(() => t.close().catch(() => undefined));

  it('writes and reads answer 503 problems, and /readyz reports PostgreSQL unavailable', async () => {
    for (const request of [
      { method: 'POST' as const, url: '/orders', headers: json, payload: order },
      { method: 'GET' as const, url: '/orders/1' },
      { method: 'GET' as const, url: '/orders' },
      { method: 'PUT' as const, url: '/orders/1', headers: json, payload: { status: 'cancelled' } },
      { method: 'DELETE' as const, url: '/orders/1' },
    ]) {
      const response = await t.http.inject(request);
      expect(response.statusCode, `${request.method} ${request.url}`).toBe(503);
      expect(response.json().detail).toMatch(/PostgreSQL is unavailable/);
    }
    const ready = await t.http.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json().checks).toEqual({ postgres: 'unavailable', temporal: 'ok' });
  });
});

describe('when no worker answers and Temporal calls time out after 1 s', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ worker: false, env: { ORDER_PROGRESS_TIMEOUT: '300ms', TEMPORAL_RPC_TIMEOUT: '1s' } });
  });
  afterAll(() => t.close());

  it('an approval sent but not confirmed is reported as possibly recorded (503), not as "nothing was changed"', async () => {
    const created = await t.http.inject({ method: 'POST', url: '/orders', headers: json, payload: order });
    expect(created.statusCode).toBe(201);
    for (const action of ['approve', 'reject']) {
      const response = await t.http.inject({ method: 'POST', url: `/orders/${created.json().id}/${action}`, headers: { 'idempotency-key': `k-${action}` } });
      expect(response.statusCode, response.body).toBe(503);
      // Its own problem type, so a client can tell "retry with the same key" from "nothing happened".
      expect(response.json().type).toBe('https://problems.orders.example/outcome-unknown');
      expect(response.json().detail).toMatch(/did not confirm the (approval|rejection) in time; it may still take effect/);
      expect(response.json().detail).not.toMatch(/nothing was changed/);
    }
  });

  it('a create that cannot commit within 5 s of its workflow start rolls back (503) and stores nothing', async () => {
    await t.db.query(`
      CREATE OR REPLACE FUNCTION stall_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(5.5); RETURN NEW; END $$;
      CREATE TRIGGER stall_insert BEFORE INSERT ON orders FOR EACH ROW EXECUTE FUNCTION stall_insert();
    `);
    try {
      const before = await countOrders(t.db);
      const response = await t.http.inject({ method: 'POST', url: '/orders', headers: json, payload: order });
      expect(response.statusCode, response.body).toBe(503);
      expect(await countOrders(t.db)).toBe(before);
    } finally {
      await t.db.query('DROP TRIGGER stall_insert ON orders');
    }
  }, 20_000);
});

describe('when no worker is running', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ worker: false, env: { TEMPORAL_RPC_TIMEOUT: '20s' } });
  });
  afterAll(() => t.close());

  it('reading an order in flight answers with its progress from PostgreSQL, without asking a worker', async () => {
    const created = await t.http.inject({ method: 'POST', url: '/orders', headers: json, payload: order });
    expect(created.statusCode).toBe(201);
    const response = await t.http.inject({ method: 'GET', url: `/orders/${created.json().id}` });
    expect(response.statusCode).toBe(200);
    // No worker could answer a query: the progress is the row's, as the steps (none yet) recorded it.
    expect(response.json()).toMatchObject({ status: 'pending', progress: { stage: 'waiting', completed_steps: [], cancellable: true } });
  });
});
