/**
 * The carrier webhook, POST /carriers/{carrier}/events, driven by hand (the local carrier's own
 * reporter is off here): signatures, deduplication, monotonic shipment states whatever the order
 * of the events, the stalled-delivery operator task, and what reaches the order's workflow.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toProblem } from '../../src/http/problem.js';
import { CarrierEventNotPassedOn, DependencyUnavailable } from '../../src/shared/errors.js';
import { ShipmentTracking } from '../../src/shipping/tracking.js';
import { postCarrierEvent } from '../support/carrier.js';
import { countOrders, startTestApp, type TestApp } from '../support/harness.js';
import { createOrder, eventTypes, expectSagaInvariants, getOrder, stockedSku, stockOf, TEST_ADDRESS, untilFinished, untilStage } from '../support/saga.js';

const SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({
    carrier: false,
    env: { ORDER_PROCESSING_DELAY: '0s', DELIVERY_STALL_TIMEOUT: '1500ms', CARRIER_WEBHOOK_SECRET_LOCAL_POST: SECRET },
  });
});
afterAll(async () => {
  await expectSagaInvariants(t.db);
  await t.close();
});

type Kind = 'in_transit' | 'delivered' | 'lost' | 'damaged' | 'returned_to_sender';
/** Names every object has on its prototype: a state check written as `kind in MAP` would take them. */
const PROTOTYPE_KEYS = ['constructor', '__proto__', 'toString', 'hasOwnProperty'];

function report(trackingNumber: string, kind: Kind | (string & {}), options: { eventId?: string; occurredAt?: Date; secret?: string; carrier?: string } = {}) {
  return postCarrierEvent(t, options.secret ?? SECRET, { trackingNumber, kind, ...options });
}

/** An order with goods, shipped and waiting for its carrier; its tracking number. */
async function shippedOrder(quantity = 1): Promise<{ id: number; sku: string; trackingNumber: string }> {
  const sku = await stockedSku(t, 10);
  const { id } = await createOrder(t, { items: [{ sku, quantity, unit_price: 5 }] });
  await untilStage(t, id, 'awaiting_delivery');
  const { rows } = await t.db.query<{ tracking_number: string }>('SELECT tracking_number FROM shipments WHERE order_id = $1', [id]);
  return { id, sku, trackingNumber: rows[0]!.tracking_number };
}

const carrierEventCount = async () => Number((await t.db.query('SELECT count(*) FROM carrier_events')).rows[0].count);
const shipmentStatus = async (trackingNumber: string) =>
  (await t.db.query<{ status: string }>('SELECT status FROM shipments WHERE tracking_number = $1', [trackingNumber])).rows[0]!.status;

