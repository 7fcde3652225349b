import type { Pool } from '../../db/pool.js';
import type { OrderMetrics } from '../../observability/metrics.js';
import type { Carrier, Parcel } from '../../shipping/carrier.js';
import { withHeartbeat } from '../../temporal/heartbeat.js';
import type { OrderRepository } from '../repository.js';
import { COMPENSATING, stepRecorder } from './step-record.js';

export interface ShippingStepDeps {
  pool: Pool;
  carrier: Carrier;
  orders: OrderRepository;
  metrics: OrderMetrics;
}

/** A step's event key and details when it is one of several of the order (version 5: one per stock location). */
const perLocation = (type: string, location: string | undefined) =>
  location ? { key: `${type}/${location}`, details: { location } } : { key: type, details: {} };

/**
 * The saga's shipping steps: book a shipment, hand it over, or cancel it as a compensation. With a
 * `location` (version 5) the shipment is that stock location's parcel: `parcels` are its units, and
 * each step's event is recorded once per location.
 */
export function createShippingSteps({ pool, carrier, orders, metrics }: ShippingStepDeps) {
  const step = stepRecorder(pool, orders);

  return {
    async bookShipment(request: { orderId: number; idempotencyKey: string; location?: string; parcels?: Parcel[] }): Promise<{ shipmentId: string }> {
      const { orderId, idempotencyKey, location } = request;
      const order = await orders.find(orderId);
      if (!order) throw new Error(`order ${orderId} not found`);
      await step.begin(orderId, { stage: 'booking_shipment' });
      const parcels = request.parcels ?? order.items.map(({ sku, quantity }) => ({ sku, quantity }));
      const address = order.shippingAddress ?? undefined;
      const shipment = await withHeartbeat(() =>
        carrier.book({ idempotencyKey, orderId, parcels, ...(address ? { address } : {}), ...(location ? { location } : {}) }),
      );
      const { key, details } = perLocation('shipment.booked', location);
      await step.finish(
        orderId,
        'shipment.booked',
        { shipment_id: shipment.shipmentId, carrier: shipment.carrier, tracking_number: shipment.trackingNumber, ...details },
        { completedStep: 'shipment_booked' },
        key,
      );
      return { shipmentId: shipment.shipmentId };
    },

    async handOverShipment(request: { orderId: number; shipmentKey: string; location?: string }): Promise<{ shipmentId: string }> {
      const { orderId, shipmentKey, location } = request;
      await step.begin(orderId, { stage: 'handing_over', cancellable: false });
      const shipment = await withHeartbeat(() => carrier.handOver({ orderId, shipmentKey }));
      const { key, details } = perLocation('shipment.handed_over', location);
      await step.finish(
        orderId,
        'shipment.handed_over',
        { shipment_id: shipment.shipmentId, tracking_number: shipment.trackingNumber, ...details },
        { completedStep: 'shipment_handed_over' },
        key,
      );
      return { shipmentId: shipment.shipmentId };
    },

    /** Compensation: cancels the booking, if it exists, is this order's and has not been handed over. */
    async cancelShipment(request: { orderId: number; shipmentKey: string; location?: string }): Promise<void> {
      const { orderId, shipmentKey, location } = request;
      await step.begin(orderId, COMPENSATING);
      const result = await withHeartbeat(() => carrier.cancel({ orderId, shipmentKey }));
      const { key, details } = perLocation('shipment.cancelled', location);
      // 'already-cancelled' too: an earlier attempt may have cancelled and died before recording it.
      if (result === 'cancelled' || result === 'already-cancelled') await step.finish(orderId, 'shipment.cancelled', details, undefined, key);
      if (result === 'cancelled') metrics.compensated('cancel_shipment');
    },
  };
}
