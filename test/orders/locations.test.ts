/**
 * Orders over stock in several locations, end to end (real PostgreSQL, a real Temporal server and
 * worker, the local carrier reporting over HTTP). The reservation step allocates an order over the
 * locations (fewest, then rank); workflow version 5 books one shipment per location, hands each over
 * (each consuming its own location's reservations) and follows each on its own. After all tests the
 * saga's invariants hold, per location included.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/harness.js';
import { expectRefundsWithinCaptures } from '../support/invariants.js';
import { createOrder, expectSagaInvariants, getOrder, stockedSku, TEST_ADDRESS, untilFinished } from '../support/saga.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: { ORDER_PROCESSING_DELAY: '0s' } });
});
afterAll(async () => {
  if (t) await expectSagaInvariants(t.db);
  if (t) await expectRefundsWithinCaptures(t.db);
  await t?.close();
});

async function locationsOf(sku: string): Promise<{ location: string; on_hand: number; reserved: number }[]> {
  const response = await t.http.inject({ method: 'GET', url: `/inventory/${sku}` });
  return response.json<{ locations: { location: string; on_hand: number; reserved: number }[] }>().locations.map(({ location, on_hand, reserved }) => ({
    location,
    on_hand,
    reserved,
  }));
}

interface ShipmentJson {
  id: number;
  location: string | null;
  carrier: string;
  tracking_number: string;
  status: string;
  items: { sku: string; quantity: number }[];
}

/** Two SKUs: the first 3 at main and 4 at north, the second only at north (2). */
async function stockedAtTwoLocations(): Promise<{ sku: string; other: string }> {
  const sku = await stockedSku(t, 3);
  const other = await stockedSku(t, 0);
  expect((await t.http.inject({ method: 'PUT', url: `/inventory/${sku}/locations/north`, payload: { on_hand: 4 } })).statusCode).toBe(200);
  expect((await t.http.inject({ method: 'PUT', url: `/inventory/${other}/locations/north`, payload: { on_hand: 2 } })).statusCode).toBe(200);
  return { sku, other };
}

/** 5 of the first (main 3, north 2) at 2.00 and 1 of the second (north) at 3.33: 13.33 in all. */
const splitOrder = (sku: string, other: string, address = TEST_ADDRESS) =>
  createOrder(t, {
    items: [
      { sku, quantity: 5, unit_price: 2 },
      { sku: other, quantity: 1, unit_price: 3.33 },
    ],
    shipping_address: address,
  });

const shipmentsOf = async (id: number) => (await getOrder(t, id)) as unknown as { shipments: ShipmentJson[] };

async function paymentsOf(orderId: number): Promise<{ captured: string; refunded: string; refunds: string[] }> {
  const { rows } = await t.db.query(`SELECT captured::text, refunded::text FROM order_payment_totals WHERE order_id = $1`, [orderId]);
  const refunds = await t.db.query(`SELECT amount::text FROM payment_refunds WHERE order_id = $1 AND state = 'succeeded' ORDER BY id`, [orderId]);
  return { ...(rows[0] ?? { captured: '0.00', refunded: '0.00' }), refunds: refunds.rows.map((row) => row.amount) };
}

