import type { OrderEvent } from '../../src/client/index.js';

/**
 * What the order's own timeline says about its money and its parcel (the events are the record). What
 * was refunded is not among them: returns refund part of a capture, so the order's `refunded_amount` says it.
 */
export interface OrderFacts {
  authorized?: number;
  captured?: number;
  voided: boolean;
  shipment?: { carrier?: string; trackingNumber?: string; state: ShipmentState };
}

type ShipmentState = 'booked' | 'handed over' | 'cancelled' | 'in transit' | 'delivered' | 'lost' | 'damaged' | 'returned to sender';

/** What the carrier reported (README "Order lifecycle"), as the shipment's state. */
const CARRIER_REPORTS: Partial<Record<OrderEvent['type'], ShipmentState>> = {
  'shipment.in_transit': 'in transit',
  'shipment.delivered': 'delivered',
  'shipment.lost': 'lost',
  'shipment.damaged': 'damaged',
  'shipment.returned_to_sender': 'returned to sender',
};

export function factsOf(events: OrderEvent[]): OrderFacts {
  const facts: OrderFacts = { voided: false };
  for (const event of events) {
    const details = event.details as Record<string, unknown>;
    switch (event.type) {
      case 'payment.authorized':
        facts.authorized = Number(details.amount);
        break;
      case 'payment.captured':
        facts.captured = Number(details.amount);
        break;
      case 'payment.voided':
        facts.voided = true;
        break;
      case 'shipment.booked':
        facts.shipment = { carrier: String(details.carrier ?? ''), trackingNumber: String(details.tracking_number ?? ''), state: 'booked' };
        break;
      case 'shipment.handed_over':
        facts.shipment = { ...facts.shipment, trackingNumber: String(details.tracking_number ?? facts.shipment?.trackingNumber ?? ''), state: 'handed over' };
        break;
      case 'shipment.cancelled':
        if (facts.shipment) facts.shipment = { ...facts.shipment, state: 'cancelled' };
        break;
      default: {
        const reported = CARRIER_REPORTS[event.type];
        if (reported && facts.shipment) facts.shipment = { ...facts.shipment, state: reported };
      }
    }
  }
  return facts;
}

/** The saga's steps in order, each done when its event is in the timeline. */
export const SAGA_STEPS: { label: string; doneBy: OrderEvent['type'][]; undoneBy?: OrderEvent['type'][] }[] = [
  { label: 'Fraud screening', doneBy: ['fraud.screened'] },
  { label: 'Stock reserved', doneBy: ['inventory.reserved'], undoneBy: ['inventory.released'] },
  { label: 'Payment authorized', doneBy: ['payment.authorized'], undoneBy: ['payment.voided'] },
  { label: 'Review', doneBy: ['review.approved', 'review.rejected', 'review.timed_out'] },
  { label: 'Shipment booked', doneBy: ['shipment.booked'], undoneBy: ['shipment.cancelled'] },
  { label: 'Payment captured', doneBy: ['payment.captured'], undoneBy: ['payment.refunded'] },
  { label: 'Handed to the carrier', doneBy: ['shipment.handed_over'] },
  { label: 'Delivered', doneBy: ['order.delivered'] },
];

/** Who made an event: the API caller (`role:subject`) or the workflow. */
export const actorOf = (event: OrderEvent): string => String((event.details as { actor?: unknown }).actor ?? event.source);

/** The parts of an event's details a person reads: reason, note, status change, tracking number. */
export function summaryOf(event: OrderEvent): string {
  const d = event.details as Record<string, unknown>;
  const parts: string[] = [];
  if (event.type === 'order.status_changed') parts.push(`${String(d.from)} → ${String(d.to)}`);
  if (d.reason) parts.push(`reason: ${String(d.reason).replace(/_/g, ' ')}`);
  if (d.note) parts.push(`note: ${String(d.note)}`);
  if (d.amount !== undefined) parts.push(`amount: ${String(d.amount)}`);
  if (d.tracking_number) parts.push(`tracking: ${String(d.tracking_number)}`);
  if (d.code) parts.push(`code: ${String(d.code)}`);
  if (d.deadline) parts.push(`deadline: ${new Date(String(d.deadline)).toLocaleString()}`);
  if (Array.isArray(d.items)) parts.push(d.items.map((item: { sku?: string; quantity?: number }) => `${item.quantity ?? ''}× ${item.sku ?? ''}`).join(', '));
  return parts.join('; ');
}
