/**
 * The activities of ReturnWorkflow. Each is idempotent: a step that runs twice (a retry after a
 * lost reply) finds its own work done, and records its event once (keyed by the return and step).
 * Dependencies run one way: returns use orders (the timeline), inventory (the stock ledger),
 * payments and the carrier's return labels; none of them knows returns.
 */
import { activityInfo, log } from '@temporalio/activity';
import { inTransaction, type Pool, type PoolClient } from '../db/pool.js';
import type { InventoryRepository } from '../inventory/repository.js';
import { stepEvent } from '../orders/events.js';
import { orderWorkflowId } from '../orders/order.js';
import type { OrderRepository } from '../orders/repository.js';
import type { PaymentProvider } from '../payments/provider.js';
import { ReturnNeverCreated } from '../shared/errors.js';
import { amountOfUnits, fromCents, type Money, toCents } from '../shared/money.js';
import type { ReturnLabels } from '../shipping/return-labels.js';
import type { ReturnMetrics } from '../observability/metrics.js';
import { withHeartbeat } from '../temporal/heartbeat.js';
import type { ReturnRepository } from './repository.js';
import { type ReceivedUnits, refundKey, restockSource, type OrderReturn, returnWorkflowId } from './return.js';

export interface ReturnActivityDeps {
  pool: Pool;
  returns: ReturnRepository;
  orders: OrderRepository;
  inventory: InventoryRepository;
  payments: PaymentProvider;
  returnLabels: ReturnLabels;
  metrics: ReturnMetrics;
}

/** Attempts of findReturn that retry a missing return before concluding it never was (about 1.5 s). */
const UNLOCKED_CREATE_ATTEMPTS = 4;

/** Missing: not committed yet by an API that takes no lock, or gone after the workflow found it. Retryable. */
class ReturnNotFound extends Error {
  constructor(returnId: number) {
    super(`return ${returnId} not found`);
    this.name = 'ReturnNotFound';
  }
}

/** What each line refunds: its received units, continuing from the line's units refunded before. */
function refundOfLines(lines: Awaited<ReturnType<ReturnRepository['lockLinesToRefund']>>) {
  return lines.map((line) => {
    const units = line.received_quantity ?? 0;
    const lineTotal = fromCents(BigInt(line.quantity) * toCents(line.unit_price as Money));
    return { lineNo: line.line_no, units, amount: amountOfUnits(lineTotal, line.quantity, line.refunded_quantity, units) };
  });
}