describe('POST /carriers/{carrier}/events', () => {
  it('refuses a bad signature (401), an unknown carrier (401) and an unknown parcel (404), storing nothing', async () => {
    const { id, trackingNumber } = await shippedOrder();
    const before = await carrierEventCount();
    const forged = await report(trackingNumber, 'delivered', { secret: `whsec_${Buffer.alloc(32, 9).toString('base64')}` });
    expect(forged.statusCode).toBe(401);
    expect(forged.headers['content-type']).toMatch(/application\/problem\+json/);
    expect((await report(trackingNumber, 'delivered', { carrier: 'other-post' })).statusCode).toBe(401);
    const unknown = await report('LP999999999999', 'delivered');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ status: 404 });
    expect(await carrierEventCount()).toBe(before);
    expect(await shipmentStatus(trackingNumber)).toBe('handed_over');
    expect((await getOrder(t, id)).status).toBe('shipped');
    await report(trackingNumber, 'delivered');
    expect(await untilFinished(t, id)).toMatchObject({ status: 'completed' });
  });

  it('refuses a state named after a prototype key (400 problem) and stores nothing; the shipment and the order stay as they were', async () => {
    const { id, trackingNumber } = await shippedOrder();
    const before = await carrierEventCount();
    const eventsBefore = await eventTypes(t, id);
    for (const kind of PROTOTYPE_KEYS) {
      const response = await report(trackingNumber, kind);
      expect(response.statusCode, `${kind}: ${response.body}`).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json<{ detail: string }>().detail).toMatch(/kind/);
    }
    expect(await carrierEventCount()).toBe(before);
    expect(await shipmentStatus(trackingNumber)).toBe('handed_over');
    expect(await eventTypes(t, id)).toEqual(eventsBefore);
    // The parcel still arrives by a real report.
    expect((await report(trackingNumber, 'delivered')).statusCode).toBe(200);
    expect(await untilFinished(t, id)).toMatchObject({ status: 'completed' });
  });

  it('applies a shuffled, repeated event stream monotonically: the same final state, the order completed once', async () => {
    const { id, trackingNumber } = await shippedOrder();
    const t0 = Date.now() - 60_000;
    const inTransit = { eventId: `transit-${id}`, occurredAt: new Date(t0) };
    const delivered = { eventId: `delivered-${id}`, occurredAt: new Date(t0 + 1000) };
    // Delivered first, then the late in-transit report, then a retry of each. Posted as a carrier
    // does: a 503 (recorded, not yet passed on: a loaded Temporal) is sent again with the same id,
    // and that repeat is then a duplicate.
    const answers = [];
    for (const [kind, options] of [
      ['delivered', delivered],
      ['in_transit', inTransit],
      ['delivered', delivered],
      ['in_transit', inTransit],
    ] as const) {
      let response = await report(trackingNumber, kind, options);
      let retried = false;
      for (let attempt = 0; response.statusCode === 503 && attempt < 5; attempt++, retried = true) response = await report(trackingNumber, kind, options);
      answers.push({ ...response.json<{ duplicate: boolean; shipment_status: string }>(), retried });
    }
    expect(answers.map((a) => [a.duplicate, a.shipment_status])).toEqual([
      [answers[0]!.retried, 'delivered'],
      [answers[1]!.retried, 'delivered'],
      [true, 'delivered'],
      [true, 'delivered'],
    ]);
    const order = await untilFinished(t, id);
    expect(order).toMatchObject({ status: 'completed', delivered_at: delivered.occurredAt.toISOString() });
    const { rows } = await t.db.query('SELECT count(*)::int AS n FROM carrier_events WHERE tracking_number = $1', [trackingNumber]);
    expect(rows[0].n).toBe(2);
    // A later exception report cannot undo a delivery.
    expect((await report(trackingNumber, 'lost')).json()).toMatchObject({ duplicate: false, shipment_status: 'delivered' });
    expect(await shipmentStatus(trackingNumber)).toBe('delivered');
    const types = await eventTypes(t, id);
    expect(types.filter((type) => type === 'order.delivered')).toHaveLength(1);
    expect(types).not.toContain('shipment.in_transit');
  });

  it('restocks a returned parcel once, however often the carrier reports it', async () => {
    const { id, sku, trackingNumber } = await shippedOrder(2);
    expect(await stockOf(t, sku)).toMatchObject({ on_hand: 8 });
    const returned = { eventId: `returned-${id}` };
    for (let i = 0; i < 2; i++) expect((await report(trackingNumber, 'returned_to_sender', returned)).statusCode).toBe(200);
    expect((await report(trackingNumber, 'returned_to_sender')).statusCode).toBe(200); // another id, same news
    expect(await untilFinished(t, id)).toMatchObject({ status: 'failed', status_reason: 'returned_to_sender' });
    expect(await stockOf(t, sku)).toMatchObject({ on_hand: 10, reserved: 0 });
    const { rows } = await t.db.query('SELECT sum(quantity)::int AS units, count(*)::int AS movements FROM stock_movements WHERE sku = $1', [sku]);
    expect(rows[0]).toEqual({ units: 2, movements: 1 });
  });

  it('raises an operator task when the carrier goes quiet, and carries on when it speaks again', async () => {
    const { id, trackingNumber } = await shippedOrder();
    await untilStage(t, id, 'delivery_stalled', 10_000);
    expect(await eventTypes(t, id)).toContain('delivery.stalled');
    const tasks = await t.http.inject({ method: 'GET', url: '/orders?stage=delivery_stalled&limit=100' });
    expect(tasks.json<{ id: number }[]>().map((order) => order.id)).toContain(id);

    await report(trackingNumber, 'in_transit');
    await untilStage(t, id, 'awaiting_delivery', 10_000);
    await report(trackingNumber, 'damaged');
    expect(await untilFinished(t, id)).toMatchObject({ status: 'failed', status_reason: 'parcel_damaged' });
    expect((await eventTypes(t, id)).filter((type) => type === 'delivery.stalled')).toHaveLength(1);
  });
});

