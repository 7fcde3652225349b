import { Context, log } from '@temporalio/activity';
import { inTransaction, type Pool, type PoolClient } from '../../db/pool.js';
import type { InventoryRepository } from '../../inventory/repository.js';
import type { OrderMetrics } from '../../observability/metrics.js';
import { FraudSuspected } from '../../shared/errors.js';
import { type OrderEventType, stepEvent } from '../events.js';
import type { OrderOutcome } from '../messages.js';
import type { Money } from '../../shared/money.js';
import type { Order, OrderStatus } from '../order.js';
import type { OrderRepository, ProgressMark } from '../repository.js';

export interface OrderStepDeps {
  pool: Pool;
  orders: OrderRepository;
  inventory: InventoryRepository;
  metrics: OrderMetrics;
  /** More orders than this by one customer within an hour is suspected fraud. */
  fraudMaxOrdersPerHour: number;
}

/** What the saga needs to know about the order, read once when processing begins. */
export interface ProcessingSnapshot {
  customerId: number;
  totalAmount: Money;
  paymentMethod: string;
  items: { sku: string; quantity: number }[];
}

/**
 * The API commits a new order just after its workflow starts, so the first step may run before the
 * row is visible. It retries this many attempts (about 15 s with the workflow's backoff) before
 * concluding that the create transaction never committed.
 */
const ATTEMPTS_BEFORE_ORDER_IS_GONE = 5;

/**
 * The order's own steps. Each one is idempotent: Temporal may run an activity more than once (a
 * retry after a timeout whose first attempt did in fact succeed), and status changes are
 * conditional UPDATEs that record their event in the same statement.
 */
