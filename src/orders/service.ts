import { addressProblem, type ShippingAddress } from '../shipping/address.js';
import type { Logger } from 'pino';
import type { Principal } from '../auth/principal.js';
import { inTransaction, type Pool, type PoolClient } from '../db/pool.js';
import type { InventoryRepository } from '../inventory/repository.js';
import type { OrderMetrics } from '../observability/metrics.js';
import { Conflict, DependencyUnavailable, InvalidInput, OrderClosed, VersionMismatch } from '../shared/errors.js';
import { assertCanSee, assertMayChange, customerFilterForList, customerForNewOrder } from './access.js';
import { actorOf, eventAsSeenBy, eventsOfChange, type OrderEvent, orderEvents } from './events.js';
import type { OrderProgress, SagaStage } from './messages.js';
import { isAbove, MAX_AMOUNT, type Money, sumOfItems } from '../shared/money.js';
import { DEFAULT_PAYMENT_METHOD, isTerminal, type Order, type OrderItem, type OrderStatus } from './order.js';
import type { OrderPage, OrderRepository } from './repository.js';
import { MessageRefused, type OrderWorkflowClient, WorkflowFinished } from './workflow-client.js';

export interface OrderServiceDeps {
  pool: Pool;
  orders: OrderRepository;
  inventory: InventoryRepository;
  workflows: OrderWorkflowClient;
  saga: {
    processingDelayMs: number;
    reviewThreshold: Money;
    reviewTimeoutMs: number;
    deliveryStallTimeoutMs: number;
    /** How long POST /orders/{id}/cancel waits for the compensations before answering 202. */
    cancelWaitMs: number;
  };
  logger: Logger;
  metrics: OrderMetrics;
}

export interface NewOrder {
  customerId?: number;
  /** Required without items; with items, optional and then it must equal their sum. */
  totalAmount?: Money;
  items?: OrderItem[];
  paymentMethod?: string;
  /** Required with items (the contract says so too); optional without. */
  shippingAddress?: ShippingAddress;
}

/**
 * How soon after its workflow started a new order must be committed. The workflow's first step
 * (ORDER_PROCESSING_DELAY after the start) retries for about 15 s before it concludes that the
 * order never committed; a create that could not commit well within that rolls back instead.
 */
const VISIBLE_WITHIN_MS = 5_000;

/** An order with, while it is in flight, the saga's progress. */
export interface OrderView {
  order: Order;
  progress?: OrderProgress;
}

/** The order use cases. Inputs are already validated and typed; rules live in order.ts and access.ts. */
export class OrderService {
  constructor(private readonly deps: OrderServiceDeps) {}

  /**
   * Starts the order's workflow first, under an id reserved for it, and only then inserts the
   * order, in one short transaction: after a 201 the order has exactly one workflow, and when
   * Temporal is unreachable nothing is stored. No pooled connection is held while Temporal is
   * asked, so a slow Temporal slows creates down, never the reads, the other writes or /readyz
   * (which share the pool). The reverse leftover (the start succeeded, the insert did not: the
   * database failed, or the process died in between) is a workflow for an id that no order will
   * ever have: it finds no order, changes nothing and ends as `gone`. The transaction commits only
   * within VISIBLE_WITHIN_MS of the start, well inside the time that first step waits for the row.
   */
  async create(
    actor: Principal,
    input: NewOrder,
    options: {
      /** Runs inside the create transaction, last: e.g. storing the idempotent response. */
      beforeCommit?: (order: Order, tx: PoolClient) => Promise<void>;
    } = {},
  ): Promise<Order> {
    const customerId = customerForNewOrder(actor, input.customerId);
    const items = input.items ?? [];
    const totalAmount = totalOf(items, input.totalAmount);
    const shippingAddress = addressFor(items, input.shippingAddress);
    await this.assertKnownSkus(items);
    const id = await this.deps.orders.reserveId();
    const { processingDelayMs, reviewThreshold, reviewTimeoutMs, deliveryStallTimeoutMs } = this.deps.saga;
    await this.deps.workflows.start({ orderId: id, customerId, processingDelayMs, reviewThreshold, reviewTimeoutMs, deliveryStallTimeoutMs });
    const started = Date.now();
    const order = await inTransaction(this.deps.pool, async (tx) => {
      const paymentMethod = input.paymentMethod ?? DEFAULT_PAYMENT_METHOD;
      const draft = { id, customerId, totalAmount, items, paymentMethod, shippingAddress };
      const inserted = await this.deps.orders.insert(draft, orderEvents.created(draft, actor), tx);
      // Its workflow gave up waiting for this order and ends as gone: store nothing.
      if (!inserted) throw new DependencyUnavailable('postgres');
      await options.beforeCommit?.(inserted, tx);
      // Too late: the workflow may already have given up on the row. Roll back; it ends as `gone`.
      if (Date.now() - started > VISIBLE_WITHIN_MS) throw new DependencyUnavailable('postgres');
      return inserted;
    });
    this.deps.metrics.created();
    return order;
  }

