import type { ShippingAddress } from './address.js';
import type { ShipmentStatus } from './delivery-rules.js';

/**
 * What the order saga needs from a carrier. src/shipping/local-carrier.ts is a working local one that
 * keeps its shipments in PostgreSQL. Calls carry idempotency keys; a retried booking returns the
 * same shipment. After hand-over the carrier reports the parcel's progress itself, signed, to
 * POST /carriers/{carrier}/events (src/shipping/tracking.ts). Errors: ShipmentRefused (business) and ProviderUnavailable (transient).
 */
export interface Carrier {
  /**
   * Books a shipment (label and tracking number); it is not yet handed over. `location` is the stock
   * location (warehouse) it is picked up from; absent, wherever the merchant keeps it.
   */
  book(request: { idempotencyKey: string; orderId: number; parcels: Parcel[]; address?: ShippingAddress; location?: string }): Promise<Shipment>;
  /** The carrier takes the parcel: from here on the order cannot be cancelled. Idempotent. */
  handOver(request: { shipmentKey: string; orderId: number }): Promise<Shipment>;
  /**
   * Cancels the shipment booked with `shipmentKey` if it exists, belongs to `orderId` and is not
   * handed over. Nothing to cancel is not an error.
   */
  cancel(request: { shipmentKey: string; orderId: number }): Promise<'cancelled' | 'already-cancelled' | 'not-found' | 'handed-over'>;
}

export interface Parcel {
  sku: string;
  quantity: number;
}

export interface Shipment {
  shipmentId: string;
  carrier: string;
  trackingNumber: string;
  /** Past hand-over, as the carrier last reported it (POST /carriers/{carrier}/events). */
  status: ShipmentStatus;
}
