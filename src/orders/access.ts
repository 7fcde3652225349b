import type { Principal } from '../auth/principal.js';
import { Forbidden, InvalidInput, OrderNotFound } from '../shared/errors.js';
import type { Order, OrderStatus } from './order.js';

/**
 * Who may do what to orders. Operators and admins: everything. Customers: only their own orders,
 * and of changes only cancelling. Another customer's order is "not found", so its existence leaks
 * nothing.
 */
export function assertCanSee(actor: Principal, order: Order | undefined, id: number): Order {
  if (!order || (actor.role === 'customer' && order.customerId !== actor.customerId)) throw new OrderNotFound(id);
  return order;
}

/** The customer an order is created for: a customer's own; for staff, the one named in the body. */
export function customerForNewOrder(actor: Principal, requested: number | undefined): number {
  if (actor.role === 'customer') {
    if (requested !== undefined && requested !== actor.customerId) throw new Forbidden('Customers create orders for themselves only; leave customer_id out.');
    return actor.customerId!;
  }
  if (requested === undefined) throw new InvalidInput("must have required property 'customer_id'", '/customer_id');
  return requested;
}

/** The customer filter of a listing: customers always see only their own orders. */
export function customerFilterForList(actor: Principal, requested: number | undefined): number | undefined {
  if (actor.role !== 'customer') return requested;
  if (requested !== undefined && requested !== actor.customerId) throw new Forbidden('Customers can list their own orders only.');
  return actor.customerId;
}

export function assertMayChange(actor: Principal, changes: { status?: OrderStatus; totalAmount?: unknown }): void {
  if (actor.role !== 'customer') return;
  if (changes.totalAmount !== undefined || (changes.status !== undefined && changes.status !== 'cancelled')) {
    throw new Forbidden('Customers may only cancel their orders.');
  }
}