  /** The order, with its progress while it is in flight. */
  async get(actor: Principal, id: number): Promise<OrderView> {
    const order = assertCanSee(actor, await this.deps.orders.find(id), id);
    return this.view(order);
  }

  list(actor: Principal, filter: { after: number; limit: number; customerId?: number; status?: OrderStatus; stage?: SagaStage }): Promise<OrderPage> {
    return this.deps.orders.list({ ...filter, customerId: customerFilterForList(actor, filter.customerId) });
  }

  /** Orders awaiting an operator's review, the nearest deadline first (staff only, by the contract). */
  reviewQueue(limit: number): Promise<Order[]> {
    return this.deps.orders.reviewQueue(limit);
  }

  /** How many orders are in each status (staff only, by the contract: a customer's would need a count). */
  countByStatus(): Promise<Record<OrderStatus, number>> {
    return this.deps.orders.countByStatus();
  }

  /** The order's timeline, oldest first (readable by whoever may read the order). */
  async events(actor: Principal, id: number, page: { after: number; limit: number }): Promise<OrderEvent[]> {
    assertCanSee(actor, await this.deps.orders.find(id), id);
    return (await this.deps.orders.listEvents(id, page)).map((event) => eventAsSeenBy(actor, event));
  }

  /**
   * PUT: the original design's update. Status is the workflow's to drive, so the only status a
   * client may set is `cancelled`, which is the cancel use case. The amount may change only on a
   * `pending` order without items (items fix the total), before its processing begins.
   */
  async update(actor: Principal, id: number, changes: { status?: OrderStatus; totalAmount?: Money }, expectedVersions?: number[]): Promise<OrderView> {
    assertMayChange(actor, changes);
    if (changes.status === 'cancelled') {
      if (changes.totalAmount !== undefined) throw new InvalidInput('cannot be changed in the same request as a cancellation', '/total_amount');
      return this.cancel(actor, id, { expectedVersions }).then(({ view }) => view);
    }
    const updated = await inTransaction(this.deps.pool, async (tx) => {
      const current = assertCanSee(actor, await this.deps.orders.lock(id, tx), id);
      // Optimistic concurrency: the client read version N; under the row lock it must still be N.
      if (expectedVersions && !expectedVersions.includes(current.version)) throw new VersionMismatch(id, current.version);
      if (changes.status !== undefined && changes.status !== current.status) {
        if (isTerminal(current.status)) throw new OrderClosed(id, current.status);
        throw new Conflict(`Order ${id} is ${current.status}; its status is driven by its workflow. To stop it, cancel it (POST /orders/${id}/cancel).`);
      }
      if (changes.totalAmount === undefined || changes.totalAmount === current.totalAmount) return current;
      if (isTerminal(current.status)) throw new OrderClosed(id, current.status);
      if (current.items.length > 0) throw new Conflict(`Order ${id} has items; its total is their sum and cannot be set.`);
      if (current.status !== 'pending') throw new Conflict(`Order ${id} is ${current.status}; its amount was fixed when processing began.`);
      const next = (await this.deps.orders.update(id, { status: current.status, totalAmount: changes.totalAmount }, tx))!;
      for (const event of eventsOfChange(current, next, actor)) await this.deps.orders.appendEvent(id, event, tx);
      return next;
    });
    return this.view(updated);
  }

  /**
   * Cancels the order through its workflow (a Temporal Update), which refuses once the parcel is
   * being handed over. `done` is false when the cancellation was accepted but its compensations
   * are still running after `cancelWaitMs` (the API answers 202 then).
   */
  async cancel(actor: Principal, id: number, options: { expectedVersions?: number[]; requestId?: string } = {}): Promise<{ view: OrderView; done: boolean }> {
    const current = assertCanSee(actor, await this.deps.orders.find(id), id);
    if (options.expectedVersions && !options.expectedVersions.includes(current.version)) throw new VersionMismatch(id, current.version);
    if (isTerminal(current.status)) throw new OrderClosed(id, current.status);
    try {
      const outcome = await this.deps.workflows.cancel(
        id,
        { actor: actorOf(actor), role: actor.role },
        { waitMs: this.deps.saga.cancelWaitMs, ...(options.requestId ? { updateId: `cancel/${options.requestId}` } : {}) },
      );
      if (outcome && outcome.status !== 'cancelled') throw new Conflict(`Order ${id} became ${outcome.status} before the cancellation could take effect.`);
      const order = (await this.deps.orders.find(id)) ?? current;
      return { view: await this.view(order), done: outcome !== undefined };
    } catch (error) {
      throw await this.refusal(id, error);
    }
  }