export function createOrderSteps({ pool, orders, inventory, metrics, fraudMaxOrdersPerHour }: OrderStepDeps) {
  async function begin(orderId: number, tx: PoolClient): Promise<ProcessingSnapshot | null> {
    const begun = await orders.transition(orderId, 'processing', ['pending'], { source: 'workflow' }, tx);
    if (begun) await orders.recordProgress(orderId, { stage: 'validating', completedStep: 'validated' }, tx);
    const order = begun ?? (await orders.find(orderId, tx));
    if (!order) {
      if (Context.current().info.attempt < ATTEMPTS_BEFORE_ORDER_IS_GONE) throw new Error(`order ${orderId} is not visible (yet)`);
      // Gone only once no create of it can still commit; one that did meanwhile is processed after all.
      if (!(await orders.abandonId(orderId, tx))) throw new Error(`order ${orderId} committed while its workflow gave up waiting; trying again`);
      return null;
    }
    // Committed between the UPDATE above and this read (each statement sees what had committed when
    // it began): the order is there and pending, so the next attempt moves it. Not gone.
    if (order.status === 'pending') throw new Error(`order ${orderId} committed during this step; trying again`);
    if (order.status !== 'processing') {
      log.warn('order is not processable', { orderId, status: order.status });
      return null;
    }
    return snapshotOf(order);
  }

  /** Records the screening; returns the refusal to throw once the transaction committed. */
  async function screen(orderId: number, customerId: number, tx: PoolClient): Promise<FraudSuspected | undefined> {
    // Counted against the order's own creation time, so later orders never count against it.
    const recent = await orders.countOrdersBefore(orderId, 3600, tx);
    const details = { orders_last_hour: recent, limit: fraudMaxOrdersPerHour };
    const passed = recent < fraudMaxOrdersPerHour;
    await orders.appendEvent(orderId, stepEvent('fraud.screened', { ...details, passed }), tx, 'fraud.screened');
    await orders.recordProgress(orderId, passed ? { stage: 'screening', completedStep: 'fraud_screened' } : { stage: 'screening' }, tx);
    return passed ? undefined : new FraudSuspected(`Customer ${customerId} placed ${recent} other orders within the last hour.`, details);
  }

  return {
    /** pending → processing, returning what the saga works with; null when there is no such order. */
    beginProcessing: (orderId: number): Promise<ProcessingSnapshot | null> => inTransaction(pool, (tx) => begin(orderId, tx)),

    /**
     * Velocity screening (added in workflow version 2, behind `patched('fraud-check')`): a customer
     * placing more than the configured number of orders within an hour is refused (non-retryable).
     */
    async screenForFraud(request: { orderId: number; customerId: number }): Promise<void> {
      const refusal = await inTransaction(pool, (tx) => screen(request.orderId, request.customerId, tx));
      if (refusal) throw refusal;
    },

    /**
     * Version 3's first step: begin and screen in one transaction (one decision: may this order go
     * ahead?). The refusal is thrown after COMMIT, so the screening's event and the status stay.
     */
    async beginAndScreen(request: { orderId: number; customerId: number }): Promise<ProcessingSnapshot | null> {
      const { order, refusal } = await inTransaction(pool, async (tx) => {
        const begun = await begin(request.orderId, tx);
        return { order: begun, refusal: begun ? await screen(request.orderId, request.customerId, tx) : undefined };
      });
      if (refusal) throw refusal;
      return order;
    },

    /** Records a workflow-side event (a review requested or decided) once, however often it is retried. */
    async recordOrderEvent(request: {
      orderId: number;
      type: 'review.requested' | 'review.approved' | 'review.rejected' | 'review.timed_out';
      details: Record<string, unknown>;
      dedupeKey: string;
    }): Promise<void> {
      await inTransaction(pool, async (tx) => {
        await orders.appendEvent(request.orderId, stepEvent(request.type, request.details), tx, request.dedupeKey);
        const mark = progressOfReviewEvent(request.type, request.details);
        if (mark) await orders.recordProgress(request.orderId, mark, tx);
      });
    },

    /** The parcel left: reserved stock comes off the shelf and the order completes, in one transaction. */
    async completeOrder(orderId: number, options: { requireProcessing?: boolean } = {}): Promise<OrderOutcome> {
      // The saga asks for `processing`. Workflow version 0 (before the saga) called this with the
      // order id alone, and its orders complete from `pending`: they never held stock or money.
      // An attempt it scheduled before an upgrade runs here with those original arguments.
      const from: OrderStatus[] = options.requireProcessing ? ['processing'] : ['pending', 'processing'];
      const completed = await inTransaction(pool, async (tx) => {
        // Locked first, so the stock and the status change together or not at all.
        const order = await orders.lock(orderId, tx);
        if (!order || !from.includes(order.status)) return undefined;
        const consumed = await inventory.consume(orderId, tx);
        if (consumed.length > 0) await orders.appendEvent(orderId, stepEvent('inventory.consumed', { items: consumed }), tx);
        // Versions 3 and earlier complete at hand-over: the goods left in full.
        if (consumed.length > 0) await orders.markItemsShipped(orderId, tx);
        await orders.recordProgress(orderId, FINISHED, tx);
        return orders.transition(orderId, 'completed', from, { source: 'workflow' }, tx);
      });
      if (completed) {
        metrics.reachedFinalStatus('completed', completed.createdAt, completed.updatedAt);
        log.info('order completed', { orderId });
        return { status: 'completed' };
      }
      return outcomeOf(await orders.find(orderId));
    },

    /** Ends the order `cancelled` or `failed` with its reason (after the compensations ran). */
    async endOrder(request: { orderId: number; status: 'cancelled' | 'failed'; reason: string; actor?: string }): Promise<OrderOutcome> {
      const { orderId, status, reason, actor } = request;
      // The progress first: once the status is final, the order's progress no longer changes (RecordProgress).
      const ended = await inTransaction(pool, async (tx) => {
        await orders.recordProgress(orderId, FINISHED, tx);
        return orders.transition(
          orderId,
          status,
          // shipped: a parcel lost, damaged or returned (version 4) ends the order after its refund.
          ['pending', 'processing', 'shipped'],
          { source: 'workflow', reason, details: actor ? { actor } : {} },
          tx,
        );
      });
      if (ended) {
        metrics.reachedFinalStatus(status, ended.createdAt, ended.updatedAt);
        log.info('order ended', { orderId, status, reason });
        return { status, reason };
      }
      // A retry whose first attempt committed lands here, and reports the same outcome.
      return outcomeOf(await orders.find(orderId));
    },
  };
}

/** An ended order's progress: done, and nothing left to cancel. */
const FINISHED: ProgressMark = { stage: 'done', cancellable: false };

/** Review events move the order's progress: into review with its deadline, or past it when approved. */
function progressOfReviewEvent(type: OrderEventType, details: Record<string, unknown>): ProgressMark | undefined {
  if (type === 'review.requested') return { stage: 'awaiting_review', reviewDeadline: new Date(String(details.deadline)) };
  if (type === 'review.approved') return { completedStep: 'review_approved' };
  return undefined;
}

function snapshotOf(order: Order): ProcessingSnapshot {
  return {
    customerId: order.customerId,
    totalAmount: order.totalAmount,
    paymentMethod: order.paymentMethod,
    items: order.items.map(({ sku, quantity }) => ({ sku, quantity })),
  };
}

/** The outcome of an order that ended (a retried final step lands here); throws while it is still under way. */
export function outcomeOf(order: Order | undefined): OrderOutcome {
  if (!order) return { status: 'gone' };
  if (order.status === 'completed' || order.status === 'cancelled' || order.status === 'failed') {
    return { status: order.status, ...(order.statusReason ? { reason: order.statusReason } : {}) };
  }
  throw new Error(`order ${order.id} is still ${order.status}`);
}
