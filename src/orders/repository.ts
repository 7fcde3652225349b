import type { Tracer } from '@opentelemetry/api';
import type { Pool, PoolClient } from '../db/pool.js';
import { type Queryable, queryRunner, type QueryRunner } from '../db/query-runner.js';
import type { NewOrderEvent, OrderEvent } from './events.js';
import type { SagaStage } from './messages.js';
import type { Money } from '../shared/money.js';
import { ORDER_STATUSES, type Order, type OrderItem, type OrderShipment, type OrderStatus } from './order.js';
import * as queries from './queries.queries.js';
import { addressFromJson, addressToJson, type ShippingAddress, type ShippingAddressJson } from '../shipping/address.js';

/** The columns every order query returns (items come aggregated with reads, separately otherwise; shipments with find()). */
type OrderRow = Omit<queries.IFindOrderResult, 'items' | 'shipments'>;

/** A step's mark on the order's progress (src/orders/steps/). */
export interface ProgressMark {
  stage?: SagaStage;
  completedStep?: string;
  cancellable?: boolean;
  reviewDeadline?: Date;
  authorizationExpiresAt?: Date;
}

const itemsOf = (json: unknown): OrderItem[] =>
  (json as { sku: string; quantity: number; unit_price: string }[]).map((item) => ({
    sku: item.sku,
    quantity: item.quantity,
    unitPrice: item.unit_price as Money,
  }));

const shipmentsOf = (json: unknown): OrderShipment[] =>
  (
    json as { id: number; location: string | null; carrier: string; tracking_number: string; status: OrderShipment['status']; items: OrderShipment['items'] }[]
  ).map((shipment) => ({
    id: Number(shipment.id),
    location: shipment.location,
    carrier: shipment.carrier,
    trackingNumber: shipment.tracking_number,
    status: shipment.status,
    items: shipment.items.map(({ sku, quantity }) => ({ sku, quantity })),
  }));