  /**
   * An operator approves or rejects an order awaiting manual review. With a `requestId` (from the
   * Idempotency-Key) a retry asks about the same decision; a decision sent but not confirmed in
   * time is reported as possibly recorded (OutcomeUnknown), never as "nothing was changed".
   */
  async decideReview(actor: Principal, id: number, approved: boolean, options: { note?: string; requestId?: string } = {}): Promise<OrderView> {
    const current = assertCanSee(actor, await this.deps.orders.find(id), id);
    if (isTerminal(current.status)) throw new OrderClosed(id, current.status);
    try {
      const decision = { actor: actorOf(actor), ...(options.note ? { note: options.note } : {}) };
      const progress = await this.deps.workflows.decideReview(id, approved, decision, {
        ...(options.requestId ? { updateId: `${approved ? 'approve' : 'reject'}/${options.requestId}` } : {}),
      });
      return { order: current, progress };
    } catch (error) {
      throw await this.refusal(id, error);
    }
  }

  /** Deletes a finished order (its history stays in the timeline). One in flight must be cancelled first. */
  delete(actor: Principal, id: number, expectedVersions?: number[]): Promise<void> {
    return inTransaction(this.deps.pool, async (tx) => {
      const current = assertCanSee(actor, await this.deps.orders.lock(id, tx), id);
      if (expectedVersions && !expectedVersions.includes(current.version)) throw new VersionMismatch(id, current.version);
      if (!isTerminal(current.status)) throw new Conflict(`Order ${id} is ${current.status}; cancel it (POST /orders/${id}/cancel) before deleting it.`);
      const open = await this.deps.orders.openReturn(id, tx);
      if (open || !(await this.deps.orders.delete(id, tx))) throw returnInFlight(id, open);
      await this.deps.orders.appendEvent(id, orderEvents.deleted(current, actor), tx);
    });
  }

  /** Progress comes from the order's own row, as its steps recorded it: a read never asks Temporal. */
  private view(order: Order): OrderView {
    return isTerminal(order.status) ? { order } : { order, progress: order.progress };
  }

  /** Why the workflow said no, as a domain error: refused by its validator, or already finished. */
  private async refusal(id: number, error: unknown): Promise<unknown> {
    if (error instanceof MessageRefused) return new Conflict(`Order ${id}: ${error.message}`);
    if (error instanceof WorkflowFinished) {
      const order = await this.deps.orders.find(id);
      return order && isTerminal(order.status) ? new OrderClosed(id, order.status) : new Conflict(`Order ${id} is no longer being processed.`);
    }
    return error;
  }

  /** Checked before the workflow starts, so a typo never starts one; the items' foreign key still guards the insert. */
  private async assertKnownSkus(items: OrderItem[]): Promise<void> {
    if (items.length === 0) return;
    const known = await this.deps.inventory.known(items.map((item) => item.sku));
    const unknown = items.findIndex((item) => !known.has(item.sku));
    if (unknown >= 0) throw new InvalidInput(`is not a known SKU (${items[unknown]!.sku}); stock it first with PUT /inventory/{sku}`, `/items/${unknown}/sku`);
  }
}

/** Deleting the order would cascade away a return that still owes the customer its refund. */
function returnInFlight(id: number, open: { id: number; status: string } | undefined): Conflict {
  const which = open ? `return ${open.id} is ${open.status}` : 'a return of it is still in flight';
  return new Conflict(`Order ${id} cannot be deleted while ${which}; it can be deleted once its returns are refunded or rejected.`);
}

/** Goods need somewhere to go; an order with only a total has none to send. */
function addressFor(items: OrderItem[], address: ShippingAddress | undefined): ShippingAddress | null {
  if (!address) {
    if (items.length > 0) throw new InvalidInput('is required for an order with items', '/shipping_address');
    return null;
  }
  const problem = addressProblem(address);
  if (problem) throw new InvalidInput(problem.message, `/shipping_address${problem.pointer}`);
  return address;
}

/** The order's total: the exact sum of its items, or the amount given for an order without items. */
export function totalOf(items: OrderItem[], given: Money | undefined): Money {
  if (items.length === 0) {
    if (given === undefined) throw new InvalidInput('must be given when there are no items', '/total_amount');
    return given;
  }
  const seen = new Map<string, number>();
  items.forEach((item, index) => {
    if (seen.has(item.sku))
      throw new InvalidInput(`repeats SKU ${item.sku} (already at /items/${seen.get(item.sku)}); put the whole quantity on one line`, `/items/${index}/sku`);
    seen.set(item.sku, index);
  });
  const total = sumOfItems(items);
  if (isAbove(total, MAX_AMOUNT as Money)) throw new InvalidInput(`add up to ${total}, more than the ${MAX_AMOUNT} an order may total`, '/items');
  if (given !== undefined && given !== total)
    throw new InvalidInput(`is ${given}, but the items add up to ${total}; leave it out or send the sum`, '/total_amount');
  return total;
}
