/**
 * Orders over stock in several locations, end to end (real PostgreSQL, a real Temporal server and
 * worker, the local carrier reporting over HTTP). The workflow in production today (version 4)
 * ships an order in one parcel: the reservation step allocates it over the locations (fewest,
 * then rank), and the hand-over consumes each location's share. After all tests the saga's
 * invariants hold, per location included.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/harness.js';
import { createOrder, expectSagaInvariants, stockedSku, untilFinished } from '../support/saga.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: { ORDER_PROCESSING_DELAY: '0s' } });
});
afterAll(async () => {
  if (t) await expectSagaInvariants(t.db);
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

describe('an order over two warehouses', () => {
  it('is reserved at both, shipped, and takes each share off its own shelf when it completes', async () => {
    const sku = await stockedSku(t, 3);
    const other = await stockedSku(t, 0);
    expect((await t.http.inject({ method: 'PUT', url: `/inventory/${sku}/locations/north`, payload: { on_hand: 4 } })).statusCode).toBe(200);
    expect((await t.http.inject({ method: 'PUT', url: `/inventory/${other}/locations/north`, payload: { on_hand: 2 } })).statusCode).toBe(200);
    const created = await createOrder(t, {
      items: [
        { sku, quantity: 5, unit_price: 2 },
        { sku: other, quantity: 1, unit_price: 3 },
      ],
    });
    const order = await untilFinished(t, created.id);
    expect(order).toMatchObject({ status: 'completed', status_reason: null });
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