describe('an order over two warehouses (workflow version 5: one shipment per location)', () => {
  it('is reserved at both, shipped in two parcels tracked each on its own, and takes each share off its own shelf', async () => {
    const { sku, other } = await stockedAtTwoLocations();
    const created = await splitOrder(sku, other);
    const order = await untilFinished(t, created.id);
    expect(order).toMatchObject({ status: 'completed', status_reason: null });
    const { shipments } = await shipmentsOf(created.id);
    expect(shipments.map(({ location, carrier, status, items }) => ({ location, carrier, status, items }))).toEqual([
      { location: 'main', carrier: 'local-post', status: 'delivered', items: [{ sku, quantity: 3 }] },
      {
        location: 'north',
        carrier: 'local-post',
        status: 'delivered',
        items: [
          { sku, quantity: 2 },
          { sku: other, quantity: 1 },
        ].sort((a, b) => (a.sku < b.sku ? -1 : 1)),
      },
    ]);
    expect(new Set(shipments.map((shipment) => shipment.tracking_number)).size).toBe(2);
    // Each reservation was consumed by the shipment of its own location.
    const { rows: consumedBy } = await t.db.query(
      `SELECT r.location, s.location AS shipment_location FROM inventory_reservations r JOIN shipments s ON s.id = r.shipment_id WHERE r.order_id = $1`,
      [created.id],
    );
    expect(consumedBy).toHaveLength(3);
    for (const row of consumedBy) expect(row.shipment_location).toBe(row.location);
    // Each parcel's reports are on the timeline on their own.
    const { rows: delivered } = await t.db.query(`SELECT details FROM order_events WHERE order_id = $1 AND type = 'shipment.delivered' ORDER BY id`, [
      created.id,
    ]);
    expect(delivered.map((row) => row.details.shipment_id).sort()).toEqual(shipments.map((shipment) => String(shipment.id)).sort());
    // Neither location has 5 of the first SKU: main gives its 3 (rank 1), north the rest; the second is only at north.
    const { rows } = await t.db.query(`SELECT sku, location, quantity, status FROM inventory_reservations WHERE order_id = $1 ORDER BY sku, location`, [
      created.id,
    ]);
    expect(rows).toEqual(
      [
        { sku, location: 'main', quantity: 3, status: 'consumed' },
        { sku, location: 'north', quantity: 2, status: 'consumed' },
        { sku: other, location: 'north', quantity: 1, status: 'consumed' },
      ].sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0)),
    );
    expect(await locationsOf(sku)).toEqual([
      { location: 'main', on_hand: 0, reserved: 0 },
      { location: 'north', on_hand: 2, reserved: 0 },
    ]);
    expect(await locationsOf(other)).toEqual([
      { location: 'main', on_hand: 0, reserved: 0 },
      { location: 'north', on_hand: 1, reserved: 0 },
    ]);
    const { rows: reserved } = await t.db.query(`SELECT details FROM order_events WHERE order_id = $1 AND type = 'inventory.reserved'`, [created.id]);
    expect(reserved[0].details.allocations).toHaveLength(3);
  });

  it('one location refusing to book fails the whole order: every booking cancelled, nothing reserved, the payment voided', async () => {
    const { sku, other } = await stockedAtTwoLocations();
    const created = await splitOrder(sku, other, { ...TEST_ADDRESS, name: 'NO PICKUP FROM NORTH' });
    expect(await untilFinished(t, created.id)).toMatchObject({ status: 'failed', status_reason: 'location_unavailable' });
    // main was booked first and cancelled by the compensation; north's booking was refused, so never stored.
    const { shipments } = await shipmentsOf(created.id);
    expect(shipments.map(({ location, status }) => ({ location, status }))).toEqual([{ location: 'main', status: 'cancelled' }]);
    const { rows: held } = await t.db.query(`SELECT count(*)::int AS n FROM inventory_reservations WHERE order_id = $1 AND status <> 'released'`, [created.id]);
    expect(held[0].n).toBe(0);
    expect(await locationsOf(sku)).toEqual([
      { location: 'main', on_hand: 3, reserved: 0 },
      { location: 'north', on_hand: 4, reserved: 0 },
    ]);
    const { rows: authorizations } = await t.db.query(`SELECT state FROM payment_authorizations WHERE order_id = $1`, [created.id]);
    expect(authorizations.map((row) => row.state)).toEqual(['voided']);
    expect((await paymentsOf(created.id)).captured).toBe('0.00');
  });

  it("one parcel of two lost refunds that parcel's part, and the rest completes the order", async () => {
    const { sku, other } = await stockedAtTwoLocations();
    const created = await splitOrder(sku, other, { ...TEST_ADDRESS, name: 'LOSE PARCEL FROM NORTH' });
    const order = await untilFinished(t, created.id);
    expect(order).toMatchObject({ status: 'completed', status_reason: null });
    const { shipments } = await shipmentsOf(created.id);
    expect(shipments.map(({ location, status }) => ({ location, status }))).toEqual([
      { location: 'main', status: 'delivered' },
      { location: 'north', status: 'lost' },
    ]);
    // north held 2 of the first line (2.00 each) and the second line (3.33): 7.33 back, of 13.33 captured.
    expect(await paymentsOf(created.id)).toEqual({ captured: '13.33', refunded: '7.33', refunds: ['7.33'] });
    expect((order as unknown as { refunded_amount: number }).refunded_amount).toBe(7.33);
    const { rows: lines } = await t.db.query(`SELECT sku, shipped_quantity, delivered_quantity FROM order_items WHERE order_id = $1 ORDER BY line_no`, [
      created.id,
    ]);
    expect(lines).toEqual([
      { sku, shipped_quantity: 5, delivered_quantity: 3 },
      { sku: other, shipped_quantity: 1, delivered_quantity: 0 },
    ]);
    // Nothing of a lost parcel goes back on a shelf.
    expect(await locationsOf(sku)).toEqual([
      { location: 'main', on_hand: 0, reserved: 0 },
      { location: 'north', on_hand: 2, reserved: 0 },
    ]);
  });

  it('a parcel of two returned to sender is restocked once and refunded; the rest completes', async () => {
    const { sku, other } = await stockedAtTwoLocations();
    const created = await splitOrder(sku, other, { ...TEST_ADDRESS, line1: 'RETURN TO SENDER FROM MAIN' });
    expect(await untilFinished(t, created.id)).toMatchObject({ status: 'completed' });
    const main = (await shipmentsOf(created.id)).shipments.find((shipment) => shipment.location === 'main')!;
    expect(main.status).toBe('returned_to_sender');
    // main's 3 units of the first line: the line's last three units, 6.00.
    expect(await paymentsOf(created.id)).toEqual({ captured: '13.33', refunded: '6.00', refunds: ['6.00'] });
    const { rows: movements } = await t.db.query(`SELECT sku, quantity, location FROM stock_movements WHERE source = $1`, [
      `order-${created.id}/shipment-${main.id}/returned_to_sender`,
    ]);
    expect(movements).toEqual([{ sku, quantity: 3, location: 'main' }]);
    expect((await locationsOf(sku))[0]).toEqual({ location: 'main', on_hand: 3, reserved: 0 });
  });

  it('an order no location combination can cover is cancelled out_of_stock, holding nothing anywhere', async () => {
    const sku = await stockedSku(t, 1);
    await t.http.inject({ method: 'PUT', url: `/inventory/${sku}/locations/north`, payload: { on_hand: 1 } });
    const created = await createOrder(t, { items: [{ sku, quantity: 3, unit_price: 2 }] });
    expect(await untilFinished(t, created.id)).toMatchObject({ status: 'cancelled', status_reason: 'out_of_stock' });
    expect(await locationsOf(sku)).toEqual([
      { location: 'main', on_hand: 1, reserved: 0 },
      { location: 'north', on_hand: 1, reserved: 0 },
    ]);
  });
});
