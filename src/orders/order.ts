import type { Money } from './money.js';

export const ORDER_STATUSES = ['pending', 'processing', 'completed', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export interface Order {
  id: number;
  customerId: number;
  status: OrderStatus;
  totalAmount: Money;
  /** Bumped by every change; the API's ETag. */
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * The lifecycle. `pending` orders are waiting for their workflow; an operator may mark them
 * `processing`; the workflow completes them; either may be cancelled until it is completed.
 */
const TRANSITIONS: Record<OrderStatus, readonly OrderStatus[]> = {
  pending: ['processing', 'completed', 'cancelled'],
  processing: ['completed', 'cancelled'],
  completed: [],
  cancelled: [],
};

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function isTerminal(status: OrderStatus): boolean {
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
