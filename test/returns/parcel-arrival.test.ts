/**
 * The carrier reports the parcel a customer sends back (POST /carriers/{carrier}/events, by the
 * return label's tracking number): delivered to the warehouse, the return is parcel_arrived, its
 * parcel deadline no longer applies, and it waits for an operator's inspection. The local carrier
 * plays the customer here (LOCAL_CARRIER_RETURN_PARCEL_DELAY); some reports are posted by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postCarrierEvent } from '../support/carrier.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { allReceived, deliveredOrder, expectReturnInvariants, getReturn, requestReturn, type ReturnJson, untilReturn } from '../support/returns.js';
import { eventTypes, stockedSku } from '../support/saga.js';

const SECRET = `whsec_${Buffer.alloc(32, 5).toString('base64')}`;
const PARCEL_DEADLINE_MS = 4_000;
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({
    env: {
      ORDER_PROCESSING_DELAY: '0s',
      CARRIER_WEBHOOK_SECRET_LOCAL_POST: SECRET,
      LOCAL_CARRIER_RETURN_PARCEL_DELAY: '1500ms',
      RETURN_PARCEL_DEADLINE: `${PARCEL_DEADLINE_MS}ms`,
    },
  });
});
afterAll(async () => {
  await expectReturnInvariants(t.db);
  await t.close();
});

const report = (trackingNumber: string, kind: string, eventId?: string) =>
  postCarrierEvent(t, SECRET, { trackingNumber, kind, ...(eventId ? { eventId } : {}) });

async function returnWithLabel(): Promise<{ orderId: number; ret: ReturnJson }> {
  const sku = await stockedSku(t, 5);
  const order = await deliveredOrder(t, [{ sku, quantity: 2, unit_price: 6.25 }]);
  const created = await requestReturn(t, order.id, { items: [{ sku, quantity: 2 }], reason: 'too small' });
  expect(created.statusCode, created.body).toBe(201);
  const ret = await untilReturn(t, order.id, created.json<ReturnJson>().id, 'awaiting_parcel');
  expect(ret.label_tracking_number).toMatch(/^LR/);
  return { orderId: order.id, ret };
}

const arrivalEvents = async (orderId: number) => (await eventTypes(t, orderId)).filter((type) => type === 'return.parcel_arrived').length;

describe('a return parcel the carrier reports', () => {
  it('delivered to the warehouse leaves the return parcel_arrived past its deadline, until an operator inspects it and it is refunded', async () => {
    const { orderId, ret } = await returnWithLabel();
    // The local carrier reports it in transit, then delivered, 1.5 s after the label.
    await untilReturn(t, orderId, ret.id, 'parcel_arrived', 10_000);
    await new Promise((resolve) => setTimeout(resolve, PARCEL_DEADLINE_MS + 1_000));
    expect((await getReturn(t, orderId, ret.id)).json<ReturnJson>().status).toBe('parcel_arrived');
    expect(await arrivalEvents(orderId)).toBe(1);
    const { rows } = await t.db.query('SELECT status FROM return_labels WHERE tracking_number = $1', [ret.label_tracking_number]);
    expect(rows).toEqual([{ status: 'delivered' }]);

    const received = await t.http.inject({ method: 'POST', url: `/orders/${orderId}/returns/${ret.id}/receive`, payload: { items: allReceived(ret) } });
    expect(received.statusCode, received.body).toBe(200);
    const refunded = await untilReturn(t, orderId, ret.id, 'refunded');
    expect(refunded.refund_amount).toBe(12.5);
  }, 40_000);

  it('is recorded once per event id, never moves back, and a report after the return ended changes nothing', async () => {
    const { orderId, ret } = await returnWithLabel();
    const tracking = ret.label_tracking_number!;
    const first = await report(tracking, 'delivered', `arrival-${ret.id}`);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ duplicate: false, shipment_status: 'delivered' });
    const repeat = await report(tracking, 'delivered', `arrival-${ret.id}`);
    expect(repeat.json()).toMatchObject({ duplicate: true, shipment_status: 'delivered' });
    const late = await report(tracking, 'in_transit');
    expect(late.json()).toMatchObject({ duplicate: false, shipment_status: 'delivered' });
    await untilReturn(t, orderId, ret.id, 'parcel_arrived');

    const received = await t.http.inject({ method: 'POST', url: `/orders/${orderId}/returns/${ret.id}/receive`, payload: { items: allReceived(ret) } });
    expect(received.statusCode, received.body).toBe(200);
    await untilReturn(t, orderId, ret.id, 'refunded');
    // Its workflow has ended: the carrier is answered 200 and not asked to retry, and nothing moves.
    const afterEnd = await report(tracking, 'delivered');
    expect(afterEnd.statusCode, afterEnd.body).toBe(200);
    expect((await getReturn(t, orderId, ret.id)).json<ReturnJson>().status).toBe('refunded');
    expect(await arrivalEvents(orderId)).toBe(1);
    const { rows } = await t.db.query('SELECT count(*)::int AS n FROM carrier_events WHERE return_label_id IS NOT NULL AND tracking_number = $1', [tracking]);
    // Two by hand (the repeat is one), one after the end, and the local carrier's own two.
    expect(rows[0].n).toBeGreaterThanOrEqual(3);
  }, 40_000);

  it('delivered after a report of it lost is parcel_arrived: the warehouse has it (found by a hostile review)', async () => {
    const { orderId, ret } = await returnWithLabel();
    const tracking = ret.label_tracking_number!;
    expect((await report(tracking, 'lost')).json()).toMatchObject({ shipment_status: 'lost' });
    const delivered = await report(tracking, 'delivered');
    expect(delivered.json()).toMatchObject({ duplicate: false, shipment_status: 'delivered' });
    await untilReturn(t, orderId, ret.id, 'parcel_arrived');
    expect((await report(tracking, 'damaged')).json()).toMatchObject({ shipment_status: 'delivered' });
  });

  it('refuses an unknown tracking number with 404, storing nothing', async () => {
    const unknown = await report('LR999999999999', 'delivered');
    expect(unknown.statusCode, unknown.body).toBe(404);
    expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
    // Counted for this number only: the local carrier's own reports of earlier labels may land meanwhile.
    const { rows } = await t.db.query(`SELECT count(*)::int AS n FROM carrier_events WHERE tracking_number = 'LR999999999999'`);
    expect(rows[0].n).toBe(0);
  });
});
