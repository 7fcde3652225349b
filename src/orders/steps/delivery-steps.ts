import { log } from '@temporalio/activity';
import { inTransaction } from '../../db/pool.js';
import { stepEvent } from '../events.js';
import type { OrderOutcome, ShipmentState } from '../messages.js';
import type { Money } from '../../shared/money.js';
import { type OrderStepDeps, outcomeOf } from './order-steps.js';
import { createPaymentSteps, type PaymentStepDeps } from './payment-steps.js';
import { createShippingSteps, type ShippingStepDeps } from './shipping-steps.js';

/**
 * The source of the restock of a parcel that came back, so it posts once (stock_movements): one per
 * order, or per shipment since version 5 ships one parcel per stock location.
 */
export const returnedParcelSource = (orderId: number, shipmentId?: string) =>
  shipmentId ? `order-${orderId}/shipment-${shipmentId}/returned_to_sender` : `order-${orderId}/returned_to_sender`;

/** A version 5 step's event key and details about one of the order's shipments (version 4: the only one). */
const ofShipment = (type: string, shipmentId: string | undefined) =>
  shipmentId ? { key: `${type}/${shipmentId}`, details: { shipment_id: shipmentId } } : { key: type, details: {} };

/**
 * Version 4's steps after the point of no return: the order ships, then follows its parcel until
 * the carrier reports it delivered (complete), or lost, damaged or returned (the saga refunds; a
 * returned parcel's goods go back on the shelf). Each is idempotent: dedupe keys on the events,
 * conditional status changes, the stock ledger's key per source.
 */
