/**
 * Workflow version 5: the operators' stalled-delivery task list (GET /orders?stage=delivery_stalled,
 * read from the order's row) agrees with what the workflow knows about each of two parcels. The
 * carrier's reporter is off: the reports are posted by hand, signed. Both tests failed before the
 * row took its stage from the workflow (found by a hostile review).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderWorkflowId } from '../../src/orders/order.js';
import { progressQuery } from '../../src/orders/messages.js';
import { postCarrierEvent } from '../support/carrier.js';
import { eventually, startTestApp, type TestApp } from '../support/harness.js';
import { createOrder, getOrder, stockedSku, untilStage } from '../support/saga.js';

const SECRET = `whsec_${Buffer.alloc(32, 5).toString('base64')}`;
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({
    carrier: false,
    env: { ORDER_PROCESSING_DELAY: '0s', DELIVERY_STALL_TIMEOUT: '3s', CARRIER_WEBHOOK_SECRET_LOCAL_POST: SECRET },
  });
});
afterAll(async () => {
  await t?.close();
});

const report = (trackingNumber: string, kind: string) => postCarrierEvent(t, SECRET, { trackingNumber, kind });

/** An order of one SKU split 1 at main, 1 at north, shipped; its tracking numbers per location. */
async function twoParcelOrder(): Promise<{ id: number; main: string; north: string }> {
  const sku = await stockedSku(t, 1);
  expect((await t.http.inject({ method: 'PUT', url: `/inventory/${sku}/locations/north`, payload: { on_hand: 1 } })).statusCode).toBe(200);
  const { id } = await createOrder(t, { items: [{ sku, quantity: 2, unit_price: 5 }] });
  await untilStage(t, id, 'awaiting_delivery');
  const { rows } = await t.db.query<{ location: string; tracking_number: string }>('SELECT location, tracking_number FROM shipments WHERE order_id = $1', [id]);
  const of = (location: string) => rows.find((row) => row.location === location)!.tracking_number;
  return { id, main: of('main'), north: of('north') };
}

const workflowStage = async (id: number) => (await t.temporal.workflow.getHandle(orderWorkflowId(id)).query(progressQuery)).stage;
const dbStage = async (id: number) => (await getOrder(t, id)).progress?.stage;
const eventCount = async (id: number, type: string) =>
  Number((await t.db.query('SELECT count(*) FROM order_events WHERE order_id = $1 AND type = $2', [id, type])).rows[0].count);
const stalledList = async () =>
  (await t.http.inject({ method: 'GET', url: '/orders?stage=delivery_stalled&limit=100' })).json<{ id: number }[] | { items: { id: number }[] }>();

describe('the delivery_stalled task of an order in two parcels (workflow version 5)', () => {
  it('stays on the task list when the other parcel reports in transit (the stalled one still silent)', async () => {
    const { id, main, north } = await twoParcelOrder();
    // Both parcels quiet for the timeout: both stalled.
    await untilStage(t, id, 'delivery_stalled', 15_000);
    expect((await report(north, 'in_transit')).statusCode).toBe(200);
    await eventually(async () => ((await eventCount(id, 'shipment.in_transit')) > 0 ? true : undefined));
    expect((await report(north, 'delivered')).statusCode).toBe(200);
    await eventually(async () => ((await eventCount(id, 'shipment.delivered')) > 0 ? true : undefined));
    // main's parcel has said nothing since it was handed over: the workflow still counts it stalled.
    expect(await workflowStage(id)).toBe('delivery_stalled');
    const listed = await stalledList();
    const ids = (Array.isArray(listed) ? listed : listed.items).map((order) => order.id);
    expect({ db: await dbStage(id), listed: ids.includes(id) }).toEqual({ db: 'delivery_stalled', listed: true });
    await report(main, 'delivered');
  });

  it('leaves the task list once the stalled parcel is delivered and the other is heard from', async () => {
    const { id, main, north } = await twoParcelOrder();
    expect((await report(north, 'in_transit')).statusCode).toBe(200);
    // north is heard from again half-way through the timeout (a repeat moves nothing but is a sign of life).
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await report(north, 'in_transit')).statusCode).toBe(200);
    // main stalls first (north was heard from after the hand-over).
    await eventually(async () => ((await eventCount(id, 'delivery.stalled')) > 0 ? true : undefined), 15_000);
    expect((await report(main, 'delivered')).statusCode).toBe(200);
    await eventually(async () => ((await eventCount(id, 'shipment.delivered')) > 0 ? true : undefined));
    const { rows } = await t.db.query(`SELECT details FROM order_events WHERE order_id = $1 AND type = 'delivery.stalled'`, [id]);
    const stalledIds = rows.flatMap((row) => row.details.shipment_ids as string[]);
    // Precondition: only main's parcel stalled, and the workflow knows nothing is stalled now.
    const wf = await workflowStage(id);
    expect({ stalledIds: stalledIds.length, wf }).toEqual({ stalledIds: 1, wf: 'awaiting_delivery' });
    expect(await dbStage(id)).toBe('awaiting_delivery');
    await report(north, 'delivered');
  });
});
