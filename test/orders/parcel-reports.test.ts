/**
 * Workflow version 6: a carrier's in-transit report decides nothing, so the API records it on the
 * order's timeline and the workflow is not woken (src/orders/parcel-reports.ts); the stall check
 * reads the carrier's events when its timer rings. The carrier's reporter is off: the reports are
 * posted by hand, signed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { temporal } from '@temporalio/proto';
import { orderWorkflowId } from '../../src/orders/order.js';
import { postCarrierEvent } from '../support/carrier.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { createOrder, stockedSku, untilFinished, untilStage } from '../support/saga.js';

const SECRET = `whsec_${Buffer.alloc(32, 6).toString('base64')}`;
const SIGNALED = temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED;

const appWith = (stallTimeout: string) =>
  startTestApp({
    carrier: false,
    env: { ORDER_PROCESSING_DELAY: '0s', DELIVERY_STALL_TIMEOUT: stallTimeout, CARRIER_WEBHOOK_SECRET_LOCAL_POST: SECRET },
  });

/** A one-item order, handed over: its id and tracking number. */
async function shippedOrder(t: TestApp): Promise<{ id: number; trackingNumber: string }> {
  const sku = await stockedSku(t, 1);
  const { id } = await createOrder(t, { items: [{ sku, quantity: 1, unit_price: 5 }] });
  await untilStage(t, id, 'awaiting_delivery');
  const { rows } = await t.db.query<{ tracking_number: string }>('SELECT tracking_number FROM shipments WHERE order_id = $1', [id]);
  return { id, trackingNumber: rows[0]!.tracking_number };
}

const eventsOf = async (t: TestApp, id: number, type: string) =>
  (
    await t.db.query<{ details: { event_id: string }; created_at: Date }>('SELECT details, created_at FROM order_events WHERE order_id = $1 AND type = $2', [
      id,
      type,
    ])
  ).rows;

describe('an in-transit report about a parcel of workflow version 6', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await appWith('1h');
  });
  afterAll(() => t?.close());

  it('is on the timeline once, repeated or not, without a signal to the workflow; the delivery is signalled and completes the order', async () => {
    const { id, trackingNumber } = await shippedOrder(t);
    expect((await postCarrierEvent(t, SECRET, { trackingNumber, kind: 'in_transit', eventId: `it-${id}` })).statusCode).toBe(200);
    expect((await postCarrierEvent(t, SECRET, { trackingNumber, kind: 'in_transit', eventId: `it-${id}` })).statusCode).toBe(200);
    expect((await postCarrierEvent(t, SECRET, { trackingNumber, kind: 'in_transit' })).statusCode).toBe(200);
    const inTransit = await eventsOf(t, id, 'shipment.in_transit');
    expect(inTransit.map((event) => event.details.event_id)).toEqual([`it-${id}`]);
    const { rows } = await t.db.query<{ completed_steps: string[] }>('SELECT completed_steps FROM orders WHERE id = $1', [id]);
    expect(rows[0]!.completed_steps).toContain('in_transit');

    expect((await postCarrierEvent(t, SECRET, { trackingNumber, kind: 'delivered' })).statusCode).toBe(200);
    expect(await untilFinished(t, id)).toMatchObject({ status: 'completed' });
    const history = await t.temporal.workflow.getHandle(orderWorkflowId(id)).fetchHistory();
    expect(history.events!.filter((event) => event.eventType === SIGNALED)).toHaveLength(1);
    expect(await eventsOf(t, id, 'shipment.delivered')).toHaveLength(1);
  }, 60_000);
});

describe('the stall check of a parcel of workflow version 6', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await appWith('4s');
  });
  afterAll(() => t?.close());

  it('counts a report the workflow never heard: the parcel stalls a stall timeout after it, not after the hand-over', async () => {
    const { id, trackingNumber } = await shippedOrder(t);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await postCarrierEvent(t, SECRET, { trackingNumber, kind: 'in_transit' })).statusCode).toBe(200);
    await untilStage(t, id, 'delivery_stalled', 20_000);
    const [reported] = await eventsOf(t, id, 'shipment.in_transit');
    const stalls = await eventsOf(t, id, 'delivery.stalled');
    expect(stalls).toHaveLength(1);
    expect(stalls[0]!.created_at.getTime() - reported!.created_at.getTime()).toBeGreaterThanOrEqual(3900);

    // A report while stalled reaches the workflow (a signal), which ends the stall; delivered completes.
    expect((await postCarrierEvent(t, SECRET, { trackingNumber, kind: 'delivered' })).statusCode).toBe(200);
    expect(await untilFinished(t, id)).toMatchObject({ status: 'completed' });
  }, 60_000);

  it('ends each stall on the next report, even one that repeats the state last recorded (found by a hostile review)', async () => {
    const { id, trackingNumber } = await shippedOrder(t);
    await untilStage(t, id, 'delivery_stalled', 20_000);
    expect((await postCarrierEvent(t, SECRET, { trackingNumber, kind: 'in_transit' })).statusCode).toBe(200);
    await untilStage(t, id, 'awaiting_delivery', 20_000);
    await untilStage(t, id, 'delivery_stalled', 20_000);
    // The same state again: version 5 kept the order stalled until the state moved.
    expect((await postCarrierEvent(t, SECRET, { trackingNumber, kind: 'in_transit' })).statusCode).toBe(200);
    await untilStage(t, id, 'awaiting_delivery', 20_000);
    expect(await eventsOf(t, id, 'delivery.stalled')).toHaveLength(2);
    expect((await postCarrierEvent(t, SECRET, { trackingNumber, kind: 'delivered' })).statusCode).toBe(200);
    expect(await untilFinished(t, id)).toMatchObject({ status: 'completed' });
  }, 90_000);
});
