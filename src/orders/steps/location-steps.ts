import { log } from '@temporalio/activity';
import { inTransaction } from '../../db/pool.js';
import { PaymentDeclined } from '../../shared/errors.js';
import type { PaymentProvider } from '../../payments/provider.js';
import { amountOfUnits, fromCents, type Money, toCents } from '../../shared/money.js';
import { withHeartbeat } from '../../temporal/heartbeat.js';
import { stepEvent } from '../events.js';
import type { OrderItem } from '../order.js';
import { type OrderStepDeps } from './order-steps.js';
import { createPaymentSteps, type PaymentStepDeps } from './payment-steps.js';
import { createShippingSteps, type ShippingStepDeps } from './shipping-steps.js';

export interface ParcelItem {
  sku: string;
  quantity: number;
}

/** One stock location's share of an order: what its parcel holds. */
export interface PlannedShipment {
  location: string;
  items: ParcelItem[];
}

/**
 * What one parcel that did not arrive refunds: per line, its units' amounts (the line's total split
 * by largest remainder, src/shared/money.ts), counted from the line's end. Units refunded by the
 * order's parcels before (`before`, per SKU) sit further back, and returns refund delivered units
 * from the line's start: no unit is refunded twice, so the refunds of a line never exceed it.
 */
export function parcelRefundAmount(lines: readonly OrderItem[], items: readonly ParcelItem[], before: Readonly<Record<string, number>>): Money {
  let cents = 0n;
  for (const item of items) {
    const line = lines.find((candidate) => candidate.sku === item.sku);
    if (!line) throw new RangeError(`the order has no line of ${item.sku}`);
    const lineTotal = fromCents(BigInt(line.quantity) * toCents(line.unitPrice));
    const from = line.quantity - (before[item.sku] ?? 0) - item.quantity;
    cents += toCents(amountOfUnits(lineTotal, line.quantity, from, item.quantity));
  }
  return fromCents(cents);
}

/**
 * Version 5's steps: one shipment per stock location the order's units are reserved at. Each is
 * idempotent: the carrier's and the provider's keys, events keyed per location or shipment, stock
 * consumed from `reserved` only, a conditional status change.
 */
export function createLocationSteps(deps: OrderStepDeps & PaymentStepDeps & ShippingStepDeps & { payments: PaymentProvider }) {
  const { pool, orders, inventory, payments } = deps;
  const payment = createPaymentSteps(deps);
  const shipping = createShippingSteps(deps);

  return {
    /** The parcels to book: the order's held units, per location in rank order (edits are closed by then). */
    async planShipments(request: { orderId: number }): Promise<PlannedShipment[]> {
      const [reservations, locations] = await Promise.all([inventory.reservations(request.orderId), inventory.locations()]);
      const held = reservations.filter((reservation) => reservation.status === 'reserved');
      return locations
        .map(({ code }) => ({ location: code, items: held.filter((r) => r.location === code).map(({ sku, quantity }) => ({ sku, quantity })) }))
        .filter((planned) => planned.items.length > 0);
    },

    /**
     * Capture once for the whole order, hand each shipment over, then, in one transaction, each
     * takes its own location's reservations off the shelf and the order is `shipped`. Returns the
     * shipments, in the order given.
     */
    async settleAndShipLocations(request: {
      orderId: number;
      authorizationId: string;
      amount: Money;
      captureKey: string;
      shipments: { location: string; shipmentKey: string }[];
      /** Version 6: the parcels' in-transit reports go on the timeline, not to the workflow. */
      inTransitOnTimeline?: boolean;
    }): Promise<{ shipmentId: string; location: string }[]> {
      const { orderId, authorizationId, amount, captureKey } = request;
      await payment.capturePayment({ orderId, authorizationId, amount, idempotencyKey: captureKey });
      const shipped: { shipmentId: string; location: string }[] = [];
      for (const { location, shipmentKey } of request.shipments) {
        const { shipmentId } = await shipping.handOverShipment({ orderId, shipmentKey, location });
        shipped.push({ shipmentId, location });
      }
      await inTransaction(pool, async (tx) => {
        const current = await orders.lock(orderId, tx);
        if (!current || current.status !== 'processing') return;
        for (const { shipmentId, location } of shipped) {
          const consumed = await inventory.consumeAt(orderId, location, shipmentId, tx);
          const details = { items: consumed, location, shipment_id: shipmentId };
          if (consumed.length > 0) await orders.appendEvent(orderId, stepEvent('inventory.consumed', details), tx, `inventory.consumed/${location}`);
        }
        await orders.markItemsShipped(orderId, tx);
        if (request.inTransitOnTimeline) await orders.markInTransitOnTimeline(orderId, tx);
        await orders.recordProgress(orderId, { stage: 'awaiting_delivery', cancellable: false, completedStep: 'shipped' }, tx);
        await orders.transition(orderId, 'shipped', ['processing'], { source: 'workflow' }, tx);
      });
      return shipped;
    },

    /**
     * One parcel of several did not arrive (lost, damaged, returned): its part of the capture goes
     * back as a partial refund under its own key, and is recorded once (event and refunded_amount).
     * A refund the provider declines (PaymentDeclined) is on the order's timeline as
     * `payment.refund_declined`, with what is owed: the order still completes, and an operator pays it.
     */
    async refundParcel(request: {
      orderId: number;
      shipmentId: string;
      state: string;
      items: ParcelItem[];
      refundedBefore: Record<string, number>;
      captureKey: string;
      idempotencyKey: string;
    }): Promise<Money> {
      const { orderId, shipmentId, captureKey, idempotencyKey } = request;
      const order = await orders.find(orderId);
      if (!order) throw new Error(`order ${orderId} not found`);
      const amount = parcelRefundAmount(order.items, request.items, request.refundedBefore);
      if (toCents(amount) === 0n) return amount;
      let refund: { refundId: string };
      try {
        refund = await withHeartbeat(() => payments.refund({ idempotencyKey, captureKey, orderId, amount }));
      } catch (error) {
        if (!(error instanceof PaymentDeclined)) throw error;
        const declined = { amount, shipment_id: shipmentId, reason: request.state, code: error.code, message: error.message };
        await orders.appendEvent(orderId, stepEvent('payment.refund_declined', declined), undefined, `payment.refund_declined/${shipmentId}`);
        log.warn('refund of a parcel that did not arrive was declined; it needs an operator', { orderId, shipmentId, code: error.code });
        return fromCents(0n);
      }
      const details = { amount, refund_id: refund.refundId, shipment_id: shipmentId, reason: request.state };
      await orders.recordParcelRefund(orderId, { amount, details, dedupeKey: `payment.refunded/${shipmentId}` });
      return amount;
    },
  };
}