export function createDeliverySteps(deps: OrderStepDeps & PaymentStepDeps & ShippingStepDeps) {
  const { pool, orders, inventory, metrics } = deps;
  const payment = createPaymentSteps(deps);
  const shipping = createShippingSteps(deps);

  /** The parcel left: reserved stock comes off the shelf, the lines count as shipped, the order is `shipped`. */
  async function markShipped(orderId: number): Promise<void> {
    await inTransaction(pool, async (tx) => {
      const current = await orders.lock(orderId, tx);
      if (!current || current.status !== 'processing') return;
      const consumed = await inventory.consume(orderId, tx);
      if (consumed.length > 0) await orders.appendEvent(orderId, stepEvent('inventory.consumed', { items: consumed }), tx);
      await orders.markItemsShipped(orderId, tx);
      await orders.recordProgress(orderId, { stage: 'awaiting_delivery', cancellable: false, completedStep: 'shipped' }, tx);
      await orders.transition(orderId, 'shipped', ['processing'], { source: 'workflow' }, tx);
    });
  }

  return {
    /** Capture, hand over, ship: version 4's settle step (version 3's settleOrder completed instead). */
    async settleAndShip(request: { orderId: number; authorizationId: string; amount: Money; captureKey: string; shipmentKey: string }): Promise<void> {
      const { orderId, authorizationId, amount, captureKey, shipmentKey } = request;
      await payment.capturePayment({ orderId, authorizationId, amount, idempotencyKey: captureKey });
      await shipping.handOverShipment({ orderId, shipmentKey });
      await markShipped(orderId);
    },

    /** A carrier's report that moved the parcel forward, on the timeline once per state (and shipment); a stalled delivery is waiting again. */
    async recordShipmentUpdate(request: {
      orderId: number;
      shipmentId?: string;
      state: ShipmentState;
      eventId: string;
      occurredAt: string;
      /** Version 5: the order's stage after this report (still delivery_stalled while another parcel is). */
      stage?: 'awaiting_delivery' | 'delivery_stalled';
    }): Promise<void> {
      const { orderId, state, eventId, occurredAt, stage } = request;
      const { key, details } = ofShipment(`shipment.${state}`, request.shipmentId);
      const completedStep = state === 'in_transit' ? { completedStep: 'in_transit' } : {};
      await inTransaction(pool, async (tx) => {
        await orders.appendEvent(orderId, stepEvent(`shipment.${state}`, { event_id: eventId, occurred_at: occurredAt, ...details }), tx, key);
        if (stage) await orders.recordProgress(orderId, { stage, ...completedStep }, tx);
        else if (state === 'in_transit') await orders.recordProgress(orderId, { stage: 'awaiting_delivery', ...completedStep }, tx);
      });
    },

    /**
     * No carrier update for the stall timeout: an operator's task. The order shows at stage
     * `delivery_stalled` (GET /orders?stage=delivery_stalled) until the next update; `count`
     * numbers the stalls, so each one is on the timeline once.
     */
    async markDeliveryStalled(request: { orderId: number; quietForMs: number; count: number; shipmentIds?: string[] }): Promise<void> {
      const { orderId, quietForMs, count, shipmentIds } = request;
      const details = { quiet_for_seconds: Math.round(quietForMs / 1000), ...(shipmentIds ? { shipment_ids: shipmentIds } : {}) };
      await inTransaction(pool, async (tx) => {
        await orders.appendEvent(orderId, stepEvent('delivery.stalled', details), tx, `delivery.stalled/${count}`);
        await orders.recordProgress(orderId, { stage: 'delivery_stalled' }, tx);
      });
      log.warn('delivery stalled: no carrier update', { orderId, quietForMs });
    },

    /**
     * Version 6's stall check, when the workflow's timer says parcels have been quiet for
     * `quietForMs`: its in-transit reports bypass the workflow (src/orders/parcel-reports.ts), so the
     * carrier's events say whether they really were. Those still quiet are stalled (as
     * markDeliveryStalled does); for the others, how long until they could be. The order row is locked,
     * as a report recorded by the API locks it: the two never cross.
     */
    async stallQuietParcels(request: {
      orderId: number;
      quietForMs: number;
      count: number;
      shipmentIds: string[];
    }): Promise<{ stalled: string[]; quietInMs: Record<string, number> }> {
      const { orderId, quietForMs, count, shipmentIds } = request;
      const { stalled, quietInMs } = await inTransaction(pool, async (tx) => {
        await orders.lock(orderId, tx);
        const silences = await orders.carrierSilences(shipmentIds, tx);
        const heardSince = shipmentIds.filter((id) => (silences.get(id) ?? Infinity) < quietForMs);
        const quiet = shipmentIds.filter((id) => !heardSince.includes(id));
        if (quiet.length > 0) {
          const details = { quiet_for_seconds: Math.round(quietForMs / 1000), shipment_ids: quiet };
          await orders.appendEvent(orderId, stepEvent('delivery.stalled', details), tx, `delivery.stalled/${count}`);
          await orders.recordProgress(orderId, { stage: 'delivery_stalled' }, tx);
        }
        return { stalled: quiet, quietInMs: Object.fromEntries(heardSince.map((id) => [id, quietForMs - silences.get(id)!])) };
      });
      if (stalled.length > 0) log.warn('delivery stalled: no carrier update', { orderId, quietForMs, shipmentIds: stalled });
      return { stalled, quietInMs };
    },

    /**
     * Delivered: the lines count as delivered and the order completes, in one transaction. `lines`
     * (version 5): the units of the parcels that arrived, when others did not. `report` (version 6):
     * the last parcel's delivery, recorded here rather than by recordShipmentUpdate first.
     */
    async completeDelivery(request: {
      orderId: number;
      deliveredAt: string;
      lines?: { sku: string; quantity: number }[];
      report?: { shipmentId: string; eventId: string; occurredAt: string };
    }): Promise<OrderOutcome> {
      const { orderId, lines, report } = request;
      const completed = await inTransaction(pool, async (tx) => {
        const current = await orders.lock(orderId, tx);
        if (!current || current.status !== 'shipped') return undefined;
        if (report) {
          const { key, details } = ofShipment('shipment.delivered', report.shipmentId);
          const delivered = { event_id: report.eventId, occurred_at: report.occurredAt, ...details };
          await orders.appendEvent(orderId, stepEvent('shipment.delivered', delivered), tx, key);
        }
        if (lines) await orders.markLinesDelivered(orderId, lines, new Date(request.deliveredAt), tx);
        else await orders.markDelivered(orderId, new Date(request.deliveredAt), tx);
        await orders.appendEvent(orderId, stepEvent('order.delivered', { delivered_at: request.deliveredAt }), tx, 'order.delivered');
        await orders.recordProgress(orderId, { stage: 'done', cancellable: false, completedStep: 'delivered' }, tx);
        return orders.transition(orderId, 'completed', ['shipped'], { source: 'workflow' }, tx);
      });
      if (completed) {
        metrics.reachedFinalStatus('completed', completed.createdAt, completed.updatedAt);
        log.info('order delivered', { orderId });
        return { status: 'completed' };
      }
      return outcomeOf(await orders.find(orderId));
    },

    /**
     * The parcel came back to us: what was shipped goes back on the shelf, once (the ledger's key is
     * the order's source, or the shipment's), with its event. A lost or damaged parcel restocks nothing.
     * Version 5 names the shipment and its `items`; version 4 restocks everything shipped.
     */
    async restockReturnedParcel(request: { orderId: number; shipmentId?: string; items?: { sku: string; quantity: number }[] }): Promise<void> {
      const { orderId, shipmentId } = request;
      const { key, details } = ofShipment('inventory.restocked', shipmentId);
      await inTransaction(pool, async (tx) => {
        const items = request.items ?? (await orders.shippedItems(orderId, tx));
        const posted = await inventory.restock(returnedParcelSource(orderId, shipmentId), items, tx);
        if (posted.length > 0)
          await orders.appendEvent(orderId, stepEvent('inventory.restocked', { items: posted, reason: 'returned_to_sender', ...details }), tx, key);
      });
    },
  };
}
