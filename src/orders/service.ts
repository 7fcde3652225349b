import type { Logger } from 'pino';
import type { Principal } from '../auth/principal.js';
import { inTransaction, type Pool, type PoolClient } from '../db/pool.js';
import type { OrderMetrics } from '../observability/metrics.js';
import { IllegalTransition, OrderClosed, VersionMismatch } from '../shared/errors.js';
import { assertCanSee, assertMayChange, customerFilterForList, customerForNewOrder } from './access.js';
import { eventsOfChange, type OrderEvent, orderEvents } from './events.js';
import type { Money } from './money.js';
import { canTransition, isTerminal, type Order, type OrderStatus } from './order.js';
import type { OrderPage, OrderRepository } from './repository.js';
import type { OrderWorkflowClient } from './workflow-client.js';

export interface OrderServiceDeps {
  pool: Pool;
  orders: OrderRepository;
  workflows: OrderWorkflowClient;
  processingDelayMs: number;
  logger: Logger;
  metrics: OrderMetrics;
}

/** The order use cases. Inputs are already validated and typed; rules live in order.ts and access.ts. */
export class OrderService {
  constructor(private readonly deps: OrderServiceDeps) {}

  /**
   * Inserts the order and starts its workflow inside one transaction, committing only after
   * Temporal accepted the start. So a committed order always has its workflow, and when Temporal is
   * unreachable the transaction rolls back and nothing is stored. The reverse leftover (a crash or a
   * failed COMMIT after the start) is a workflow for an id that never became visible: it finds no
   * order, changes nothing and ends as `order-gone`. Identity values are never reused, so that
   * workflow id can never belong to another order.
   */
  async create(
    actor: Principal,
    input: { customerId?: number; totalAmount: Money },
    options: {
      /** Runs inside the create transaction after the start: e.g. storing the idempotent response. */
      beforeCommit?: (order: Order, tx: PoolClient) => Promise<void>;
    } = {},
  ): Promise<Order> {
    const customerId = customerForNewOrder(actor, input.customerId);
    const order = await inTransaction(this.deps.pool, async (tx) => {
      const inserted = await this.deps.orders.insert({ customerId, totalAmount: input.totalAmount }, tx);
      await this.deps.orders.appendEvent(inserted.id, orderEvents.created(inserted, actor), tx);
      await this.deps.workflows.start({ orderId: inserted.id, customerId: inserted.customerId, processingDelayMs: this.deps.processingDelayMs });
      await options.beforeCommit?.(inserted, tx);
      return inserted;
    });
    this.deps.metrics.created();
    return order;
  }

  async get(actor: Principal, id: number): Promise<Order> {
    return assertCanSee(actor, await this.deps.orders.find(id), id);
  }

  list(actor: Principal, filter: { after: number; limit: number; customerId?: number; status?: OrderStatus }): Promise<OrderPage> {
    return this.deps.orders.list({ ...filter, customerId: customerFilterForList(actor, filter.customerId) });
  }

  /** The order's timeline, oldest first (readable by whoever may read the order). */
  async events(actor: Principal, id: number, page: { after: number; limit: number }): Promise<OrderEvent[]> {
    assertCanSee(actor, await this.deps.orders.find(id), id);
    return this.deps.orders.listEvents(id, page);
  }

  /**
   * Changes status and/or amount under a row lock, following the lifecycle. Cancelling also cancels
   * the workflow, after the commit: the workflow's own completion is conditional on the status, so
   * even if Temporal is unreachable at that moment the cancelled order can never become completed.
   */
  async update(actor: Principal, id: number, changes: { status?: OrderStatus; totalAmount?: Money }, expectedVersions?: number[]): Promise<Order> {
    assertMayChange(actor, changes);
    const updated = await inTransaction(this.deps.pool, async (tx) => {
      const current = assertCanSee(actor, await this.deps.orders.lock(id, tx), id);
      // Optimistic concurrency: the client read version N; under the row lock it must still be N.
      if (expectedVersions && !expectedVersions.includes(current.version)) throw new VersionMismatch(id, current.version);
      const status = changes.status ?? current.status;
      if (status !== current.status && !canTransition(current.status, status)) {
        throw new IllegalTransition(id, current.status, status);
      }
      if (status === current.status && isTerminal(current.status) && changes.totalAmount !== undefined && changes.totalAmount !== current.totalAmount) {
        throw new OrderClosed(id, current.status);
      }
      const next = (await this.deps.orders.update(id, { status, totalAmount: changes.totalAmount ?? current.totalAmount }, tx))!;
      for (const event of eventsOfChange(current, next, actor)) await this.deps.orders.appendEvent(id, event, tx);
      return { next, previous: current.status };
    });
    const { next, previous } = updated;
    if (next.status !== previous) await this.afterStatusChange(next);
    return next;
  }

  /** Effects of a committed status change outside PostgreSQL; best effort, the row is already right. */
  private async afterStatusChange(order: Order): Promise<void> {
    if (isTerminal(order.status)) this.deps.metrics.reachedFinalStatus(order.status as 'completed' | 'cancelled', order.createdAt, order.updatedAt);
    const tellWorkflow = order.status === 'cancelled' ? this.deps.workflows.cancel(order.id) : this.deps.workflows.notifyStatusChanged(order.id, order.status);
    await tellWorkflow.catch((error: unknown) => {
      // The workflow completes orders conditionally on their status, so it can never undo this change.
      this.deps.logger.warn({ err: error, orderId: order.id, status: order.status }, 'order status changed, but its workflow could not be told now');
    });
  }

  /**
   * Deletes the order after stopping its workflow. The row stays locked while the workflow is
   * cancelled, so nothing can change it in between; when Temporal is unreachable the delete rolls
   * back (503) rather than leave a workflow running for an order that no longer exists.
   */
  delete(actor: Principal, id: number, expectedVersions?: number[]): Promise<void> {
    return inTransaction(this.deps.pool, async (tx) => {
      const current = assertCanSee(actor, await this.deps.orders.lock(id, tx), id);
      if (expectedVersions && !expectedVersions.includes(current.version)) throw new VersionMismatch(id, current.version);
      if (!isTerminal(current.status)) await this.deps.workflows.cancel(id);
      await this.deps.orders.delete(id, tx);
      await this.deps.orders.appendEvent(id, orderEvents.deleted(current, actor), tx);
    });
  }
}
