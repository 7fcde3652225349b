/**
 * Stock per location: the API, the reservation step's allocation under concurrency, and the
 * database's own constraints (migration 0016) when code misbehaves. The saga's steps are called
 * by hand (no worker), so nothing else moves the orders.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/harness.js';
import { expectLocationStockWithinBounds } from '../support/invariants.js';
import { createOrder, stockedSku } from '../support/saga.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ worker: false });
});
afterAll(async () => {
  if (t) await expectLocationStockWithinBounds(t.db);
  await t?.close();
});

interface StockJson {
  on_hand: number;
  reserved: number;
  available: number;
  locations: { location: string; on_hand: number; reserved: number; available: number }[];
}

async function setAt(sku: string, location: string, onHand: number) {
  return t.http.inject({ method: 'PUT', url: `/inventory/${sku}/locations/${location}`, payload: { on_hand: onHand } });
}

async function stock(sku: string): Promise<StockJson> {
  const response = await t.http.inject({ method: 'GET', url: `/inventory/${sku}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<StockJson>();
}

async function reservations(orderId: number) {
  return (await t.db.query(`SELECT sku, location, quantity, status FROM inventory_reservations WHERE order_id = $1 ORDER BY location`, [orderId])).rows;
}

describe('stock locations', () => {
  it('lists the locations in the fixed order allocations try them', async () => {
    const response = await t.http.inject({ method: 'GET', url: '/locations' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual([
      { code: 'main', name: 'Main warehouse', rank: 1 },
      { code: 'north', name: 'North warehouse', rank: 2 },
    ]);
  });

  it('sets stock per location and shows the sums and each location; PUT /inventory/{sku} sets main', async () => {
    const sku = `LOC-${Date.now().toString(36)}`;
    expect((await setAt(sku, 'north', 4)).statusCode).toBe(201);
    expect((await t.http.inject({ method: 'PUT', url: `/inventory/${sku}`, payload: { on_hand: 3 } })).statusCode).toBe(200);
    expect(await stock(sku)).toMatchObject({
      on_hand: 7,
      reserved: 0,
      available: 7,
      locations: [
        { location: 'main', on_hand: 3, reserved: 0, available: 3 },
        { location: 'north', on_hand: 4, reserved: 0, available: 4 },
      ],
    });
  });

  it('refuses an unknown location with 404 and stores nothing', async () => {
    const sku = `LOC-X-${Date.now().toString(36)}`;
    const response = await setAt(sku, 'south', 4);
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect((await t.db.query('SELECT 1 FROM inventory WHERE sku = $1', [sku])).rows).toEqual([]);
    expect((await setAt(sku, 'Not A Code', 4)).statusCode).toBe(400);
  });

  it('reserves from the one location that has the whole order, else location by location in rank order', async () => {
    const sku = await stockedSku(t, 2);
    await setAt(sku, 'north', 5);
    const whole = await createOrder(t, { items: [{ sku, quantity: 3, unit_price: 1 }] });
    await t.app.activities.reserveInventory(whole.id);
    expect(await reservations(whole.id)).toEqual([{ sku, location: 'north', quantity: 3, status: 'reserved' }]);

    const split = await createOrder(t, { items: [{ sku, quantity: 4, unit_price: 1 }] });
    await t.app.activities.reserveInventory(split.id);
    expect(await reservations(split.id)).toEqual([
      { sku, location: 'main', quantity: 2, status: 'reserved' },
      { sku, location: 'north', quantity: 2, status: 'reserved' },
    ]);
    expect((await stock(sku)).locations).toEqual([
      { location: 'main', on_hand: 2, reserved: 2, available: 0 },
      { location: 'north', on_hand: 5, reserved: 5, available: 0 },
    ]);

    // A location's count cannot go below what is reserved there (409), and releasing gives back to each.
    const refused = await setAt(sku, 'north', 4);
    expect(refused.statusCode).toBe(409);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    await t.app.activities.releaseInventory(split.id);
    expect((await stock(sku)).locations.map((l) => l.reserved)).toEqual([0, 3]);
  });

  it('never oversells a location when orders race for split stock', async () => {
    const sku = await stockedSku(t, 3);
    await setAt(sku, 'north', 2);
    const orders = await Promise.all(Array.from({ length: 6 }, () => createOrder(t, { items: [{ sku, quantity: 2, unit_price: 1 }] })));
    const results = await Promise.allSettled(orders.map((order) => t.app.activities.reserveInventory(order.id)));
    // main 3, north 2, orders of 2: the first fits main, the next north alone, then only 1 unit is left anywhere.
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
    for (const r of results) if (r.status === 'rejected') expect((r.reason as Error).name).toBe('OutOfStock');
    expect((await stock(sku)).locations).toEqual([
      { location: 'main', on_hand: 3, reserved: 2, available: 1 },
      { location: 'north', on_hand: 2, reserved: 2, available: 0 },
    ]);
  });
});

describe('the database holds the stock rules itself', () => {
  const refusedBy = async (sql: string, params: unknown[] = []) => {
    const error = await t.db.query(sql, params).then(
      () => undefined,
      (e: unknown) => e as { code?: string },
    );
    return error?.code;
  };

  it('refuses a reservation above what the location has, and stock below zero', async () => {
    const sku = await stockedSku(t, 1);
    expect(await refusedBy(`INSERT INTO inventory_reservations (order_id, sku, location, quantity) VALUES (987654321, $1, 'main', 2)`, [sku])).toBe('23514');
    expect(await refusedBy(`INSERT INTO inventory_reservations (order_id, sku, location, quantity) VALUES (987654321, $1, 'north', 1)`, [sku])).toBe('23514');
    expect(await refusedBy(`UPDATE location_stock SET on_hand = -1 WHERE sku = $1`, [sku])).toBe('23514');
    expect(await refusedBy(`UPDATE inventory SET on_hand = 10 WHERE sku = $1`, [sku])).toBe('23514');
  });

  it("refuses an order line's reservations that do not sum to its quantity, at commit", async () => {
    const sku = await stockedSku(t, 5);
    const order = await createOrder(t, { items: [{ sku, quantity: 3, unit_price: 1 }] });
    expect(await refusedBy(`INSERT INTO inventory_reservations (order_id, sku, location, quantity) VALUES ($1, $2, 'main', 2)`, [order.id, sku])).toBe('23514');
    expect(await reservations(order.id)).toEqual([]);
  });

  it("refuses a shipment consuming another location's reservation", async () => {
    const sku = await stockedSku(t, 5);
    const order = await createOrder(t, { items: [{ sku, quantity: 1, unit_price: 1 }] });
    await t.app.activities.reserveInventory(order.id);
    const { rows } = await t.db.query<{ id: string }>(
      `INSERT INTO shipments (idempotency_key, order_id, carrier, parcels, location) VALUES ($1, $2, 'local-post', $3, 'north') RETURNING id`,
      [`test-${order.id}`, order.id, JSON.stringify([{ sku, quantity: 1 }])],
    );
    const consumeBy = (shipmentId: string) =>
      refusedBy(`UPDATE inventory_reservations SET status = 'consumed', shipment_id = $1 WHERE order_id = $2`, [shipmentId, order.id]);
    expect(await consumeBy(rows[0]!.id)).toBe('23503');
    expect(await reservations(order.id)).toEqual([{ sku, location: 'main', quantity: 1, status: 'reserved' }]);
  });
});
