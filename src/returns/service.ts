import type { Principal } from '../auth/principal.js';
import { inTransaction, type Pool, type PoolClient } from '../db/pool.js';
import { actorOf } from '../orders/events.js';
import type { OrderRepository } from '../orders/repository.js';
import { assertCanSee } from '../orders/access.js';
import { Conflict, InvalidInput, OrderNotFound, ReturnIdTaken, ReturnNotFound, ReturnRefused } from '../shared/errors.js';
import { isUnsafeText, UNSAFE_TEXT_MESSAGE } from '../shared/text.js';
import type { ReturnRepository } from './repository.js';
import type { OrderReturn, ReceivedUnits, RequestedUnits, ReturnStatus } from './return.js';
import type { ReturnWorkflowClient } from './workflow-client.js';

export interface ReturnServiceDeps {
  pool: Pool;
  returns: ReturnRepository;
  orders: OrderRepository;
  workflows: ReturnWorkflowClient;
  /** RETURN_PARCEL_DEADLINE: how long after its label a return waits for the parcel. */
  parcelDeadlineMs: number;
  /** RETURN_REFUND_RETRY_WINDOW: how long after a declined refund a return waits for an operator's retry. */
  refundRetryWindowMs: number;
  /** RETURN_WINDOW: how long after delivery a return may be requested. */
  windowMs: number;
}

/** The CHECK that holds refunded ≤ received ≤ authorized ≤ delivered per order line (migration 0014). */
const LINE_QUANTITIES_CHECK = 'order_items_return_quantities_check';

function assertOncePerSku(items: readonly { sku: string }[], pointer: string): void {
  const seen = new Set<string>();
  items.forEach(({ sku }, index) => {
    if (seen.has(sku)) throw new InvalidInput(`lists SKU ${sku} twice; give each SKU once, with its quantity`, `${pointer}/${index}/sku`);
    seen.add(sku);
  });
}

/** Each requested SKU as an order line with units left to return, or ReturnRefused naming the item. */
function linesToReturn(items: readonly RequestedUnits[], lines: Awaited<ReturnType<ReturnRepository['returnableLines']>>, orderId: number) {
  const bySku = new Map(lines.map((line) => [line.sku, line]));
  return items.map(({ sku, quantity }, index) => {
    const line = bySku.get(sku);
    if (!line) throw new ReturnRefused(`Order ${orderId} has no item with SKU ${sku}.`, `/items/${index}/sku`);
    const left = line.delivered_quantity - line.return_authorized_quantity;
    if (quantity > left) {
      throw new ReturnRefused(
        `Only ${left} of the ${line.delivered_quantity} delivered units of ${sku} can still be returned (asked for ${quantity}).`,
        `/items/${index}/quantity`,
      );
    }
    return { lineNo: line.line_no, sku, quantity };
  });
}

/** A receipt states each line of the return once, within what it holds; InvalidInput or ReturnRefused naming the line. */
function assertReceiptOfEveryLine(ret: OrderReturn, lines: readonly ReceivedUnits[]): void {
  if (lines.length === 0) throw new InvalidInput('must list every line of the return, with the units received and resellable', '/items');
  assertOncePerSku(lines, '/items');
  lines.forEach((line, index) => {
    const item = ret.items.find((candidate) => candidate.sku === line.sku);
    if (!item) throw new ReturnRefused(`Return ${ret.id} has no item with SKU ${line.sku}.`, `/items/${index}/sku`);
    if (line.received > item.quantity)
      throw new ReturnRefused(`Return ${ret.id} holds ${item.quantity} of ${line.sku}, not ${line.received}.`, `/items/${index}/received_quantity`);
    if (line.resellable > line.received)
      throw new ReturnRefused('Resellable units cannot be more than the units received.', `/items/${index}/resellable_quantity`);
  });
  const missing = ret.items.find((item) => !lines.some((line) => line.sku === item.sku));
  if (missing) {
    throw new ReturnRefused(
      `Return ${ret.id} also holds ${missing.quantity} of ${missing.sku}: list every line of the return, with received_quantity 0 for units that did not arrive.`,
      '/items',
    );
  }
}

/** The sequence gave an id a stored return already has (it is behind the table: a restore, a reset). */
function isReturnIdClash(error: unknown): boolean {
  return (error as { code?: string }).code === '23505' && (error as { constraint?: string }).constraint === 'returns_pkey';
}

const windowText = (ms: number) => (ms % 3_600_000 === 0 ? `${ms / 3_600_000}h` : `${ms / 1000}s`);

function isLineQuantitiesViolation(error: unknown): boolean {
  return (error as { code?: string; constraint?: string }).code === '23514' && (error as { constraint?: string }).constraint === LINE_QUANTITIES_CHECK;
}

/** The returns use cases. Inputs are validated against the contract already. */
export class ReturnService {
  constructor(private readonly deps: ReturnServiceDeps) {}

