import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Carrier, Parcel } from '../../src/shipping/carrier.js';
import { createLocalCarrier } from '../../src/shipping/local-carrier.js';
import { isValidTrackingNumber } from '../../src/shipping/tracking-number.js';
import { ProviderUnavailable, ShipmentRefused } from '../../src/shared/errors.js';
import { createLogger } from '../../src/logger.js';
import { LocalCarrierReporter } from '../../src/shipping/local-carrier-reporter.js';
import { webhookVerificationFailure } from '../../src/webhooks/signing.js';
import { createTestDatabase, eventually, testConfig } from '../support/harness.js';

let pool: pg.Pool;
let carrier: Carrier;
let nextOrderId = 1;

beforeAll(async () => {
  pool = new pg.Pool({ connectionString: (await createTestDatabase()).url, max: 10 });
  carrier = createLocalCarrier(pool);
});
afterAll(async () => {
  await pool.end();
});

const key = () => `ship-${randomUUID()}`;
const newOrder = () => nextOrderId++;
const parcels: Parcel[] = [
  { sku: 'BOOK-1', quantity: 2 },
  { sku: 'MUG-7', quantity: 1 },
];

async function refusalOf(call: Promise<unknown>): Promise<string> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ShipmentRefused);
  return (error as ShipmentRefused).code;
}

async function statusInDb(shipmentKey: string): Promise<string | undefined> {
  const { rows } = await pool.query<{ status: string }>('SELECT status FROM shipments WHERE idempotency_key = $1', [shipmentKey]);
  return rows[0]?.status;
}

async function booked(orderId: number) {
  const shipmentKey = key();
  const shipment = await carrier.book({ idempotencyKey: shipmentKey, orderId, parcels });
  return { shipmentKey, shipment };
}

describe('book', () => {
  it('books a shipment with a readable, checkable tracking number', async () => {
    const { shipment } = await booked(newOrder());
    expect(shipment).toMatchObject({ carrier: 'local-post', status: 'booked' });
    expect(shipment.trackingNumber).toMatch(/^LP\d{12}$/);
    expect(shipment.trackingNumber.slice(2, 12)).toBe(shipment.shipmentId.padStart(10, '0'));
    expect(isValidTrackingNumber(shipment.trackingNumber)).toBe(true);
  });

  it('tracking numbers catch a mistyped digit and a swapped pair', async () => {
    const { shipment } = await booked(newOrder());
    const digits = shipment.trackingNumber.slice(2);
    for (let i = 0; i < digits.length; i++) {
      const typo = digits.slice(0, i) + String((Number(digits[i]) + 3) % 10) + digits.slice(i + 1);
      expect(isValidTrackingNumber(`LP${typo}`)).toBe(false);
    }
    for (let i = 0; i + 1 < digits.length; i++) {
      if (digits[i] === digits[i + 1]) continue;
      const swapped = digits.slice(0, i) + digits[i + 1] + digits[i] + digits.slice(i + 2);
      expect(isValidTrackingNumber(`LP${swapped}`)).toBe(false);
    }
  });

  it('gives every shipment its own tracking number', async () => {
    const shipments = await Promise.all(Array.from({ length: 10 }, () => booked(newOrder())));
    expect(new Set(shipments.map((s) => s.shipment.trackingNumber)).size).toBe(10);
  });

  it('a retried booking with the same key returns the same shipment, even when the calls race', async () => {
    const orderId = newOrder();
    const request = { idempotencyKey: key(), orderId, parcels };
    const results = await Promise.all(Array.from({ length: 6 }, () => carrier.book(request)));
    expect(new Set(results.map((s) => s.shipmentId)).size).toBe(1);
    expect(await carrier.book(request)).toEqual(results[0]);
    const { rows } = await pool.query('SELECT count(*)::int AS n FROM shipments WHERE order_id = $1', [orderId]);
    expect(rows).toEqual([{ n: 1 }]);
  });

  it('refuses parcels with a HAZMAT- SKU as hazardous_goods, and stores nothing', async () => {
    const idempotencyKey = key();
    const hazardous = [...parcels, { sku: 'HAZMAT-LITHIUM', quantity: 1 }];
    expect(await refusalOf(carrier.book({ idempotencyKey, orderId: newOrder(), parcels: hazardous }))).toBe('hazardous_goods');
    expect(await refusalOf(carrier.book({ idempotencyKey, orderId: newOrder(), parcels: hazardous }))).toBe('hazardous_goods');
    expect(await statusInDb(idempotencyKey)).toBeUndefined();
  });

  it('refuses more than 1000 units in one shipment as too_many_units; 1000 is fine', async () => {
    expect(
      await refusalOf(
        carrier.book({
          idempotencyKey: key(),
          orderId: newOrder(),
          parcels: [
            { sku: 'A', quantity: 600 },
            { sku: 'B', quantity: 401 },
          ],
        }),
      ),
    ).toBe('too_many_units');
    await expect(carrier.book({ idempotencyKey: key(), orderId: newOrder(), parcels: [{ sku: 'A', quantity: 1000 }] })).resolves.toMatchObject({
      status: 'booked',
    });
  });

  it('refuses an empty booking and malformed parcels', async () => {
    expect(await refusalOf(carrier.book({ idempotencyKey: key(), orderId: newOrder(), parcels: [] }))).toBe('no_parcels');
    expect(await refusalOf(carrier.book({ idempotencyKey: key(), orderId: newOrder(), parcels: [{ sku: 'A', quantity: 0 }] }))).toBe('invalid_parcel');
    expect(await refusalOf(carrier.book({ idempotencyKey: key(), orderId: newOrder(), parcels: [{ sku: 'A', quantity: 1.5 }] }))).toBe('invalid_parcel');
    expect(await refusalOf(carrier.book({ idempotencyKey: key(), orderId: newOrder(), parcels: [{ sku: '', quantity: 1 }] }))).toBe('invalid_parcel');
  });

  it('refuses a key reused for another order or other parcels', async () => {
    const orderId = newOrder();
    const { shipmentKey } = await booked(orderId);
    expect(await refusalOf(carrier.book({ idempotencyKey: shipmentKey, orderId: newOrder(), parcels }))).toBe('idempotency_key_reused');
    expect(await refusalOf(carrier.book({ idempotencyKey: shipmentKey, orderId, parcels: [{ sku: 'BOOK-1', quantity: 3 }] }))).toBe('idempotency_key_reused');
  });

  it('uses the configured carrier name', async () => {
    const other = createLocalCarrier(pool, { carrierName: 'parcel-express' });
    await expect(other.book({ idempotencyKey: key(), orderId: newOrder(), parcels })).resolves.toMatchObject({ carrier: 'parcel-express' });
  });
});