export function createReturnActivities({ pool, returns, orders, inventory, payments, returnLabels, metrics }: ReturnActivityDeps) {
  /** Records `return.<step>` once per return, or once per `key` for a step that may happen more than once. */
  const event = (ret: { id: number; orderId: number }, step: string, details: Record<string, unknown>, tx?: PoolClient, key = step) =>
    orders.appendEvent(
      ret.orderId,
      stepEvent(`return.${step}` as Parameters<typeof stepEvent>[0], { return_id: ret.id, ...details }),
      tx,
      `${returnWorkflowId(ret.id)}/${key}`,
    );

  async function load(returnId: number, db?: PoolClient): Promise<OrderReturn> {
    const ret = await returns.find(returnId, db);
    if (!ret) throw new ReturnNotFound(returnId);
    return ret;
  }

  /** Fixes the refund's amount once, under the return's and its order lines' locks. */
  async function fixRefund(returnId: number): Promise<{ orderId: number; amount: Money }> {
    return inTransaction(pool, async (tx) => {
      const locked = await returns.lock(returnId, tx);
      if (!locked) throw new ReturnNotFound(returnId);
      const orderId = Number(locked.order_id);
      if (locked.refund_amount !== null) return { orderId, amount: locked.refund_amount as Money };
      const lines = refundOfLines(await returns.lockLinesToRefund(returnId, tx));
      const total = fromCents(lines.reduce((sum, line) => sum + toCents(line.amount), 0n));
      await returns.fixRefund(returnId, orderId, lines, total, tx);
      return { orderId, amount: total };
    });
  }

  return {
    /**
     * Waits for the create's transaction to end; a return it did not commit never will be (a
     * non-retryable refusal). The first attempts retry all the same: an API of the previous version,
     * during a rolling deploy, commits without taking the lock this waits on.
     */
    async findReturn({ returnId }: { returnId: number }): Promise<void> {
      // Within the workflow's 5 s per attempt, so a timed-out attempt holds no connection on.
      const found = await inTransaction(pool, (tx) => returns.findCommitted(returnId, '4s', tx));
      if (found) return;
      if (activityInfo().attempt < UNLOCKED_CREATE_ATTEMPTS) throw new ReturnNotFound(returnId);
      throw new ReturnNeverCreated(returnId);
    },

    /** The rule: a return that passed the request's checks (delivered, within the window, units left) is approved. */
    async approveReturn({ returnId }: { returnId: number }): Promise<void> {
      await inTransaction(pool, async (tx) => {
        const ret = await load(returnId, tx);
        if (await returns.move(returnId, ['requested'], 'approved', tx)) await event(ret, 'approved', { rule: 'within_return_window' }, tx);
      });
    },

    async issueReturnLabel({ returnId }: { returnId: number }): Promise<void> {
      const ret = await load(returnId);
      const parcels = ret.items.map(({ sku, quantity }) => ({ sku, quantity }));
      const label = await withHeartbeat(() => returnLabels.issue({ idempotencyKey: `${returnWorkflowId(returnId)}/label`, orderId: ret.orderId, parcels }));
      await inTransaction(pool, async (tx) => {
        if (await returns.move(returnId, ['approved'], 'awaiting_parcel', tx, label.trackingNumber)) {
          await event(ret, 'label_issued', { carrier: label.carrier, tracking_number: label.trackingNumber }, tx);
        }
      });
    },

    /** No parcel within the deadline: the return ends, and its units may be returned again. Once. */
    async expireReturn({ returnId, deadlineMs }: { returnId: number; deadlineMs: number }): Promise<void> {
      await inTransaction(pool, async (tx) => {
        const ret = await load(returnId, tx);
        if (!(await returns.move(returnId, ['awaiting_parcel'], 'expired', tx))) return;
        await returns.releaseUnits(returnId, tx);
        await event(ret, 'expired', { reason: 'no_parcel', deadline_seconds: Math.round(deadlineMs / 1000) }, tx);
      });
    },

    /** The carrier delivered the parcel to the warehouse: the return waits for its inspection. Once. */
    async recordParcelArrival({ returnId, eventId, occurredAt }: { returnId: number; eventId: string; occurredAt: string }): Promise<void> {
      await inTransaction(pool, async (tx) => {
        const ret = await load(returnId, tx);
        if (await returns.move(returnId, ['awaiting_parcel'], 'parcel_arrived', tx)) {
          await event(ret, 'parcel_arrived', { tracking_number: ret.labelTrackingNumber, event_id: eventId, occurred_at: occurredAt }, tx);
        }
      });
    },

    /**
     * Records what arrived, per line, and moves the return to received. The API lists every line; a
     * line left out (only in receipts accepted before it required them all) arrived in full, resellable.
     */
    async receiveReturn({ returnId, lines }: { returnId: number; lines: ReceivedUnits[] }): Promise<void> {
      await inTransaction(pool, async (tx) => {
        const ret = await load(returnId, tx);
        if (!(await returns.move(returnId, ['awaiting_parcel', 'parcel_arrived'], 'received', tx))) return;
        const bySku = new Map(lines.map((line) => [line.sku, line]));
        const received = ret.items.map((item) => {
          const found = bySku.get(item.sku);
          const count = Math.min(found?.received ?? item.quantity, item.quantity);
          return { lineNo: item.lineNo, sku: item.sku, received: count, resellable: Math.min(found?.resellable ?? count, count) };
        });
        for (const line of received) await returns.recordReceived(returnId, line, tx);
        await event(ret, 'received', { items: received.map(({ sku, received: r, resellable }) => ({ sku, received: r, resellable })) }, tx);
      });
    },

    /** Puts the resellable units back in stock: one movement per SKU in the ledger, posted once under `return-<id>`. */
    async restockReturn({ returnId }: { returnId: number }): Promise<void> {
      await inTransaction(pool, async (tx) => {
        const ret = await load(returnId, tx);
        const items = await returns.resellable(returnId, tx);
        const posted = await inventory.restock(restockSource(returnId), items, tx);
        if (posted.length > 0 || items.length === 0) await event(ret, 'restocked', { items: posted }, tx);
      });
    },

    /**
     * Refunds the received units: the amount is fixed once, then paid under the attempt's own key
     * (`return-<id>/refund` for the first, as ever; `…/refund/<attempt>` for an operator's retry,
     * whose event names them as its `actor`). A decline is the provider's PaymentDeclined, which
     * travels as a non-retryable failure.
     */
    async refundReturn({ returnId, attempt = 1, retriedBy }: { returnId: number; attempt?: number; retriedBy?: string }): Promise<void> {
      const { orderId, amount } = await fixRefund(returnId);
      const refund =
        toCents(amount) > 0n
          ? await withHeartbeat(() =>
              payments.refund({ idempotencyKey: refundKey(returnId, attempt), captureKey: `${orderWorkflowId(orderId)}/capture`, orderId, amount }),
            )
          : undefined;
      const retried = attempt > 1 ? { attempt, ...(retriedBy ? { actor: retriedBy } : {}) } : {};
      await inTransaction(pool, async (tx) => {
        if (await returns.markRefunded(returnId, refund?.refundId ?? null, tx)) {
          await event({ id: returnId, orderId }, 'refunded', { amount, ...(refund ? { refund_id: refund.refundId } : {}), ...retried }, tx);
        }
      });
    },

    /**
     * The provider declined refund attempt `attempt`: the return is `refund_failed`, and the timeline
     * says why and until when an operator may retry it, once per attempt. No money moved.
     */
    async recordRefundFailed(request: {
      returnId: number;
      attempt: number;
      reason: string;
      message: string;
      retryUntil: string;
      retriedBy?: string;
    }): Promise<void> {
      const { returnId, attempt, reason, message, retryUntil, retriedBy } = request;
      const recorded = await inTransaction(pool, async (tx) => {
        const ret = await load(returnId, tx);
        if (!(await returns.move(returnId, ['received', 'refund_failed'], 'refund_failed', tx))) return false;
        const details = { reason, message, attempt, amount: ret.refundAmount, retry_until: retryUntil, ...(retriedBy ? { actor: retriedBy } : {}) };
        await event(ret, 'refund_failed', details, tx, `refund_failed/${attempt}`);
        return true;
      });
      if (recorded) metrics.refundDeclined(reason);
      log.warn('return refund declined: an operator may retry it', { returnId, attempt, reason, retryUntil });
    },
  };
}

export type ReturnActivities = ReturnType<typeof createReturnActivities>;