function toOrder(row: OrderRow, items: OrderItem[]): Order {
  return {
    // BIGINT arrives as a string; ids stay far below 2^53, where a JS number is exact.
    id: Number(row.id),
    customerId: Number(row.customer_id),
    status: row.status,
    statusReason: row.status_reason,
    totalAmount: row.total_amount as Money,
    paymentMethod: row.payment_method,
    items,
    shippingAddress: row.shipping_address ? addressFromJson(row.shipping_address as unknown as ShippingAddressJson) : null,
    deliveredAt: row.delivered_at,
    refundedAmount: row.refunded_amount as Money,
    progress: {
      stage: row.stage,
      completedSteps: row.completed_steps,
      cancellable: row.cancellable,
      ...(row.review_deadline ? { reviewDeadline: row.review_deadline.getTime() } : {}),
      ...(row.authorization_expires_at ? { authorizationExpiresAt: row.authorization_expires_at.getTime() } : {}),
    },
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface OrderPage {
  orders: Order[];
  /** The `after` cursor of the next page, when this page was full. */
  nextAfter: number | undefined;
}

/** Typed access to the orders table over the queries generated from queries.sql. */
export class OrderRepository {
  private readonly run: QueryRunner;

  constructor(
    pool: Pool,
    /** When tracing is on, every statement becomes a span. */
    tracer?: Tracer,
  ) {
    this.run = queryRunner(pool, tracer);
  }

  /**
   * A new order's id, before the order exists: its workflow is started under it, and the row is
   * inserted with it afterwards. The sequence never hands a value out twice, so an id whose order
   * was never inserted stays unused for ever.
   */
  reserveId(): Promise<number> {
    return this.run(async (q) => Number((await queries.reserveOrderId.run(undefined as never, q))[0]!.id));
  }

  /**
   * Inserts the order (under an id from reserveId), its items and its `order.created` event, inside
   * a transaction: it holds the id's lock until COMMIT, so its workflow cannot declare the id
   * abandoned meanwhile. Undefined when the workflow already did (the create took too long); the
   * caller then rolls back.
   */
  insert(
    input: { id: number; customerId: number; totalAmount: Money; paymentMethod: string; items: OrderItem[]; shippingAddress?: ShippingAddress | null },
    created: NewOrderEvent,
    db: PoolClient,
  ): Promise<Order | undefined> {
    return this.run(async (q) => {
      // A separate statement: the insert's snapshot must be taken after the lock is granted.
      await queries.lockOrderId.run({ id: input.id }, q);
      const shippingAddress = input.shippingAddress ? JSON.stringify(addressToJson(input.shippingAddress)) : null;
      const items = JSON.stringify(
        input.items.map((item, index) => ({ line_no: index + 1, sku: item.sku, quantity: item.quantity, unit_price: item.unitPrice })),
      );
      const [row] = await queries.insertOrder.run(
        { ...input, shippingAddress, items, eventType: created.type, eventSource: created.source, eventDetails: created.details as queries.Json },
        q,
      );
      return row && toOrder(row, input.items);
    }, db);
  }

  /**
   * The workflow's conclusion that its order will never exist: waits for any create of this id to
   * end, then records the id as abandoned unless the order is there. True when it was abandoned.
   */
  abandonId(id: number, db: PoolClient): Promise<boolean> {
    return this.run(async (q) => {
      await queries.lockOrderIdExclusively.run({ id }, q);
      return (await queries.abandonOrderId.run({ id }, q)).length > 0;
    }, db);
  }

  find(id: number, db?: Queryable): Promise<Order | undefined> {
    return this.run(async (q) => {
      const [row] = await queries.findOrder.run({ id }, q);
      return row && { ...toOrder(row, itemsOf(row.items)), shipments: shipmentsOf(row.shipments) };
    }, db);
  }

  /** Reads the order and locks its row until the surrounding transaction ends. */
  lock(id: number, db: PoolClient): Promise<Order | undefined> {
    return this.run(async (q) => {
      const [row] = await queries.lockOrder.run({ id }, q);
      return row && (await this.withItems([row], q))[0];
    }, db);
  }

  update(id: number, changes: { status: OrderStatus; totalAmount: Money }, db?: Queryable): Promise<Order | undefined> {
    return this.run(async (q) => {
      const [row] = await queries.updateOrder.run({ id, ...changes }, q);
      return row && (await this.withItems([row], q))[0];
    }, db);
  }

  /**
   * An edit: the new lines, total and (when given) address, on the version it was made on only.
   * The new version, or undefined when the order is no longer at `expectedVersion`.
   */
  applyEdit(
    id: number,
    edit: { expectedVersion: number; totalAmount: Money; items?: OrderItem[]; shippingAddress?: ShippingAddress },
    db: PoolClient,
  ): Promise<number | undefined> {
    return this.run(async (q) => {
      const shippingAddress = edit.shippingAddress ? JSON.stringify(addressToJson(edit.shippingAddress)) : null;
      const [row] = await queries.applyOrderEdit.run({ id, expectedVersion: edit.expectedVersion, totalAmount: edit.totalAmount, shippingAddress }, q);
      if (!row) return undefined;
      if (edit.items) {
        await queries.deleteOrderItems.run({ orderId: id }, q);
        await queries.insertOrderItems.run({ items: edit.items.map((item, index) => ({ orderId: id, lineNo: index + 1, ...item })) }, q);
      }
      return row.version;
    }, db);
  }

  /** The version the edit recorded under `dedupeKey` made, if it was applied. */
  editVersion(orderId: number, dedupeKey: string, db: PoolClient): Promise<number | undefined> {
    return this.run(async (q) => (await queries.findEditVersion.run({ orderId, dedupeKey }, q))[0]?.version, db);
  }

  /** Items change only by an edit, under the order's row lock: one query per page of orders is enough. */
  private async withItems(rows: OrderRow[], q: Queryable): Promise<Order[]> {
    if (rows.length === 0) return [];
    const itemRows = await queries.findOrderItems.run({ orderIds: rows.map((row) => row.id) }, q);
    const byOrder = new Map<string, OrderItem[]>();
    for (const item of itemRows) {
      const list = byOrder.get(item.order_id) ?? [];
      list.push({ sku: item.sku, quantity: item.quantity, unitPrice: item.unit_price as Money });
      byOrder.set(item.order_id, list);
    }
    return rows.map((row) => toOrder(row, byOrder.get(row.id) ?? []));
  }

  /**
   * Moves the order to `to` only if its current status is one of `allowedFrom`, recording an
   * `order.status_changed` event (from, to, and `details`) in the same statement; undefined (and no
   * event) otherwise.
   */
  transition(
    id: number,
    to: OrderStatus,
    allowedFrom: OrderStatus[],
    by: { source: OrderEvent['source']; reason?: string; details?: Record<string, unknown> },
    db?: Queryable,
  ): Promise<Order | undefined> {
    return this.run(async (q) => {
      const [row] = await queries.transitionOrder.run(
        { id, to, allowedFrom, reason: by.reason ?? null, eventSource: by.source, eventDetails: (by.details ?? {}) as queries.Json },
        q,
      );
      return row && (await this.withItems([row], q))[0];
    }, db);
  }

  /**
   * Appends an event. With a `dedupeKey` (activities derive one from their workflow step) a second
   * append of the same key is ignored, so an activity that runs twice records its event once.
   */
  /** Everything captured went back (the saga's refund compensation). */
  recordFullRefund(orderId: number, db?: Queryable): Promise<void> {
    return this.run(async (q) => void (await queries.recordFullRefund.run({ id: orderId }, q)), db);
  }

  appendEvent(orderId: number, event: NewOrderEvent, db?: Queryable, dedupeKey?: string): Promise<void> {
    return this.run(async (q) => {
      await queries.appendOrderEvent.run(
        { orderId, type: event.type, source: event.source, details: event.details as queries.Json, dedupeKey: dedupeKey ?? null },
        q,
      );
    }, db);
  }

  /** Records a step's progress; in the step's transaction when it writes an event too. */
  recordProgress(orderId: number, mark: ProgressMark, db?: Queryable): Promise<void> {
    return this.run(async (q) => {
      await queries.recordProgress.run(
        {
          id: orderId,
          stage: mark.stage ?? null,
          completedStep: mark.completedStep ?? null,
          cancellable: mark.cancellable ?? null,
          reviewDeadline: mark.reviewDeadline ?? null,
          authorizationExpiresAt: mark.authorizationExpiresAt ?? null,
        },
        q,
      );
    }, db);
  }

  listEvents(orderId: number, page: { after: number; limit: number }): Promise<OrderEvent[]> {
    return this.run(async (q) => {
      const rows = await queries.listOrderEvents.run({ orderId, ...page }, q);
      return rows.map((row) => ({
        id: Number(row.id),
        orderId: Number(row.order_id),
        type: row.type as OrderEvent['type'],
        source: row.source as OrderEvent['source'],
        details: row.details as Record<string, unknown>,
        createdAt: row.created_at,
      }));
    });
  }

  /** How many other orders the order's customer placed within `withinSeconds` before it (a fraud signal). */
  countOrdersBefore(orderId: number, withinSeconds: number, db?: Queryable): Promise<number> {
    return this.run(async (q) => (await queries.countRecentOrdersOfCustomer.run({ orderId, withinSeconds }, q))[0]!.count, db);
  }

  /** Every line of the order left with the carrier in full. */
  markItemsShipped(orderId: number, db?: Queryable): Promise<void> {
    return this.run(async (q) => void (await queries.markItemsShipped.run({ orderId }, q)), db);
  }

  /** What was shipped was delivered, at `deliveredAt` (the first time reported stays). */
  markDelivered(orderId: number, deliveredAt: Date, db?: Queryable): Promise<void> {
    return this.run(async (q) => void (await queries.markDelivered.run({ orderId, deliveredAt: deliveredAt.toISOString() }, q)), db);
  }

  /** Version 5: the units of each line whose parcels arrived (summed over them), and the order's delivered_at once. */
  markLinesDelivered(orderId: number, lines: { sku: string; quantity: number }[], deliveredAt: Date, db?: Queryable): Promise<void> {
    if (lines.length === 0) return Promise.resolve();
    return this.run(
      async (q) =>
        void (await queries.markLinesDelivered.run(
          { orderId, skus: lines.map((line) => line.sku), quantities: lines.map((line) => line.quantity), deliveredAt: deliveredAt.toISOString() },
          q,
        )),
      db,
    );
  }

  /**
   * Version 5: one parcel's part went back (a partial refund of the capture): its `payment.refunded`
   * event and refunded_amount, once per `dedupeKey`. True when it was recorded now.
   */
  recordParcelRefund(orderId: number, refund: { amount: Money; details: Record<string, unknown>; dedupeKey: string }, db?: Queryable): Promise<boolean> {
    return this.run(
      async (q) =>
        (await queries.recordParcelRefund.run({ orderId, amount: refund.amount, details: refund.details as queries.Json, dedupeKey: refund.dedupeKey }, q))
          .length > 0,
      db,
    );
  }

  /** The units of each line that left with the carrier. */
  shippedItems(orderId: number, db?: Queryable): Promise<{ sku: string; quantity: number }[]> {
    return this.run(async (q) => (await queries.findShippedItems.run({ orderId }, q)).map((row) => ({ sku: row.sku, quantity: row.shipped_quantity })), db);
  }

  /** Version 6's parcels, once handed over: their in-transit reports are recorded on the timeline by the API (src/orders/parcel-reports.ts). */
  markInTransitOnTimeline(orderId: number, db: PoolClient): Promise<void> {
    return this.run(async (q) => void (await queries.markInTransitOnTimeline.run({ orderId }, q)), db);
  }

  /** Locks the order for a report about one of its parcels; undefined when the parcel is not this order's. */
  lockForParcelReport(
    orderId: number,
    shipmentId: string,
    db: PoolClient,
  ): Promise<{ status: OrderStatus; stage: SagaStage; inTransitOnTimeline: boolean } | undefined> {
    return this.run(async (q) => {
      const [row] = await queries.lockOrderForParcelReport.run({ orderId, shipmentId }, q);
      return row && { status: row.status as OrderStatus, stage: row.stage, inTransitOnTimeline: row.in_transit_on_timeline };
    }, db);
  }

  /** Per parcel heard of, how long ago (by the database's clock) its carrier last reported. */
  carrierSilences(shipmentIds: string[], db: PoolClient): Promise<Map<string, number>> {
    return this.run(async (q) => {
      const rows = await queries.lastCarrierReports.run({ shipmentIds }, q);
      return new Map(rows.map((row) => [String(row.shipment_id), row.now.getTime() - row.last_report_at.getTime()]));
    }, db);
  }

  /** A return of the order not yet refunded, rejected or expired, if any (the first). */
  openReturn(orderId: number, db?: Queryable): Promise<{ id: number; status: string } | undefined> {
    return this.run(async (q) => {
      const [row] = await queries.findOpenReturn.run({ orderId }, q);
      return row && { id: Number(row.id), status: row.status };
    }, db);
  }

  /** False when the order is gone or a return of it is still in flight (the statement checks it too). */
  delete(id: number, db?: Queryable): Promise<boolean> {
    return this.run(async (q) => (await queries.deleteOrder.run({ id }, q)).length > 0, db);
  }

  /** Orders per status, from the summary the triggers of migration 0011 maintain (never a scan of orders). */
  countByStatus(): Promise<Record<OrderStatus, number>> {
    return this.run(async (q) => {
      const counts = Object.fromEntries(ORDER_STATUSES.map((status) => [status, 0])) as Record<OrderStatus, number>;
      for (const row of await queries.countOrdersByStatus.run(undefined, q)) if (row.status) counts[row.status] = Number(row.count);
      return counts;
    });
  }

  /** Orders awaiting review, the nearest deadline first. */
  reviewQueue(limit: number): Promise<Order[]> {
    return this.run(async (q) => (await queries.listReviewQueue.run({ limit }, q)).map((row) => toOrder(row, itemsOf(row.items))));
  }

  list(filter: { after: number; limit: number; customerId?: number; status?: OrderStatus; stage?: SagaStage }): Promise<OrderPage> {
    return this.run(async (q) => {
      // One extra row tells whether another page follows without a COUNT.
      const rows = await queries.listOrders.run({ ...filter, limit: filter.limit + 1 }, q);
      const orders = rows.slice(0, filter.limit).map((row) => toOrder(row, itemsOf(row.items)));
      return { orders, nextAfter: rows.length > filter.limit ? orders.at(-1)!.id : undefined };
    });
  }
}
