import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countOrders, startTestApp, type TestApp } from '../support/harness.js';

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

  it('stores the response in the same transaction as the order: the key row names the order created', async () => {
    const key = newKey();
    const response = await post(key, { customer_id: 1, total_amount: 4 });
    const { rows } = await t.db.query('SELECT state, response_status, response_body FROM idempotency_keys WHERE key = $1', [key]);
    expect(rows).toEqual([{ state: 'completed', response_status: 201, response_body: response.body }]);
  });

  it('rejects a malformed key with 400', async () => {
    const response = await post('has spaces in it', { customer_id: 1, total_amount: 1 });
    expect(response.statusCode).toBe(400);
    expect(response.json().detail).toMatch(/Idempotency-Key/);
  });
});
