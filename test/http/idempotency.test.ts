import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countOrders, eventually, startTestApp, type TestApp } from '../support/harness.js';
import { deliveredOrder, requestReturn } from '../support/returns.js';
import { stockedSku } from '../support/saga.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: { ORDER_PROCESSING_DELAY: '1h' } });
});
afterAll(() => t.close());

const post = (key: string | undefined, payload: object, extra: Record<string, string> = {}) =>
  t.http.inject({
    method: 'POST',
    url: '/orders',
    headers: { 'content-type': 'application/json', ...(key === undefined ? {} : { 'idempotency-key': key }), ...extra },
    payload,
  });

const newKey = () => `key-${Math.random().toString(36).slice(2)}`;

describe('Idempotency-Key on POST /orders', () => {
  it('a retry with the same key and body returns the original response and creates nothing new', async () => {
    const key = newKey();
    const before = await countOrders(t.db);
    const first = await post(key, { customer_id: 1, total_amount: 20.5 });
    const second = await post(key, { customer_id: 1, total_amount: 20.5 });
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.body).toBe(first.body);
    expect(second.headers.location).toBe(first.headers.location);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(await countOrders(t.db)).toBe(before + 1);
  });

  it('the same key with a different body is 422 and creates nothing', async () => {
    const key = newKey();
    await post(key, { customer_id: 1, total_amount: 1 });
    const before = await countOrders(t.db);
    const response = await post(key, { customer_id: 1, total_amount: 2 });
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await countOrders(t.db)).toBe(before);
  });

  it('concurrent requests with one key create exactly one order; the others replay it or get 409', async () => {
    const key = newKey();
    const before = await countOrders(t.db);
    const responses = await Promise.all(Array.from({ length: 10 }, () => post(key, { customer_id: 2, total_amount: 5 })));
    expect(await countOrders(t.db)).toBe(before + 1);
    const created = responses.filter((r) => r.statusCode === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((r) => r.json().id)).size).toBe(1);
    for (const r of responses.filter((r) => r.statusCode !== 201)) {
      expect(r.statusCode).toBe(409);
      expect(r.headers['retry-after']).toBe('1');
    }
  });

  it('keys belong to one caller: another caller may use the same key', async () => {
    const key = newKey();
    const customerToken = await t.app.tokens.issue!({ subject: 'c-9', role: 'customer', customerId: 9 }, '5m');
    const asOperator = await post(key, { customer_id: 9, total_amount: 1 });
    const asCustomer = await post(key, { total_amount: 1 }, { authorization: `Bearer ${customerToken}` });
    expect(asOperator.statusCode).toBe(201);
    expect(asCustomer.statusCode).toBe(201);
    expect(asCustomer.json().id).not.toBe(asOperator.json().id);
  });

  it('a failure worth retrying (503) gives the key back, so the retry does the work', async () => {
    const key = newKey();
    // Simulate the dependency outage where it happens: Temporal refuses the start.
    const original = t.app.orderService.create.bind(t.app.orderService);
    const { DependencyUnavailable } = await import('../../src/shared/errors.js');
    t.app.orderService.create = async () => {
      throw new DependencyUnavailable('temporal');
    };
    const failed = await post(key, { customer_id: 1, total_amount: 3 });
    t.app.orderService.create = original;
    expect(failed.statusCode).toBe(503);
    const retried = await post(key, { customer_id: 1, total_amount: 3 });
    expect(retried.statusCode).toBe(201);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
  });

  it('a create whose transaction fails at COMMIT (after its response was stored in it) gives the key back and names no order', async () => {
    const key = newKey();
    const body = { customer_id: 4242, total_amount: 42 };
    // PostgreSQL refuses the first commit of an order of customer 4242 (a deferred check, run at COMMIT).
    await t.db.query(`
      CREATE SEQUENCE IF NOT EXISTS refuse_commit_once;
      CREATE OR REPLACE FUNCTION refuse_first_commit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.customer_id = 4242 AND nextval('refuse_commit_once') = 1 THEN
          RAISE EXCEPTION 'could not serialize access' USING ERRCODE = 'serialization_failure';
        END IF;
        RETURN NULL;
      END $$;
      CREATE CONSTRAINT TRIGGER refuse_first_commit AFTER INSERT ON orders DEFERRABLE INITIALLY DEFERRED
        FOR EACH ROW EXECUTE FUNCTION refuse_first_commit();
    `);
    try {
      const before = await countOrders(t.db);
      const failed = await post(key, body);
      // A serialization failure: retryable, so 503 with Retry-After.
      expect(failed.statusCode, failed.body).toBe(503);
      expect(failed.headers['retry-after']).toBe('1');
      expect(failed.headers['content-type']).toMatch(/^application\/problem\+json/);
      // The order it would have named was rolled back.
      expect(failed.headers.location).toBeUndefined();
      expect(failed.headers.etag).toBeUndefined();
      expect(await countOrders(t.db)).toBe(before);
      expect((await t.db.query('SELECT 1 FROM idempotency_keys WHERE key = $1', [key])).rows).toEqual([]);

      const retried = await post(key, body);
      expect(retried.statusCode, retried.body).toBe(201);
      expect(retried.headers['idempotent-replayed']).toBeUndefined();
      expect(retried.headers.location).toBe(`/orders/${retried.json().id}`);
      expect(await countOrders(t.db)).toBe(before + 1);
    } finally {
      await t.db.query('DROP TRIGGER refuse_first_commit ON orders');
    }
  });

  it('stores the response in the same transaction as the order: the key row names the order created', async () => {
    const key = newKey();
    const response = await post(key, { customer_id: 1, total_amount: 4 });
    const { rows } = await t.db.query('SELECT state, response_status, response_body FROM idempotency_keys WHERE key = $1', [key]);
    expect(rows).toEqual([{ state: 'completed', response_status: 201, response_body: response.body }]);
  });

  it('a request that outlives its lock on the key cannot create a second order once a retry took the key over', async () => {
    const key = newKey();
    const body = { customer_id: 31, total_amount: 31 };
    // Only the first insert into orders from now on stalls (a sequence is not rolled back, so the retry's does not).
    await t.db.query(`
      CREATE SEQUENCE IF NOT EXISTS stall_once;
      CREATE OR REPLACE FUNCTION stall_first_insert() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF nextval('stall_once') = 1 THEN PERFORM pg_sleep(2); END IF; RETURN NEW; END $$;
      CREATE TRIGGER stall_first_insert BEFORE INSERT ON orders FOR EACH ROW EXECUTE FUNCTION stall_first_insert();
    `);
    try {
      const before = await countOrders(t.db);
      const slow = post(key, body);
      await eventually(async () => {
        const { rows } = await t.db.query(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event = 'PgSleep'`);
        return rows.length > 0 ? true : undefined;
      });
      // Time passes for the slow request: its lock (IDEMPOTENCY_KEY_LOCK) runs out, and the client retries.
      await t.db.query(`UPDATE idempotency_keys SET locked_until = now() - interval '1 second' WHERE key = $1`, [key]);
      const retry = await post(key, body);
      expect(retry.statusCode, retry.body).toBe(201);
      const late = await slow;
      expect(late.statusCode, late.body).toBe(409);
      expect(late.json().detail).toMatch(/a retry with the same key took it over; this request changed nothing/);
      expect(await countOrders(t.db)).toBe(before + 1);
      const replay = await post(key, body);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.body).toBe(retry.body);
    } finally {
      await t.db.query('DROP TRIGGER stall_first_insert ON orders');
    }
  });

  it("a cancel's Temporal update id is derived from the caller and the key, never the raw key", async () => {
    const key = newKey();
    const customerToken = await t.app.tokens.issue!({ subject: 'c-12', role: 'customer', customerId: 12 }, '5m');
    const asCustomer = { authorization: `Bearer ${customerToken}` };
    const created = await post(undefined, { total_amount: 12 }, asCustomer);
    const id = created.json().id;
    const cancelled = await t.http.inject({ method: 'POST', url: `/orders/${id}/cancel`, headers: { 'idempotency-key': key, ...asCustomer } });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    const history = await t.temporal.workflow.getHandle(`order-${id}`).fetchHistory();
    const updateIds = (history.events ?? []).flatMap((event) => event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.meta?.updateId ?? []);
    expect(updateIds).toHaveLength(1);
    expect(updateIds[0]).toMatch(/^cancel\/[0-9a-f]{64}$/);
    expect(updateIds[0]).not.toContain(key);
  });

  it('rejects a malformed key with 400', async () => {
    const response = await post('has spaces in it', { customer_id: 1, total_amount: 1 });
    expect(response.statusCode).toBe(400);
    expect(response.json().detail).toMatch(/Idempotency-Key/);
  });
});

describe('Idempotency-Key on POST /orders/{id}/returns', () => {
  let r: TestApp;
  beforeAll(async () => {
    r = await startTestApp({ env: { ORDER_PROCESSING_DELAY: '100ms' } });
  });
  afterAll(() => r?.close());

  it("a return whose workflow cannot start gives the key back, names no return, and the client's retry creates it", async () => {
    const sku = await stockedSku(r, 5);
    const order = await deliveredOrder(r, [{ sku, quantity: 1, unit_price: 6 }]);
    // The next return's workflow id is already taken in Temporal (as when the database's ids are
    // behind Temporal's history): the start fails after the response was stored in the transaction.
    const { rows } = await r.db.query<{ next: string }>(`SELECT nextval(pg_get_serial_sequence('returns', 'id')) + 1 AS next`);
    const squatter = await r.temporal.workflow.start('ReturnWorkflow', {
      workflowId: `return-${rows[0]!.next}`,
      taskQueue: `nobody-polls-${rows[0]!.next}`,
      args: [],
    });
    try {
      const key = newKey();
      const body = { items: [{ sku, quantity: 1 }], reason: 'id taken' };
      const failed = await requestReturn(r, order.id, body, { 'idempotency-key': key });
      // The id is used up; a retry takes the next one.
      expect(failed.statusCode, failed.body).toBe(503);
      expect(failed.json<{ detail: string }>().detail).toMatch(/could not be given an id/);
      expect(failed.headers.location).toBeUndefined();
      expect((await r.db.query('SELECT count(*)::int AS n FROM returns')).rows[0]).toEqual({ n: 0 });
      expect((await r.db.query('SELECT 1 FROM idempotency_keys WHERE key = $1', [key])).rows).toEqual([]);

      const retried = await requestReturn(r, order.id, body, { 'idempotency-key': key });
      expect(retried.statusCode, retried.body).toBe(201);
      expect(retried.headers['idempotent-replayed']).toBeUndefined();
      expect(retried.headers.location).toBe(`/orders/${order.id}/returns/${retried.json().id}`);
    } finally {
      await squatter.terminate('test over');
    }
  });
});
