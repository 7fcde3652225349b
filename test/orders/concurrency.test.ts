import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: { ORDER_PROCESSING_DELAY: '1h' } });
});
afterAll(() => t.close());

const json = { 'content-type': 'application/json' };

async function create(): Promise<{ id: number; etag: string }> {
  const response = await t.http.inject({ method: 'POST', url: '/orders', headers: json, payload: { customer_id: 1, total_amount: 10 } });
  return { id: response.json().id, etag: String(response.headers.etag) };
}

describe('optimistic concurrency', () => {
  it('GET returns the version as an ETag, and every change moves it on', async () => {
    const { id, etag } = await create();
    expect(etag).toBe('"1"');
    const read = await t.http.inject({ method: 'GET', url: `/orders/${id}` });
    expect(read.headers.etag).toBe('"1"');
    const updated = await t.http.inject({ method: 'PUT', url: `/orders/${id}`, headers: { ...json, 'if-match': '"1"' }, payload: { total_amount: 11 } });
    expect(updated.statusCode).toBe(200);
    expect(updated.headers.etag).toBe('"2"');
  });

  it('a PUT or DELETE whose If-Match names an older version is 412 and changes nothing', async () => {
    const { id } = await create();
    await t.http.inject({ method: 'PUT', url: `/orders/${id}`, headers: json, payload: { total_amount: 12 } });
    const stale = await t.http.inject({ method: 'PUT', url: `/orders/${id}`, headers: { ...json, 'if-match': '"1"' }, payload: { total_amount: 99 } });
    expect(stale.statusCode).toBe(412);
    expect(stale.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await t.http.inject({ method: 'DELETE', url: `/orders/${id}`, headers: { 'if-match': '"1"' } })).statusCode).toBe(412);
    expect((await t.http.inject({ method: 'GET', url: `/orders/${id}` })).json().total_amount).toBe(12);
    // The current version passes the precondition; the order is still in flight, so it cannot be deleted yet.
    expect((await t.http.inject({ method: 'DELETE', url: `/orders/${id}`, headers: { 'if-match': 'W/"2"' } })).statusCode).toBe(409);
  });

  it('concurrent updates that all read the same version: exactly one wins, the rest get 412, no update is lost', async () => {
    const { id, etag } = await create();
    const amounts = [21, 22, 23, 24, 25, 26, 27, 28];
    const responses = await Promise.all(
      amounts.map((amount) =>
        t.http.inject({ method: 'PUT', url: `/orders/${id}`, headers: { ...json, 'if-match': etag }, payload: { total_amount: amount } }),
      ),
    );
    const winners = responses.filter((r) => r.statusCode === 200);
    expect(winners).toHaveLength(1);
    expect(responses.filter((r) => r.statusCode === 412)).toHaveLength(amounts.length - 1);
    const final = (await t.http.inject({ method: 'GET', url: `/orders/${id}` })).json();
    expect(final.total_amount).toBe(winners[0]!.json().total_amount);
  });

  it('If-Match: * and no If-Match at all accept any current version; a malformed one is 400', async () => {
    const { id } = await create();
    expect((await t.http.inject({ method: 'PUT', url: `/orders/${id}`, headers: { ...json, 'if-match': '*' }, payload: { total_amount: 1 } })).statusCode).toBe(
      200,
    );
    expect((await t.http.inject({ method: 'PUT', url: `/orders/${id}`, headers: json, payload: { total_amount: 2 } })).statusCode).toBe(200);
    expect(
      (await t.http.inject({ method: 'PUT', url: `/orders/${id}`, headers: { ...json, 'if-match': 'version-2' }, payload: { total_amount: 3 } })).statusCode,
    ).toBe(400);
  });
});
