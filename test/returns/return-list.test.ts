/**
 * GET /returns: the operators' list across orders, e.g. the refunds the provider declined
 * (`refund_failed`), which still owe customers money. Keyset pages, staff only, bad queries refused.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/harness.js';
import { allReceived, deliveredOrder, expectReturnInvariants, receiveAndDecline, requestReturn, type ReturnJson } from '../support/returns.js';
import { stockedSku } from '../support/saga.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: { ORDER_PROCESSING_DELAY: '0s' } });
});
afterEach(async () => {
  t.config.providers.payments.declineRefunds = false;
  await expectReturnInvariants(t.db);
});
afterAll(() => t?.close());

const list = (query: string, headers: Record<string, string> = {}) => t.http.inject({ method: 'GET', url: `/returns${query}`, headers });

async function requested(): Promise<ReturnJson> {
  const sku = await stockedSku(t, 5);
  const order = await deliveredOrder(t, [{ sku, quantity: 1, unit_price: 10 }]);
  const created = await requestReturn(t, order.id, { items: [{ sku, quantity: 1 }], reason: 'not needed' });
  expect(created.statusCode, created.body).toBe(201);
  return created.json<ReturnJson>();
}

describe('GET /returns', () => {
  it('lists the returns whose refund was declined across orders, page by page, and nothing else in that status', async () => {
    const declined: ReturnJson[] = [];
    for (let i = 0; i < 3; i++) {
      const ret = await requested();
      declined.push(await receiveAndDecline(t, ret.order_id, ret.id, allReceived(ret)));
      t.config.providers.payments.declineRefunds = false;
    }
    const other = await requested();

    const first = await list('?status=refund_failed&limit=2');
    expect(first.statusCode, first.body).toBe(200);
    const page1 = first.json<ReturnJson[]>();
    expect(page1.every((ret) => ret.status === 'refund_failed')).toBe(true);
    const link = /^<([^>]+)>; rel="next"$/.exec(first.headers.link as string)![1]!;
    expect(link).toMatch(/^\/returns\?/);
    expect(new URL(link, 'http://x').searchParams.get('status')).toBe('refund_failed');

    const seen = [...page1];
    let next: string | undefined = link;
    while (next) {
      const url: string = next;
      const response = await t.http.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(200);
      seen.push(...response.json<ReturnJson[]>());
      const header = response.headers.link as string | undefined;
      next = header ? /^<([^>]+)>/.exec(header)![1] : undefined;
    }
    const ids = seen.map((ret) => ret.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(ids).toEqual(expect.arrayContaining(declined.map((ret) => ret.id)));
    expect(ids).not.toContain(other.id);
    expect(seen.find((ret) => ret.id === declined[0]!.id)).toMatchObject({ order_id: declined[0]!.order_id, items: [{ quantity: 1, received_quantity: 1 }] });

    const all = (await list(`?after=${other.id - 1}`)).json<ReturnJson[]>();
    expect(all.map((ret) => ret.id)).toContain(other.id);
  }, 120_000);

  it('is for staff: a customer gets 403', async () => {
    const token = await t.app.tokens.issue!({ subject: 'c1', role: 'customer', customerId: 1 }, '5m');
    const response = await list('', { authorization: `Bearer ${token}` });
    expect(response.statusCode).toBe(403);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it.each(['?status=rejected', '?status=', '?limit=0', '?limit=501', '?after=-1', '?after=1e3', `?status=${'x'.repeat(10_000)}`])(
    'refuses %s with a bounded 400 problem',
    async (query) => {
      const response = await list(query);
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body.length).toBeLessThan(2_000);
    },
  );
});
