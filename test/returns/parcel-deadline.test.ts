/**
 * A return whose parcel never comes (RETURN_PARCEL_DEADLINE after its label), on the time-skipping
 * test server: the deadline passes in seconds; PostgreSQL, the API and the worker are real.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestApp, type TestApp } from '../support/harness.js';
import { deliveredOrder, expectReturnInvariants, requestReturn, type ReturnJson, untilReturn } from '../support/returns.js';
import { eventTypes, stockedSku } from '../support/saga.js';
import { startTimeSkippingServer } from '../support/time-skipping.js';

let env: TestWorkflowEnvironment;
let t: TestApp;
beforeAll(async () => {
  env = await startTimeSkippingServer();
  t = await startTestApp({ temporalAddress: env.address, env: { ORDER_PROCESSING_DELAY: '0ms', RETURN_PARCEL_DEADLINE: '72h' } });
}, 120_000);
afterAll(async () => {
  await t?.close();
  await env?.teardown();
});

const receive = (orderId: number, returnId: number, sku: string) =>
  t.http.inject({
    method: 'POST',
    url: `/orders/${orderId}/returns/${returnId}/receive`,
    payload: { items: [{ sku, received_quantity: 1, resellable_quantity: 1 }] },
  });

async function returnAwaitingParcel(sku: string): Promise<{ orderId: number; returnId: number }> {
  const order = await deliveredOrder(t, [{ sku, quantity: 1, unit_price: 9.99 }]);
  const created = await requestReturn(t, order.id, { items: [{ sku, quantity: 1 }], reason: 'never sent' });
  expect(created.statusCode, created.body).toBe(201);
  const returnId = created.json<ReturnJson>().id;
  await untilReturn(t, order.id, returnId, 'awaiting_parcel', 30_000);
  // The status is written by the label step, a moment before the workflow hears of it and starts its
  // timer: time skipped before that would pass the deadline by.
  await eventually(
    async () => {
      const { events } = await env.client.workflow.getHandle(`return-${returnId}`).fetchHistory();
      return events?.some((event) => event.timerStartedEventAttributes) || undefined;
    },
    30_000,
    `return-${returnId}'s parcel deadline timer`,
  );
  return { orderId: order.id, returnId };
}

describe('a return waiting for its parcel', () => {
  it('expires once RETURN_PARCEL_DEADLINE passes without one: a late receipt is a 409, and the units may be returned again', async () => {
    const sku = await stockedSku(t, 3);
    const { orderId, returnId } = await returnAwaitingParcel(sku);
    await env.sleep('73 hours');
    await untilReturn(t, orderId, returnId, 'expired', 30_000);
    expect(await eventTypes(t, orderId)).toContain('return.expired');

    const late = await receive(orderId, returnId, sku);
    expect(late.statusCode, late.body).toBe(409);
    expect(late.headers['content-type']).toMatch(/^application\/problem\+json/);
    const again = await requestReturn(t, orderId, { items: [{ sku, quantity: 1 }], reason: 'sending it now' });
    expect(again.statusCode, again.body).toBe(201);
    await expectReturnInvariants(t.db);
  }, 120_000);

  it('still takes its parcel after 71 hours of the 72', async () => {
    const sku = await stockedSku(t, 3);
    const { orderId, returnId } = await returnAwaitingParcel(sku);
    await env.sleep('71 hours');
    const response = await receive(orderId, returnId, sku);
    expect(response.statusCode, response.body).toBe(200);
    await untilReturn(t, orderId, returnId, 'refunded', 30_000);
    expect(await eventTypes(t, orderId)).not.toContain('return.expired');
    await expectReturnInvariants(t.db);
  }, 120_000);
});
