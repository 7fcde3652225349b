import type { Tracer } from '@opentelemetry/api';
import type { Pool, PoolClient } from '../db/pool.js';
import { type Queryable, queryRunner, type QueryRunner } from '../db/query-runner.js';
import type { Money } from '../shared/money.js';
import * as queries from './queries.queries.js';
import type { OrderReturn, ReturnLine, ReturnStatus } from './return.js';

type ReturnRow = queries.IFindReturnResult;

function toReturn(row: ReturnRow): OrderReturn {
  const lines = row.items as {
    line_no: number;
    sku: string;
    quantity: number;
    received_quantity: number | null;
    resellable_quantity: number | null;
    refund_amount: string | null;
  }[];
  return {
    id: Number(row.id),
    orderId: Number(row.order_id),
    status: row.status as ReturnStatus,
    reason: row.reason,
    requestedBy: row.requested_by,
    labelTrackingNumber: row.label_tracking_number,
    refundAmount: row.refund_amount as Money | null,
    items: lines.map((line): ReturnLine => ({
      lineNo: line.line_no,
      sku: line.sku,
      quantity: line.quantity,
      receivedQuantity: line.received_quantity,
      resellableQuantity: line.resellable_quantity,
      refundAmount: line.refund_amount as Money | null,
    })),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Typed access to returns, their lines and the per-line return quantities of order_items. */
export class ReturnRepository {
  private readonly run: QueryRunner;

  constructor(pool: Pool, tracer?: Tracer) {
    this.run = queryRunner(pool, tracer);
  }

  /** The order, locked against other returns of it, and whether it was delivered within `windowSeconds`. */
  lockOrder(orderId: number, windowSeconds: number, tx: PoolClient) {
    return this.run(async (q) => (await queries.lockOrderForReturn.run({ orderId, windowSeconds }, q))[0], tx);
  }

  returnableLines(orderId: number, tx: PoolClient) {
    return this.run(async (q) => queries.listReturnableLines.run({ orderId }, q), tx);
  }

  /** Inserts the return with its lines and authorizes their units on the order's lines. */
  insert(
    input: { orderId: number; reason: string; requestedBy: string; lines: { lineNo: number; sku: string; quantity: number }[] },
    tx: PoolClient,
  ): Promise<number> {
    // Order lines in line order, as every other writer of them takes them (a receipt, a refund): two
    // transactions taking the same rows in the same order cannot deadlock.
    const lines = [...input.lines].sort((a, b) => a.lineNo - b.lineNo);
    return this.run(async (q) => {
      const [row] = await queries.insertReturn.run(input, q);
      const returnId = Number(row!.id);
      await queries.lockReturnId.run({ id: returnId }, q);
      for (const line of lines) {
        await queries.insertReturnItem.run({ returnId, orderId: input.orderId, ...line }, q);
        await queries.authorizeReturnUnits.run({ orderId: input.orderId, lineNo: line.lineNo, quantity: line.quantity }, q);
      }
      return returnId;
    }, tx);
  }

  /**
   * The return, once the transaction that created it has ended (its workflow starts just before that
   * COMMIT): undefined means it never will exist, not that it is not visible yet. A wait beyond
   * `lockWait` fails (retryably) rather than hold a connection for as long as the create takes.
   */
  findCommitted(id: number, lockWait: string, tx: PoolClient): Promise<OrderReturn | undefined> {
    return this.run(async (q) => {
      await queries.boundLockWait.run({ timeout: lockWait }, q);
      await queries.lockReturnIdExclusively.run({ id }, q);
      const [row] = await queries.findReturn.run({ id }, q);
      return row && toReturn(row);
    }, tx);
  }

  find(id: number, db?: Queryable): Promise<OrderReturn | undefined> {
    return this.run(async (q) => {
      const [row] = await queries.findReturn.run({ id }, q);
      return row && toReturn(row);
    }, db);
  }

  /** The return whose label has this tracking number, if any. */
  idByLabel(trackingNumber: string): Promise<number | undefined> {
    return this.run(async (q) => {
      const [row] = await queries.findReturnIdByLabel.run({ trackingNumber }, q);
      return row && Number(row.id);
    });
  }

  listOfOrder(orderId: number): Promise<OrderReturn[]> {
    return this.run(async (q) => (await queries.listReturnsOfOrder.run({ orderId }, q)).map(toReturn));
  }

  /** A page of every order's returns, by id; `nextAfter` when another may follow. */
  list(filter: { after: number; limit: number; status?: ReturnStatus }): Promise<{ returns: OrderReturn[]; nextAfter?: number }> {
    return this.run(async (q) => {
      // One extra row tells whether another page follows without a COUNT.
      const page = { after: filter.after, limit: filter.limit + 1 };
      const rows = filter.status ? await queries.listReturnsInStatus.run({ ...page, status: filter.status }, q) : await queries.listReturns.run(page, q);
      const returns = rows.slice(0, filter.limit).map(toReturn);
      return rows.length > filter.limit ? { returns, nextAfter: returns.at(-1)!.id } : { returns };
    });
  }

  /** Moves the return from one of `from` to `to`; false when it was not in `from` (a retry, or another step first). */
  move(id: number, from: ReturnStatus[], to: ReturnStatus, db: Queryable, trackingNumber?: string): Promise<boolean> {
    return this.run(async (q) => (await queries.moveReturn.run({ id, from, to, trackingNumber }, q)).length > 0, db);
  }

  /** Records one line's receipt (once) and moves its units on the order line from authorized to received. */
  recordReceived(returnId: number, line: { lineNo: number; received: number; resellable: number }, tx: PoolClient): Promise<void> {
    return this.run(async (q) => {
      const [recorded] = await queries.recordReceivedLine.run({ returnId, ...line }, q);
      if (!recorded) return;
      await queries.applyReceivedToOrderLine.run(
        { orderId: recorded.order_id, lineNo: line.lineNo, received: line.received, authorized: recorded.quantity },
        q,
      );
    }, tx);
  }

  /** Gives a return's units back to what may still be returned (it was rejected or expired). */
  releaseUnits(returnId: number, tx: PoolClient): Promise<void> {
    return this.run(async (q) => void (await queries.releaseRejectedUnits.run({ returnId }, q)), tx);
  }

  lock(id: number, tx: PoolClient) {
    return this.run(async (q) => (await queries.lockReturn.run({ id }, q))[0], tx);
  }

  lockLinesToRefund(returnId: number, tx: PoolClient) {
    return this.run(async (q) => queries.lockLinesOfReturn.run({ returnId }, q), tx);
  }

  /** Fixes what each line and the whole return refund, and counts the units as refunded on the order lines. */
  fixRefund(returnId: number, orderId: number, lines: { lineNo: number; units: number; amount: Money }[], total: Money, tx: PoolClient): Promise<void> {
    return this.run(async (q) => {
      for (const line of lines) {
        await queries.fixLineRefund.run({ returnId, lineNo: line.lineNo, amount: line.amount }, q);
        if (line.units > 0) await queries.addRefundedUnits.run({ orderId, lineNo: line.lineNo, units: line.units }, q);
      }
      await queries.fixReturnRefund.run({ id: returnId, amount: total }, q);
    }, tx);
  }

  /** Marks the return refunded and adds its amount to the order's refunded total, once. */
  markRefunded(returnId: number, refundId: string | null, tx: PoolClient): Promise<{ orderId: number; amount: Money } | undefined> {
    return this.run(async (q) => {
      const [row] = await queries.markReturnRefunded.run({ id: returnId, refundId }, q);
      if (!row) return undefined;
      await queries.addToOrderRefunded.run({ orderId: row.order_id, amount: row.refund_amount! }, q);
      return { orderId: Number(row.order_id), amount: row.refund_amount as Money };
    }, tx);
  }

  resellable(returnId: number, db?: Queryable): Promise<{ sku: string; quantity: number }[]> {
    return this.run(async (q) => (await queries.resellableOfReturn.run({ returnId }, q)).map((row) => ({ sku: row.sku, quantity: row.quantity })), db);
  }
}
