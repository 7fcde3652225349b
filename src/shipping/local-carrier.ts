/**
 * A local carrier that behaves like a real one: shipments live in PostgreSQL (table shipments,
 * migrations/0006), bookings honour idempotency keys, refusals follow fixed rules, and calls can be
 * made slow or flaky. Not a stub: the saga's retries and compensations run against real state.
 *
 * Rules (also in src/shipping/README.md); refusals are ShipmentRefused with this code:
 * - book: no parcels → `no_parcels`; a parcel without a SKU or with a quantity that is not a positive
 *   whole number → `invalid_parcel`; any SKU starting with `HAZMAT-` → `hazardous_goods`; more than
 *   1000 units in the shipment → `too_many_units`; a pickup from a location the address's name
 *   refuses (`NO PICKUP FROM NORTH`) → `location_unavailable`. A key reused for another order or other parcels →
 *   `idempotency_key_reused`. A retried booking returns the same shipment, in its current status.
 * - handOver: booked → handed_over; handed over already → the same shipment; cancelled →
 *   `shipment_cancelled`; no such shipment for this order → `shipment_not_found`.
 * - cancel: booked → 'cancelled'; then 'already-cancelled'; handed over or later → 'handed-over' (unchanged);
 *   unknown key or another order's shipment → 'not-found' (unchanged).
 * Tracking numbers: "LP" + the id in ten digits + two MOD 97-10 check digits (tracking-number.ts).
 * After a hand-over it plans what it will report (table local_carrier_events): in_transit after the
 * transit delay, then the final state the address rules give (delivery-rules.ts) after the delivery
 * delay; local-carrier-reporter.ts posts them, signed, to POST /carriers/{carrier}/events.
 * handOver and cancel are conditional UPDATEs on status = 'booked': when they race, exactly one wins.
 */
import type { Pool } from '../db/pool.js';
import { ShipmentRefused } from '../shared/errors.js';
import { reachProviderDatabase } from '../shared/provider-database.js';
import { createFaultInjector, type SimulatedFaultOptions } from '../shared/simulated-faults.js';
import type { Carrier, Parcel, Shipment } from './carrier.js';
import * as queries from './queries.queries.js';
import { bookingRefusal, pickupRefusal, refusalMessage } from './shipping-rules.js';
import { addressFromJson, addressToJson, type ShippingAddressJson } from './address.js';
import { finalStateFor } from './delivery-rules.js';

export interface LocalCarrierOptions extends SimulatedFaultOptions {
  /** The carrier's name on its shipments and in its errors. Default "local-post". */
  carrierName?: string;
}

/** When, after a hand-over, the parcel is reported in transit and then at its end. */
export interface LocalCarrierDelays {
  transitDelayMs: number;
  deliveryDelayMs: number;
}

export const LOCAL_CARRIER_NAME = 'local-post';

type ShipmentRow = queries.IFindShipmentByKeyResult;

function refused(code: string): ShipmentRefused {
  return new ShipmentRefused(code, refusalMessage(code));
}

function toShipment(row: ShipmentRow): Shipment {
  return { shipmentId: row.id, carrier: row.carrier, trackingNumber: row.tracking_number, status: row.status as Shipment['status'] };
}

/** The parcels as stored and compared: exactly the two fields, in the order given. */
function normalise(parcels: readonly Parcel[]): Parcel[] {
  return parcels.map((p) => ({ sku: p.sku, quantity: p.quantity }));
}

function sameParcels(stored: queries.Json, requested: Parcel[]): boolean {
  if (!Array.isArray(stored)) return false;
  // JSONB reorders object keys, so compare field by field rather than as text.
  const storedParcels = stored.map((p) => (p && typeof p === 'object' && !Array.isArray(p) ? { sku: p.sku, quantity: p.quantity } : undefined));
  return JSON.stringify(storedParcels) === JSON.stringify(requested);
}