describe('handOver', () => {
  it('moves a booked shipment to handed_over, and again returns it unchanged', async () => {
    const orderId = newOrder();
    const { shipmentKey, shipment } = await booked(orderId);
    const handed = await carrier.handOver({ shipmentKey, orderId });
    expect(handed).toEqual({ ...shipment, status: 'handed_over' });
    expect(await carrier.handOver({ shipmentKey, orderId })).toEqual(handed);
  });

  it('refuses a cancelled shipment with shipment_cancelled', async () => {
    const orderId = newOrder();
    const { shipmentKey } = await booked(orderId);
    expect(await carrier.cancel({ shipmentKey, orderId })).toBe('cancelled');
    expect(await refusalOf(carrier.handOver({ shipmentKey, orderId }))).toBe('shipment_cancelled');
    expect(await statusInDb(shipmentKey)).toBe('cancelled');
  });

  it("refuses another order's shipment as shipment_not_found and leaves it booked", async () => {
    const { shipmentKey } = await booked(newOrder());
    expect(await refusalOf(carrier.handOver({ shipmentKey, orderId: newOrder() }))).toBe('shipment_not_found');
    expect(await statusInDb(shipmentKey)).toBe('booked');
  });
});

describe('cancel', () => {
  it('cancels a booked shipment once; again it is already-cancelled', async () => {
    const orderId = newOrder();
    const { shipmentKey } = await booked(orderId);
    expect(await carrier.cancel({ shipmentKey, orderId })).toBe('cancelled');
    expect(await carrier.cancel({ shipmentKey, orderId })).toBe('already-cancelled');
    expect(await statusInDb(shipmentKey)).toBe('cancelled');
  });

  it('returns handed-over for a handed-over shipment and changes nothing', async () => {
    const orderId = newOrder();
    const { shipmentKey } = await booked(orderId);
    await carrier.handOver({ shipmentKey, orderId });
    expect(await carrier.cancel({ shipmentKey, orderId })).toBe('handed-over');
    expect(await statusInDb(shipmentKey)).toBe('handed_over');
  });

  it("a cancel for another order's shipment changes nothing", async () => {
    const { shipmentKey } = await booked(newOrder());
    expect(await carrier.cancel({ shipmentKey, orderId: newOrder() })).toBe('not-found');
    expect(await carrier.cancel({ shipmentKey: key(), orderId: newOrder() })).toBe('not-found');
    expect(await statusInDb(shipmentKey)).toBe('booked');
  });

  it('a cancel racing a hand-over: exactly one wins', async () => {
    for (let round = 0; round < 5; round++) {
      const orderId = newOrder();
      const { shipmentKey } = await booked(orderId);
      const [handed, cancelled] = await Promise.allSettled([carrier.handOver({ shipmentKey, orderId }), carrier.cancel({ shipmentKey, orderId })]);
      const status = await statusInDb(shipmentKey);
      if (status === 'handed_over') {
        expect(handed).toMatchObject({ status: 'fulfilled', value: { status: 'handed_over' } });
        expect(cancelled).toEqual({ status: 'fulfilled', value: 'handed-over' });
      } else {
        expect(status).toBe('cancelled');
        expect(cancelled).toEqual({ status: 'fulfilled', value: 'cancelled' });
        expect(handed.status === 'rejected' && (handed.reason as ShipmentRefused).code).toBe('shipment_cancelled');
      }
    }
  });
});

