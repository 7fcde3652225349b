/**
 * What carriers report about the parcels they carry, received by POST /carriers/{carrier}/events:
 * verified with the carrier's own secret (Standard Webhooks), recorded once per (carrier, event_id)
 * in carrier_events, applied to the shipment only when it moves it forward (a late or repeated
 * event never moves it back), and handed on to whoever follows the shipment (the order's workflow,
 * wired in src/app.ts). The hand-on happens for a repeated event too: a carrier retrying after a
 * failed hand-on (Temporal down, a 503) must still get through. Nothing here knows about orders.
 */
import { inTransaction, type Pool } from '../db/pool.js';
import { ShipmentNotFound, Unauthenticated } from '../shared/errors.js';
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

  /** Records and applies one verified event, then passes the shipment's state on. */
  async receive(carrier: string, event: CarrierEvent): Promise<CarrierEventReceipt> {
    const { update, duplicate } = await inTransaction(this.deps.pool, async (tx) => {
      const [shipment] = await queries.findTrackedShipment.run({ carrier, trackingNumber: event.trackingNumber }, tx);
      if (!shipment) throw new ShipmentNotFound(carrier, event.trackingNumber);
      const occurredAt = event.occurredAt.toISOString();
      const [recorded] = await queries.insertCarrierEvent.run(
        { carrier, eventId: event.eventId, shipmentId: shipment.id, trackingNumber: event.trackingNumber, kind: event.kind, occurredAt },
        tx,
      );
      let status = shipment.status as ShipmentStatus;
      if (recorded) {
        const [advanced] = await queries.advanceShipment.run({ id: shipment.id, to: event.kind, occurredAt }, tx);
        if (advanced) status = advanced.status as ShipmentStatus;
        else await queries.touchShipment.run({ id: shipment.id, occurredAt }, tx);
      }
      // A late or repeated report of another kind passes the shipment's state on, never its own time:
      // a delivery keeps the time it was reported with (the order's delivered_at opens the return window).
      const deliveredAt = status === 'delivered' && event.kind !== 'delivered' ? shipment.delivered_at : null;
      const passedOn = deliveredAt ? { ...event, occurredAt: deliveredAt } : event;
      const update: TrackedShipmentUpdate = { orderId: Number(shipment.order_id), shipmentId: shipment.id, status, event: passedOn };
      return { update, duplicate: !recorded };
    });
    await this.deps.notify(update);
    return { duplicate, status: update.status };
  }
}