export function createLocalCarrier(
  pool: Pool,
  options: LocalCarrierOptions = {},
  delays: LocalCarrierDelays = { transitDelayMs: 3_000, deliveryDelayMs: 5_000 },
): Carrier {
  const carrier = options.carrierName ?? LOCAL_CARRIER_NAME;
  const { transitDelayMs, deliveryDelayMs } = delays;
  if (carrier.trim() === '') throw new RangeError('local carrier: carrierName must not be empty');
  const faults = createFaultInjector(carrier, options);
  const db = <T>(call: () => Promise<T>) => reachProviderDatabase(carrier, call);

  /**
   * Moves the shipment to `to` if it is booked, else reports the status it has. The loop covers one
   * race only: a booking with this key committing between the UPDATE and the read.
   */
  async function transition(shipmentKey: string, orderId: number, to: 'handed_over' | 'cancelled'): Promise<{ changed: boolean; row?: ShipmentRow }> {
    return db(async () => {
      for (let attempt = 0; attempt < 3; attempt++) {
        const [changed] = await queries.transitionShipment.run({ idempotencyKey: shipmentKey, orderId, to }, pool);
        if (changed) return { changed: true, row: changed };
        const [row] = await queries.findOwnedShipment.run({ idempotencyKey: shipmentKey, orderId }, pool);
        if (!row || row.status !== 'booked') return { changed: false, row };
      }
      throw new Error(`shipment ${shipmentKey} could not be updated: it kept changing`);
    });
  }

  /** What this parcel will be reported as, once (a retried hand-over plans nothing new). */
  function planReports(row: ShipmentRow): Promise<void> {
    const now = Date.now();
    const address = row.address ? addressFromJson(row.address as unknown as ShippingAddressJson) : undefined;
    const events = [
      { shipmentId: row.id, kind: 'in_transit', dueAt: new Date(now + transitDelayMs) },
      { shipmentId: row.id, kind: finalStateFor(address, row.location ?? undefined), dueAt: new Date(now + transitDelayMs + deliveryDelayMs) },
    ];
    return db(async () => void (await queries.scheduleLocalCarrierEvents.run({ events }, pool)));
  }

  return {
    async book({ idempotencyKey, orderId, parcels, address, location }) {
      await faults.beforeCall('book', idempotencyKey);
      const refusal = bookingRefusal(parcels) ?? pickupRefusal(address, location);
      if (refusal) throw refused(refusal);
      const requested = normalise(parcels);
      const row = await db(async () => {
        // One statement: racing bookings with one key insert one row, and the losers read it.
        // Serialised here: node-pg would send a JS array as a PostgreSQL array, not as JSON.
        const addressJson = address ? JSON.stringify(addressToJson(address)) : null;
        const [inserted] = await queries.insertShipment.run(
          { idempotencyKey, orderId, carrier, parcels: JSON.stringify(requested), address: addressJson, location: location ?? null },
          pool,
        );
        if (inserted) return inserted;
        const [existing] = await queries.findShipmentByKey.run({ idempotencyKey }, pool);
        if (!existing) throw new Error(`shipment ${idempotencyKey} vanished`);
        return existing;
      });
      if (row.order_id !== String(orderId) || !sameParcels(row.parcels, requested) || row.location !== (location ?? null))
        throw refused('idempotency_key_reused');
      return toShipment(row);
    },

    async handOver({ shipmentKey, orderId }) {
      await faults.beforeCall('handOver', shipmentKey);
      const { row } = await transition(shipmentKey, orderId, 'handed_over');
      if (!row) throw refused('shipment_not_found');
      if (row.status === 'cancelled') throw refused('shipment_cancelled');
      await planReports(row);
      return toShipment(row);
    },

    async cancel({ shipmentKey, orderId }) {
      await faults.beforeCall('cancel', shipmentKey);
      const { changed, row } = await transition(shipmentKey, orderId, 'cancelled');
      if (changed) return 'cancelled';
      if (!row) return 'not-found';
      // Anything past booked but cancelled is with the carrier (handed over, in transit, or ended there).
      return row.status === 'cancelled' ? 'already-cancelled' : 'handed-over';
    },
  };
}