describe('simulated faults', () => {
  it('failFirstAttempts makes the first calls fail and the next succeed, without booking on failure', async () => {
    const flaky = createLocalCarrier(pool, { failFirstAttempts: 3 });
    const request = { idempotencyKey: key(), orderId: newOrder(), parcels };
    for (let attempt = 0; attempt < 3; attempt++) await expect(flaky.book(request)).rejects.toBeInstanceOf(ProviderUnavailable);
    expect(await statusInDb(request.idempotencyKey)).toBeUndefined();
    await expect(flaky.book(request)).resolves.toMatchObject({ status: 'booked' });
  });

  it('failureRate fails the calls whose random draw falls below it', async () => {
    const draws = [0.05, 0.5];
    const flaky = createLocalCarrier(pool, { failureRate: 0.1, random: () => draws.shift() ?? 0.5 });
    const request = { idempotencyKey: key(), orderId: newOrder(), parcels };
    await expect(flaky.book(request)).rejects.toBeInstanceOf(ProviderUnavailable);
    await expect(flaky.book(request)).resolves.toMatchObject({ status: 'booked' });
  });

  it('latencyMs delays every call', async () => {
    const slow = createLocalCarrier(pool, { latencyMs: 120 });
    const started = Date.now();
    await slow.cancel({ shipmentKey: key(), orderId: newOrder() });
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
  });

  it('an unreachable database is ProviderUnavailable', async () => {
    const nowhere = new pg.Pool({ connectionString: 'postgres://nobody@127.0.0.1:1/none', connectionTimeoutMillis: 500 });
    try {
      await expect(createLocalCarrier(nowhere).book({ idempotencyKey: key(), orderId: 1, parcels })).rejects.toBeInstanceOf(ProviderUnavailable);
    } finally {
      await nowhere.end();
    }
  });
});

describe('pickups from stock locations', () => {
  const address = { name: 'Ada Lovelace', line1: '12 St James Square', city: 'London', postalCode: 'SW1Y 4JH', country: 'GB' };
  const finalOf = async (shipmentKey: string) =>
    (
      await pool.query<{ kind: string }>(
        `SELECT e.kind FROM local_carrier_events e JOIN shipments s ON s.id = e.shipment_id WHERE s.idempotency_key = $1 AND e.kind <> 'in_transit'`,
        [shipmentKey],
      )
    ).rows.map((row) => row.kind);

  it('refuses a pickup from the location the address names (NO PICKUP FROM NORTH), and books the others there', async () => {
    const to = { ...address, name: 'Ada NO PICKUP FROM NORTH' };
    const orderId = newOrder();
    expect(await refusalOf(carrier.book({ idempotencyKey: key(), orderId, parcels, address: to, location: 'north' }))).toBe('location_unavailable');
    const shipmentKey = key();
    await carrier.book({ idempotencyKey: shipmentKey, orderId, parcels, address: to, location: 'main' });
    const { rows } = await pool.query('SELECT location FROM shipments WHERE idempotency_key = $1', [shipmentKey]);
    expect(rows).toEqual([{ location: 'main' }]);
    // The same key for another location is another booking.
    expect(await refusalOf(carrier.book({ idempotencyKey: shipmentKey, orderId, parcels, address, location: 'north' }))).toBe('idempotency_key_reused');
  });

  it('loses only the parcel picked up where the address says (LOSE PARCEL FROM NORTH)', async () => {
    const to = { ...address, name: 'Ada LOSE PARCEL FROM NORTH' };
    const finals: Record<string, string[]> = {};
    for (const location of ['main', 'north', undefined]) {
      const orderId = newOrder();
      const shipmentKey = key();
      await carrier.book({ idempotencyKey: shipmentKey, orderId, parcels, address: to, ...(location ? { location } : {}) });
      await carrier.handOver({ shipmentKey, orderId });
      finals[location ?? 'none'] = await finalOf(shipmentKey);
    }
    expect(finals).toEqual({ main: ['delivered'], north: ['lost'], none: ['delivered'] });
  });
});

