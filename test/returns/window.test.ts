import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/harness.js';
import { stockedSku } from '../support/saga.js';
import { deliveredOrder, expectReturnInvariants, listReturns, requestReturn } from '../support/returns.js';

// A short configured window: the rule is the same at 30 days, and the check runs on the database's clock.
const WINDOW_MS = 2_000;
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ env: { ORDER_PROCESSING_DELAY: '100ms', RETURN_WINDOW: `${WINDOW_MS}ms` } });
});
afterAll(async () => {
  await t?.close();
});

it('accepts a return within RETURN_WINDOW of the delivery and refuses one after it, storing nothing', async () => {
  const sku = await stockedSku(t, 5);
  const order = await deliveredOrder(t, [{ sku, quantity: 2, unit_price: 4 }]);
  const deliveredAt = Date.parse(order.delivered_at);
  const inside = await requestReturn(t, order.id, { items: [{ sku, quantity: 1 }], reason: 'in time' });
  expect(inside.statusCode, inside.body).toBe(201);

  await new Promise((resolve) => setTimeout(resolve, Math.max(0, deliveredAt + WINDOW_MS + 200 - Date.now())));
  const outside = await requestReturn(t, order.id, { items: [{ sku, quantity: 1 }], reason: 'too late' });
  expect(outside.statusCode, outside.body).toBe(422);
  expect(outside.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(outside.json<{ detail: string }>().detail).toMatch(/return window \(2s after delivery on .*\) has closed/);
  expect(await listReturns(t, order.id)).toHaveLength(1);
  await expectReturnInvariants(t.db);
});
