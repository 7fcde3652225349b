/**
 * What carriers report about the parcels they carry, received by POST /carriers/{carrier}/events:
 * verified with the carrier's own secret (Standard Webhooks), recorded once per (carrier, event_id)
 * in carrier_events, applied to the shipment only when it moves it forward (a late or repeated
 * event never moves it back), and handed on to whoever follows the shipment (the order's workflow,
 * wired in src/app.ts). The hand-on happens for a repeated event too: a carrier retrying after a
 * failed hand-on (Temporal down, a 503) must still get through. A tracking number of a return label
 * is the parcel a customer sends back: it moves the same way and is handed on to its return.
 * Nothing here knows about orders or returns.
 */
import { inTransaction, type Pool, type PoolClient } from '../db/pool.js';
import { CarrierEventNotPassedOn, DependencyUnavailable, ShipmentNotFound, Unauthenticated } from '../shared/errors.js';
import { webhookVerificationFailure } from '../webhooks/signing.js';
import type { CarrierEventKind, ShipmentStatus } from './delivery-rules.js';
import * as queries from './queries.queries.js';

export interface CarrierEvent {
  eventId: string;
  trackingNumber: string;
  kind: CarrierEventKind;
  occurredAt: Date;
}

/** A shipment's state after a carrier's event, for whoever follows it. */
export interface TrackedShipmentUpdate {
  /** The merchant's reference the shipment was booked with. */
  orderId: number;
  shipmentId: string;
  status: ShipmentStatus;
  event: CarrierEvent;
}

/** A return parcel's state after a carrier's event (its return label's tracking number), for whoever follows it. */
export interface TrackedReturnParcelUpdate {
  trackingNumber: string;
  status: ShipmentStatus;
  event: CarrierEvent;
}

export interface CarrierEventReceipt {
  duplicate: boolean;
  status: ShipmentStatus;
}

export interface ShipmentTrackingDeps {
  pool: Pool;
  /** Each carrier's webhook secret; a carrier without one cannot report. */
  secrets: ReadonlyMap<string, string>;
  /** Passes the shipment's state on; throws when it could not (the carrier then retries). */
  notify: (update: TrackedShipmentUpdate) => Promise<void>;
  /** Passes a return parcel's state on, the same way (the return's workflow, wired in src/app.ts). */
  notifyReturnParcel: (update: TrackedReturnParcelUpdate) => Promise<void>;
}

export class ShipmentTracking {
  constructor(private readonly deps: ShipmentTrackingDeps) {}

  /** Refuses (401) a request this carrier did not sign with its secret, before anything is read or stored. */
  verify(carrier: string, headers: Record<string, string | string[] | undefined>, rawBody: string): void {
    const secret = this.deps.secrets.get(carrier);
    if (!secret) throw new Unauthenticated(`No webhook secret is configured for carrier ${carrier}.`);
    const failure = webhookVerificationFailure(secret, headers, rawBody);
    if (failure) throw new Unauthenticated(`The carrier's signature does not verify: ${failure}.`);
  }

  /**
   * Records and applies one verified event, then passes the parcel's state on: a shipment's, or
   * (the tracking number is a return label's) the return parcel's.
   */
  async receive(carrier: string, event: CarrierEvent): Promise<CarrierEventReceipt> {
    const applied = await inTransaction(this.deps.pool, async (tx) => {
      const [shipment] = await queries.findTrackedShipment.run({ carrier, trackingNumber: event.trackingNumber }, tx);
      if (shipment) return { shipment, ...(await applyEvent(tx, carrier, event, SHIPMENT_MOVES, shipment)) };
      const [label] = await queries.findTrackedReturnLabel.run({ carrier, trackingNumber: event.trackingNumber }, tx);
      if (label) return { ...(await applyEvent(tx, carrier, event, RETURN_PARCEL_MOVES, label)) };
      throw new ShipmentNotFound(carrier, event.trackingNumber);
    });
    const { status, passedOn, duplicate } = applied;
    try {
      if ('shipment' in applied) {
        await this.deps.notify({ orderId: Number(applied.shipment.order_id), shipmentId: applied.shipment.id, status, event: passedOn });
      } else {
        await this.deps.notifyReturnParcel({ trackingNumber: event.trackingNumber, status, event: passedOn });
      }
    } catch (error) {
      if (error instanceof DependencyUnavailable) throw new CarrierEventNotPassedOn({ cause: error });
      throw error;
    }
    return { duplicate, status };
  }
}

/** How an event moves one kind of parcel: the statements of its table. */
interface ParcelMoves {
  /** The carrier_events column naming the parcel. */
  column: 'shipmentId' | 'returnLabelId';
  advance: (id: string, to: string, occurredAt: string, tx: PoolClient) => Promise<{ status: string } | undefined>;
  touch: (id: string, occurredAt: string, tx: PoolClient) => Promise<unknown>;
}

const SHIPMENT_MOVES: ParcelMoves = {
  column: 'shipmentId',
  advance: async (id, to, occurredAt, tx) => (await queries.advanceShipment.run({ id, to, occurredAt }, tx))[0],
  touch: (id, occurredAt, tx) => queries.touchShipment.run({ id, occurredAt }, tx),
};

const RETURN_PARCEL_MOVES: ParcelMoves = {
  column: 'returnLabelId',
  advance: async (id, to, occurredAt, tx) => (await queries.advanceReturnLabel.run({ id, to, occurredAt }, tx))[0],
  touch: (id, occurredAt, tx) => queries.touchReturnLabel.run({ id, occurredAt }, tx),
};

/** Records the event once and moves the parcel only further along; a repeat changes nothing. */
async function applyEvent(
  tx: PoolClient,
  carrier: string,
  event: CarrierEvent,
  moves: ParcelMoves,
  parcel: { id: string; status: string; delivered_at: Date | null },
): Promise<{ status: ShipmentStatus; passedOn: CarrierEvent; duplicate: boolean }> {
  const occurredAt = event.occurredAt.toISOString();
  const ids = { shipmentId: null, returnLabelId: null, [moves.column]: parcel.id };
  const [recorded] = await queries.insertCarrierEvent.run(
    { carrier, eventId: event.eventId, ...ids, trackingNumber: event.trackingNumber, kind: event.kind, occurredAt },
    tx,
  );
  let status = parcel.status as ShipmentStatus;
  if (recorded) {
    const advanced = await moves.advance(parcel.id, event.kind, occurredAt, tx);
    if (advanced) status = advanced.status as ShipmentStatus;
    else await moves.touch(parcel.id, occurredAt, tx);
  }
  // A late or repeated report of another kind passes the parcel's state on, never its own time:
  // a delivery keeps the time it was reported with (an order's delivered_at opens the return window).
  const deliveredAt = status === 'delivered' && event.kind !== 'delivered' ? parcel.delivered_at : null;
  return { status, passedOn: deliveredAt ? { ...event, occurredAt: deliveredAt } : event, duplicate: !recorded };
}