describe('reports after hand-over', () => {
  const address = { name: 'Grace Hopper', line1: '1 Harbour Road', city: 'Arlington', postalCode: '22201', country: 'US' };

  it('keeps the address and plans in_transit, then the final state its rules give, once', async () => {
    const planned = async (shipmentKey: string) =>
      (
        await pool.query<{ kind: string }>(
          'SELECT e.kind FROM local_carrier_events e JOIN shipments s ON s.id = e.shipment_id WHERE s.idempotency_key = $1 ORDER BY e.due_at, e.id',
          [shipmentKey],
        )
      ).rows.map((row) => row.kind);
    const cases: [typeof address, string][] = [
      [address, 'delivered'],
      [{ ...address, name: 'please lose parcel' }, 'lost'],
      [{ ...address, line1: 'DAMAGE PARCEL 3' }, 'damaged'],
      [{ ...address, line1: 'Return to sender, 4 Dock St' }, 'returned_to_sender'],
    ];
    for (const [to, final] of cases) {
      const orderId = newOrder();
      const shipmentKey = key();
      await carrier.book({ idempotencyKey: shipmentKey, orderId, parcels, address: to });
      expect(await planned(shipmentKey)).toEqual([]);
      await carrier.handOver({ shipmentKey, orderId });
      await carrier.handOver({ shipmentKey, orderId });
      expect(await planned(shipmentKey)).toEqual(['in_transit', final]);
    }
    const { rows } = await pool.query("SELECT address FROM shipments WHERE address->>'name' = $1", ['Grace Hopper']);
    expect(rows[0].address).toEqual({ name: 'Grace Hopper', line1: '1 Harbour Road', city: 'Arlington', postal_code: '22201', country: 'US' });
  });

  it('posts its due reports signed, and keeps a refused one until it is taken', async () => {
    const secret = `whsec_${Buffer.alloc(32, 3).toString('base64')}`;
    const received: { kind: string; verified: boolean }[] = [];
    let refuseNext = true;
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        const verified = webhookVerificationFailure(secret, request.headers, body) === undefined;
        if (refuseNext) {
          refuseNext = false;
          response.writeHead(503).end();
          return;
        }
        received.push({ kind: JSON.parse(body).kind, verified });
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const quick = createLocalCarrier(pool, {}, { transitDelayMs: 0, deliveryDelayMs: 0 });
    const orderId = newOrder();
    const shipmentKey = key();
    await quick.book({ idempotencyKey: shipmentKey, orderId, parcels, address });
    await quick.handOver({ shipmentKey, orderId });
    // Only this test's shipment is due in this database from here on; earlier ones were planned seconds ahead.
    await pool.query(`UPDATE local_carrier_events SET posted_at = now() WHERE shipment_id <> (SELECT id FROM shipments WHERE idempotency_key = $1)`, [
      shipmentKey,
    ]);
    const reporter = new LocalCarrierReporter({
      pool,
      logger: createLogger(testConfig()),
      secret,
      baseUrl: () => `http://127.0.0.1:${port}`,
      pollIntervalMs: 50,
    });
    try {
      expect(await reporter.postDue()).toBe(1); // the first is refused (503) and stays planned
      await eventually(async () => ((await reporter.postDue()) > 0 || received.length >= 2 ? true : undefined), 5_000, 'the refused report to be posted again');
      expect(received.map((r) => r.kind).sort()).toEqual(['delivered', 'in_transit']);
      expect(received.every((r) => r.verified)).toBe(true);
      const { rows } = await pool.query(
        'SELECT count(*)::int AS unposted FROM local_carrier_events e JOIN shipments s ON s.id = e.shipment_id WHERE s.idempotency_key = $1 AND e.posted_at IS NULL',
        [shipmentKey],
      );
      expect(rows[0].unposted).toBe(0);
    } finally {
      await reporter.stop();
      server.close();
    }
  });
});
