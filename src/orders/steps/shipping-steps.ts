import { stepEvent } from '../events.js';
import type { OrderRepository } from '../repository.js';
import type { OrderMetrics } from '../../observability/metrics.js';
import { withHeartbeat } from '../../temporal/heartbeat.js';
import type { Carrier } from '../../shipping/carrier.js';

export interface ShippingStepDeps {
  carrier: Carrier;
  orders: OrderRepository;
  metrics: OrderMetrics;
}

/** The saga's shipping steps: book a shipment, hand it over, or cancel it as a compensation. */
export function createShippingSteps({ carrier, orders, metrics }: ShippingStepDeps) {
  const record = (orderId: number, type: Parameters<typeof stepEvent>[0], details: Record<string, unknown>) =>
    orders.appendEvent(orderId, stepEvent(type, details), undefined, type);

  return {
    async bookShipment(request: { orderId: number; idempotencyKey: string }): Promise<void> {
      const order = await orders.find(request.orderId);
      if (!order) throw new Error(`order ${request.orderId} not found`);
      const parcels = order.items.map(({ sku, quantity }) => ({ sku, quantity }));
      const shipment = await withHeartbeat(() => carrier.book({ ...request, parcels }));
      await record(request.orderId, 'shipment.booked', {
        shipment_id: shipment.shipmentId,
        carrier: shipment.carrier,
        tracking_number: shipment.trackingNumber,
      });
    },

    async handOverShipment(request: { orderId: number; shipmentKey: string }): Promise<void> {
      const shipment = await withHeartbeat(() => carrier.handOver(request));
      await record(request.orderId, 'shipment.handed_over', { shipment_id: shipment.shipmentId, tracking_number: shipment.trackingNumber });
    },

    /** Compensation: cancels the booking, if it exists, is this order's and has not been handed over. */
    async cancelShipment(request: { orderId: number; shipmentKey: string }): Promise<void> {
      const result = await withHeartbeat(() => carrier.cancel(request));
      // 'already-cancelled' too: an earlier attempt may have cancelled and died before recording it.
      if (result === 'cancelled' || result === 'already-cancelled') await record(request.orderId, 'shipment.cancelled', {});
      if (result === 'cancelled') metrics.compensated('cancel_shipment');
    },
  };
}
