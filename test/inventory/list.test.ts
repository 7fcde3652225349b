/** GET /inventory: every SKU's stock in SKU order, by keyset, with a Link to the next page. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ worker: false });
});
afterAll(() => t?.close());

describe('GET /inventory', () => {
  it('pages through every SKU in order, following the Link header', async () => {
    const skus = ['B-2', 'A-1', 'C-3', 'a-4', 'B-10'];
    for (const [index, sku] of skus.entries()) {
      const response = await t.http.inject({ method: 'PUT', url: `/inventory/${sku}`, payload: { on_hand: index + 1 } });
      expect(response.statusCode, response.body).toBe(201);
    }
    const seen: string[] = [];
    let url: string | undefined = '/inventory?limit=2';
    while (url) {
      const response: Awaited<ReturnType<TestApp['http']['inject']>> = await t.http.inject({ method: 'GET', url });
      expect(response.statusCode, response.body).toBe(200);
      const page = response.json<{ sku: string; on_hand: number; reserved: number; available: number }[]>();
      expect(page.length).toBeLessThanOrEqual(2);
      seen.push(...page.map((stock) => stock.sku));
      url = /<([^>]+)>; rel="next"/.exec(String(response.headers.link ?? ''))?.[1];
    }
    const { rows } = await t.db.query<{ sku: string }>('SELECT sku FROM inventory ORDER BY sku');
    expect(seen).toEqual(rows.map((row) => row.sku));
    expect(new Set(seen)).toEqual(new Set(skus));
  });

  it('refuses a cursor that is not a SKU, and customers', async () => {
    expect((await t.http.inject({ method: 'GET', url: '/inventory?after=%20x' })).statusCode).toBe(400);
    const token = await t.app.tokens.issue!({ subject: 'c', role: 'customer', customerId: 5 }, '5m');
    expect((await t.http.inject({ method: 'GET', url: '/inventory', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(403);
  });
});