describe('an event that cannot be passed on (Temporal unreachable)', () => {
  it('is recorded and refused 503 as not passed on, so the carrier sends it again; the repeat is a duplicate and reaches the order', async () => {
    const { id, trackingNumber } = await shippedOrder();
    const unreachable = new ShipmentTracking({
      pool: t.db,
      secrets: new Map(),
      notify: () => Promise.reject(new DependencyUnavailable('temporal')),
      notifyReturnParcel: () => Promise.reject(new DependencyUnavailable('temporal')),
    });
    const event = { eventId: `unpassed-${id}`, trackingNumber, kind: 'delivered' as const, occurredAt: new Date() };
    await expect(unreachable.receive('local-post', event)).rejects.toBeInstanceOf(CarrierEventNotPassedOn);
    expect(toProblem(new CarrierEventNotPassedOn())).toMatchObject({ status: 503, detail: expect.stringContaining('Send it again with the same event_id') });
    const again = await report(trackingNumber, 'delivered', { eventId: event.eventId, occurredAt: event.occurredAt });
    expect(again.json()).toMatchObject({ duplicate: true, shipment_status: 'delivered' });
    expect(await untilFinished(t, id)).toMatchObject({ status: 'completed' });
  });
});

describe('the shipping address', () => {
  it('is required for an order with items (400, nothing stored) and checked field by field', async () => {
    const sku = await stockedSku(t, 1);
    const before = await countOrders(t.db);
    const post = (body: Record<string, unknown>) =>
      t.http.inject({ method: 'POST', url: '/orders', payload: { customer_id: 7, items: [{ sku, quantity: 1, unit_price: 1 }], ...body } });
    const withoutCity: Partial<typeof TEST_ADDRESS> = { ...TEST_ADDRESS };
    delete withoutCity.city;
    for (const body of [
      {},
      { shipping_address: withoutCity },
      { shipping_address: { ...TEST_ADDRESS, country: 'gb' } },
      { shipping_address: { ...TEST_ADDRESS, country: 'XX' } },
      { shipping_address: { ...TEST_ADDRESS, name: 'x'.repeat(101) } },
      { shipping_address: { ...TEST_ADDRESS, line1: '   ' } },
      { shipping_address: { ...TEST_ADDRESS, phone: '123' } },
      // PostgreSQL's JSONB refuses both: a 500 before, and in an edit a step retried for ever.
      { shipping_address: { ...TEST_ADDRESS, name: 'Ada\u0000Lovelace' } },
      { shipping_address: { ...TEST_ADDRESS, city: 'Lon\ud800don' } },
    ]) {
      const response = await post(body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(response.body.length).toBeLessThan(2000);
    }
    expect(await countOrders(t.db)).toBe(before);
    // An order with only a total has nothing to send.
    const totalOnly = await createOrder(t, { total_amount: 3 });
    expect(totalOnly).toMatchObject({ shipping_address: null });
    expect(await untilFinished(t, totalOnly.id)).toMatchObject({ status: 'completed' });
  });
});
