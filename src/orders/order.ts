import type { Money } from '../shared/money.js';
import type { ShippingAddress } from '../shipping/address.js';
import type { ShipmentStatus } from '../shipping/delivery-rules.js';
import type { OrderProgress } from './messages.js';

export const ORDER_STATUSES = ['pending', 'processing', 'shipped', 'completed', 'cancelled', 'failed'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export interface OrderItem {
  sku: string;
  quantity: number;
  unitPrice: Money;
}

export interface Order {
  id: number;
  customerId: number;
  status: OrderStatus;
  /** Why a `cancelled` or `failed` order ended so, e.g. `out_of_stock`, `card_declined`. */
  statusReason: string | null;
  totalAmount: Money;
  paymentMethod: string;
  /** Empty for orders created the original way, with only a total. */
  items: OrderItem[];
  /** Required with items; null for orders with only a total (nothing to send). */
  shippingAddress: ShippingAddress | null;
  /** When the carrier reported the parcel delivered. */
  deliveredAt: Date | null;
  /** Where the saga is, as its steps recorded it (stage `done` once the order ended). */
  progress: Omit<OrderProgress, 'outcome'>;
  /** Refunded so far: by returns and lost parcels (in part) and by the saga's refund compensation (in full). */
  refundedAmount: Money;
  /** Its shipments, oldest first (read with the order by find(); absent from lists). */
  shipments?: OrderShipment[];
  /** Bumped by every change; the API's ETag. */
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** One parcel of the order: since workflow version 5 one per stock location (`location` null before). */
export interface OrderShipment {
  id: number;
  location: string | null;
  carrier: string;
  trackingNumber: string;
  status: ShipmentStatus;
  items: { sku: string; quantity: number }[];
}

/** The payment method used when an order names none (the local provider approves it). */
export const DEFAULT_PAYMENT_METHOD = 'pm_card_visa';

/**
 * The lifecycle, driven by OrderWorkflow. `pending` orders wait out the processing delay (while they
 * may still be amended); the saga moves them to `processing`, and ends them `completed`,
 * `cancelled` (by a customer or operator, review rejected, out of stock) or `failed` (payment
 * declined, shipping impossible). Since delivery tracking (workflow version 4) a paid order handed
 * to the carrier is `shipped` until the carrier reports it delivered (`completed`) or lost, damaged
 * or returned (`failed`, refunded); earlier versions complete at hand-over.
 */
const TRANSITIONS: Record<OrderStatus, readonly OrderStatus[]> = {
  pending: ['processing', 'cancelled', 'failed'],
  processing: ['shipped', 'completed', 'cancelled', 'failed'],
  shipped: ['completed', 'failed'],
  completed: [],
  cancelled: [],
  failed: [],
};

export type FinalStatus = 'completed' | 'cancelled' | 'failed';

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function isTerminal(status: OrderStatus): status is FinalStatus {
  return TRANSITIONS[status].length === 0;
}

/** Every status from which an order may move to `to`; used to make status updates conditional in SQL. */
export function statusesThatCanBecome(to: OrderStatus): OrderStatus[] {
  return ORDER_STATUSES.filter((from) => canTransition(from, to));
}

/** The Temporal workflow id of an order: derived from the business id, so an order can never get two. */
export function orderWorkflowId(orderId: number): string {
  return `order-${orderId}`;
}
