import type { Principal } from '../auth/principal.js';
import type { Order, OrderStatus } from './order.js';

/** One entry of an order's timeline. */
export interface OrderEvent {
  id: number;
  orderId: number;
  type: OrderEventType;
  source: 'api' | 'workflow';
  details: Record<string, unknown>;
  createdAt: Date;
}

export const ORDER_EVENT_TYPES = [
  'order.created',
  'order.status_changed',
  'order.amount_changed',
  'order.deleted',
  'fraud.screened',
  'inventory.reserved',
  'inventory.released',
  'inventory.consumed',
  'payment.authorized',
  'payment.declined',
  'payment.captured',
  'payment.voided',
  'payment.refunded',
  'payment.refund_declined',
  'review.requested',
  'review.approved',
  'review.rejected',
  'review.timed_out',
  'shipment.booked',
  'shipment.handed_over',
  'shipment.cancelled',
  'return.requested',
  'return.approved',
  'return.label_issued',
  'return.parcel_arrived',
  'return.received',
  'return.restocked',
  'return.refunded',
  'return.expired',
  'return.refund_failed',
  'shipment.in_transit',
  'shipment.delivered',
  'shipment.lost',
  'shipment.damaged',
  'shipment.returned_to_sender',
  'delivery.stalled',
  'order.delivered',
  'inventory.restocked',
  'order.edited',
] as const;
export type OrderEventType = (typeof ORDER_EVENT_TYPES)[number];

/** An event about to be written, in the same transaction as the change it records. */
export type NewOrderEvent = Pick<OrderEvent, 'type' | 'source' | 'details'>;

export const actorOf = (actor: Principal) => `${actor.role}:${actor.subject}`;

/**
 * Events whose details are mostly for staff, with the only ones a customer reads: how the fraud
 * screening decides (its limit, their count) and what a reviewer wrote about the order stay inside.
 */
const CUSTOMER_VISIBLE_DETAILS: Partial<Record<OrderEventType, readonly string[]>> = {
  'fraud.screened': ['passed'],
  'review.approved': ['actor'],
  'review.rejected': ['actor'],
};

/**
 * An event as `viewer` may read it. Customers see what happened to their order, but not which
 * member of staff did it (an operator's subject becomes their role), how the fraud screening
 * decides, nor a reviewer's note; operators and admins see everything.
 */
export function eventAsSeenBy(viewer: Principal, event: OrderEvent): OrderEvent {
  if (viewer.role !== 'customer') return event;
  const visible = CUSTOMER_VISIBLE_DETAILS[event.type];
  const details = visible ? Object.fromEntries(Object.entries(event.details).filter(([name]) => visible.includes(name))) : event.details;
  const { actor } = details;
  if (typeof actor !== 'string' || actor === actorOf(viewer)) return { ...event, details };
  return { ...event, details: { ...details, actor: actor.split(':')[0] } };
}

export const orderEvents = {
  created: (order: Pick<Order, 'customerId' | 'totalAmount' | 'paymentMethod' | 'items'>, actor: Principal): NewOrderEvent => ({
    type: 'order.created',
    source: 'api',
    details: {
      actor: actorOf(actor),
      customer_id: order.customerId,
      total_amount: order.totalAmount,
      payment_method: order.paymentMethod,
      ...(order.items.length > 0 ? { items: order.items.map((item) => ({ sku: item.sku, quantity: item.quantity, unit_price: item.unitPrice })) } : {}),
    },
  }),
  statusChanged: (from: OrderStatus, to: OrderStatus, by: Principal | 'workflow'): NewOrderEvent => ({
    type: 'order.status_changed',
    source: by === 'workflow' ? 'workflow' : 'api',
    details: { from, to, ...(by === 'workflow' ? {} : { actor: actorOf(by) }) },
  }),
  amountChanged: (from: string, to: string, actor: Principal): NewOrderEvent => ({
    type: 'order.amount_changed',
    source: 'api',
    details: { from, to, actor: actorOf(actor) },
  }),
  deleted: (order: Order, actor: Principal): NewOrderEvent => ({
    type: 'order.deleted',
    source: 'api',
    details: { actor: actorOf(actor), status: order.status },
  }),
};

/** The events a change from `before` to `after` made through the API records. */
export function eventsOfChange(before: Order, after: Order, actor: Principal): NewOrderEvent[] {
  const events: NewOrderEvent[] = [];
  if (before.status !== after.status) events.push(orderEvents.statusChanged(before.status, after.status, actor));
  if (before.totalAmount !== after.totalAmount) events.push(orderEvents.amountChanged(before.totalAmount, after.totalAmount, actor));
  return events;
}

/** An event recorded by a workflow step (an activity). */
export const stepEvent = (type: OrderEventType, details: Record<string, unknown> = {}): NewOrderEvent => ({ type, source: 'workflow', details });
