import type { Pool } from '../../db/pool.js';
import type { OrderMetrics } from '../../observability/metrics.js';
import type { Carrier } from '../../shipping/carrier.js';
import { withHeartbeat } from '../../temporal/heartbeat.js';
import type { OrderRepository } from '../repository.js';
import { COMPENSATING, stepRecorder } from './step-record.js';

export interface ShippingStepDeps {
  pool: Pool;
  carrier: Carrier;
  orders: OrderRepository;
  metrics: OrderMetrics;
}

/** The saga's shipping steps: book a shipment, hand it over, or cancel it as a compensation. */
export function createShippingSteps({ pool, carrier, orders, metrics }: ShippingStepDeps) {
  const step = stepRecorder(pool, orders);

  return {
    async bookShipment(request: { orderId: number; idempotencyKey: string }): Promise<void> {
      const order = await orders.find(request.orderId);
      if (!order) throw new Error(`order ${request.orderId} not found`);
      await step.begin(request.orderId, { stage: 'booking_shipment' });
      const parcels = order.items.map(({ sku, quantity }) => ({ sku, quantity }));
      const address = order.shippingAddress ?? undefined;
      const shipment = await withHeartbeat(() => carrier.book({ ...request, parcels, ...(address ? { address } : {}) }));
      await step.finish(
        request.orderId,
        'shipment.booked',
        { shipment_id: shipment.shipmentId, carrier: shipment.carrier, tracking_number: shipment.trackingNumber },
        { completedStep: 'shipment_booked' },
      );
    },

    async handOverShipment(request: { orderId: number; shipmentKey: string }): Promise<void> {
      await step.begin(request.orderId, { stage: 'handing_over', cancellable: false });
      const shipment = await withHeartbeat(() => carrier.handOver(request));
      await step.finish(
        request.orderId,
        'shipment.handed_over',
        { shipment_id: shipment.shipmentId, tracking_number: shipment.trackingNumber },
        { completedStep: 'shipment_handed_over' },
      );
    },

    /** Compensation: cancels the booking, if it exists, is this order's and has not been handed over. */
    async cancelShipment(request: { orderId: number; shipmentKey: string }): Promise<void> {
      await step.begin(request.orderId, COMPENSATING);
      const result = await withHeartbeat(() => carrier.cancel(request));
      // 'already-cancelled' too: an earlier attempt may have cancelled and died before recording it.
      if (result === 'cancelled' || result === 'already-cancelled') await step.finish(request.orderId, 'shipment.cancelled', {});
      if (result === 'cancelled') metrics.compensated('cancel_shipment');
    },
  };
}
