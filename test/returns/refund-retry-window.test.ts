/**
 * A declined refund nobody retries (RETURN_REFUND_RETRY_WINDOW after the first decline), on the
 * time-skipping test server: the window passes in seconds; PostgreSQL, the API and the worker are real.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestApp, type TestApp } from '../support/harness.js';
import {
  allReceived,
  deliveredOrder,
  expectReturnInvariants,
  getReturn,
  receiveAndDecline,
  requestReturn,
  retryRefund,
  type ReturnJson,
} from '../support/returns.js';
import { getOrder, stockedSku } from '../support/saga.js';
import { startTimeSkippingServer } from '../support/time-skipping.js';

let env: TestWorkflowEnvironment;
let t: TestApp;
beforeAll(async () => {
  env = await startTimeSkippingServer();
  t = await startTestApp({ temporalAddress: env.address, env: { ORDER_PROCESSING_DELAY: '0ms', RETURN_REFUND_RETRY_WINDOW: '72h' } });
}, 120_000);
afterAll(async () => {
  await t?.close();
  await env?.teardown();
});

async function declinedReturn(): Promise<{ orderId: number; returnId: number }> {
  const sku = await stockedSku(t, 3);
  const order = await deliveredOrder(t, [{ sku, quantity: 1, unit_price: 9.99 }]);
  const created = await requestReturn(t, order.id, { items: [{ sku, quantity: 1 }], reason: 'broken' });
  expect(created.statusCode, created.body).toBe(201);
  const ret = await receiveAndDecline(t, order.id, created.json<ReturnJson>().id, allReceived(created.json<ReturnJson>()));
  // refund_failed is written by the decline's step, a moment before the workflow starts the window's
  // timer (its second, after the parcel deadline's): time skipped before that would pass it by.
  await eventually(
    async () => {
      const { events } = await env.client.workflow.getHandle(`return-${ret.id}`).fetchHistory();
      return (events ?? []).filter((event) => event.timerStartedEventAttributes).length >= 2 || undefined;
    },
    30_000,
    `return-${ret.id}'s refund retry window timer`,
  );
  return { orderId: order.id, returnId: ret.id };
}

describe('a declined refund waiting for a retry', () => {
  it('ends refund_failed for good once RETURN_REFUND_RETRY_WINDOW passes: a late retry is a 409, and the order still cannot be deleted', async () => {
    const { orderId, returnId } = await declinedReturn();
    t.config.providers.payments.declineRefunds = false;
    await env.sleep('73 hours');
    // The harness's own client: the test environment's would unlock time skipping while it waits.
    expect(await t.temporal.workflow.getHandle(`return-${returnId}`).result()).toBe('refund_failed');

    const late = await retryRefund(t, orderId, returnId);
    expect(late.statusCode, late.body).toBe(409);
    expect(late.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(late.json<{ detail: string }>().detail).toMatch(/retry window has closed/);
    expect((await getReturn(t, orderId, returnId)).json<ReturnJson>().status).toBe('refund_failed');
    expect(await getOrder(t, orderId)).toMatchObject({ refunded_amount: 0 });
    const deleted = await t.http.inject({ method: 'DELETE', url: `/orders/${orderId}` });
    expect(deleted.statusCode, deleted.body).toBe(409);
    await expectReturnInvariants(t.db);
  }, 120_000);

  it('still takes a retry after 71 hours of the 72', async () => {
    const { orderId, returnId } = await declinedReturn();
    t.config.providers.payments.declineRefunds = false;
    await env.sleep('71 hours');
    const retried = await retryRefund(t, orderId, returnId);
    expect(retried.statusCode, retried.body).toBe(200);
    expect(retried.json<ReturnJson>().status).toBe('refunded');
    expect(await getOrder(t, orderId)).toMatchObject({ refunded_amount: 9.99 });
    await expectReturnInvariants(t.db);
  }, 120_000);
});