  /**
   * Checks the request under the order's row lock (delivered, within the window, units left per
   * line), stores the return with its units authorized and its `return.requested` event, and starts
   * `return-<id>` before COMMIT: an unreachable Temporal rolls everything back (503, nothing
   * stored). The reverse leftover, a workflow whose commit failed, finds no return and ends `gone`.
   * Returns are rare next to orders, so holding one pooled connection for that start is accepted.
   */
  async create(
    actor: Principal,
    orderId: number,
    request: { items: RequestedUnits[]; reason: string },
    options: { beforeCommit?: (created: OrderReturn, tx: PoolClient) => Promise<void> } = {},
  ): Promise<OrderReturn> {
    assertOncePerSku(request.items, '/items');
    if (isUnsafeText(request.reason)) throw new InvalidInput(UNSAFE_TEXT_MESSAGE, '/reason');
    const { returns, orders, workflows, windowMs } = this.deps;
    try {
      return await inTransaction(this.deps.pool, async (tx) => {
        const order = await returns.lockOrder(orderId, windowMs / 1000, tx);
        if (!order || (actor.role === 'customer' && Number(order.customer_id) !== actor.customerId)) throw new OrderNotFound(orderId);
        if (!order.delivered_at) throw new Conflict(`Order ${orderId} has not been delivered; only delivered goods can be returned.`);
        if (!order.within_window) {
          throw new ReturnRefused(`The return window (${windowText(windowMs)} after delivery on ${order.delivered_at.toISOString()}) has closed.`, '');
        }
        const lines = linesToReturn(request.items, await returns.returnableLines(orderId, tx), orderId);
        const returnId = await returns.insert({ orderId, reason: request.reason, requestedBy: actorOf(actor), lines }, tx);
        await orders.appendEvent(
          orderId,
          { type: 'return.requested', source: 'api', details: { actor: actorOf(actor), return_id: returnId, reason: request.reason, items: request.items } },
          tx,
        );
        const created = (await returns.find(returnId, tx))!;
        await options.beforeCommit?.(created, tx);
        const { parcelDeadlineMs, refundRetryWindowMs } = this.deps;
        await workflows.start({ returnId, orderId, parcelDeadlineMs, refundRetryWindowMs });
        return created;
      });
    } catch (error) {
      // Only reachable past the lock by a path that skipped the check above; the database refuses it anyway.
      if (isLineQuantitiesViolation(error)) throw new Conflict('Another return took these units meanwhile; nothing was stored.');
      if (isReturnIdClash(error)) throw new ReturnIdTaken({ cause: error });
      throw error;
    }
  }

  async list(actor: Principal, orderId: number): Promise<OrderReturn[]> {
    await this.assertCanSeeOrder(actor, orderId);
    return this.deps.returns.listOfOrder(orderId);
  }

  /** Every order's returns, a page at a time (staff only, by the contract). */
  listAll(filter: { after: number; limit: number; status?: ReturnStatus }): Promise<{ returns: OrderReturn[]; nextAfter?: number }> {
    return this.deps.returns.list(filter);
  }

  /** One return of the order, under the list's access rule: what the list shows, or not found. */
  async get(actor: Principal, orderId: number, returnId: number): Promise<OrderReturn> {
    await this.assertCanSeeOrder(actor, orderId);
    return this.find(orderId, returnId);
  }

  /**
   * The warehouse received the parcel: every line of the return stated, validated against it, then
   * sent to its workflow. Nothing is assumed for a line left out, since an assumed receipt refunds.
   */
  async receive(actor: Principal, orderId: number, returnId: number, lines: ReceivedUnits[], requestId?: string): Promise<OrderReturn> {
    await this.assertCanSeeOrder(actor, orderId);
    const current = await this.find(orderId, returnId);
    assertReceiptOfEveryLine(current, lines);
    if (current.status !== 'awaiting_parcel' && current.status !== 'parcel_arrived') {
      throw new Conflict(`Return ${returnId} is ${current.status}; only a return awaiting its parcel, or whose parcel arrived, can be received.`);
    }
    await this.deps.workflows.receive(returnId, lines, requestId && `receive/${requestId}`);
    return this.find(orderId, returnId);
  }

  /**
   * An operator tries a declined refund again (staff only, by the contract): refused (409, nothing
   * sent) unless the return is `refund_failed`; the workflow refuses it too once its retry window has
   * closed or while an attempt runs. Answers with the return after the attempt: refunded, or
   * refund_failed again with the new decline on the timeline.
   */
  async retryRefund(actor: Principal, orderId: number, returnId: number, requestId?: string): Promise<OrderReturn> {
    await this.assertCanSeeOrder(actor, orderId);
    const current = await this.find(orderId, returnId);
    if (current.status !== 'refund_failed') {
      throw new Conflict(`Return ${returnId} is ${current.status}; only a return whose refund was declined (refund_failed) can be retried.`);
    }
    await this.deps.workflows.retryRefund(returnId, { actor: actorOf(actor) }, requestId && `retry-refund/${requestId}`);
    return this.find(orderId, returnId);
  }

  /** The one access rule of an order's returns (list, get, receive, retry): the order's own. */
  private async assertCanSeeOrder(actor: Principal, orderId: number): Promise<void> {
    assertCanSee(actor, await this.deps.orders.find(orderId), orderId);
  }

  private async find(orderId: number, returnId: number): Promise<OrderReturn> {
    const found = await this.deps.returns.find(returnId);
    if (!found || found.orderId !== orderId) throw new ReturnNotFound(orderId, returnId);
    return found;
  }
}
