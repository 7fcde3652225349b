import type { Tracer } from '@opentelemetry/api';
import { reachPostgres, type Pool, type PoolClient } from '../db/pool.js';
import { traceQueries } from '../db/tracing.js';
import type { NewOrderEvent, OrderEvent } from './events.js';
import type { Money } from './money.js';
import type { Order, OrderStatus } from './order.js';
import * as queries from './queries.queries.js';

type OrderRow = queries.IFindOrderResult;
/** A pool for one-off statements, or a client inside a transaction. */
type Queryable = Pool | PoolClient;

function toOrder(row: OrderRow): Order {
  return {
    // BIGINT arrives as a string; ids stay far below 2^53, where a JS number is exact.
    id: Number(row.id),
    customerId: Number(row.customer_id),
    status: row.status,
    totalAmount: row.total_amount as Money,
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
  constructor(
    private readonly pool: Pool,
    /** When tracing is on, every statement becomes a span. */
    private readonly tracer?: Tracer,
  ) {}

  /** Runs `work` inside `db`'s transaction, or on the pool. */
  private run<T>(work: (db: Queryable) => Promise<T>, db: Queryable = this.pool): Promise<T> {
    const target = this.tracer ? (traceQueries(db, this.tracer) as Queryable) : db;
    return reachPostgres(() => work(target));
  }

  insert(input: { customerId: number; totalAmount: Money }, db?: Queryable): Promise<Order> {
    return this.run(async (q) => {
      const [row] = await queries.insertOrder.run(input, q);
      return toOrder(row!);
    }, db);
  }

  find(id: number, db?: Queryable): Promise<Order | undefined> {
    return this.run(async (q) => {
      const [row] = await queries.findOrder.run({ id }, q);
      return row && toOrder(row);
    }, db);
  }

  /** Reads the order and locks its row until the surrounding transaction ends. */
  lock(id: number, db: PoolClient): Promise<Order | undefined> {
    return this.run(async (q) => {
      const [row] = await queries.lockOrder.run({ id }, q);
      return row && toOrder(row);
    }, db);
  }

  update(id: number, changes: { status: OrderStatus; totalAmount: Money }, db?: Queryable): Promise<Order | undefined> {
    return this.run(async (q) => {
      const [row] = await queries.updateOrder.run({ id, ...changes }, q);
      return row && toOrder(row);
    }, db);
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
    by: { source: OrderEvent['source']; details?: Record<string, unknown> },
    db?: Queryable,
  ): Promise<Order | undefined> {
    return this.run(async (q) => {
      const [row] = await queries.transitionOrder.run(
        { id, to, allowedFrom, eventSource: by.source, eventDetails: (by.details ?? {}) as queries.Json },
        q,
      );
      return row && toOrder(row);
    }, db);
  }

  appendEvent(orderId: number, event: NewOrderEvent, db?: Queryable): Promise<void> {
    return this.run(async (q) => {
      await queries.appendOrderEvent.run({ orderId, type: event.type, source: event.source, details: event.details as queries.Json }, q);
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

  delete(id: number, db?: Queryable): Promise<boolean> {
    return this.run(async (q) => (await queries.deleteOrder.run({ id }, q)).length > 0, db);
  }

  list(filter: { after: number; limit: number; customerId?: number; status?: OrderStatus }): Promise<OrderPage> {
    return this.run(async (q) => {
      // One extra row tells whether another page follows without a COUNT.
      const rows = await queries.listOrders.run({ ...filter, limit: filter.limit + 1 }, q);
      const orders = rows.slice(0, filter.limit).map(toOrder);
      return { orders, nextAfter: rows.length > filter.limit ? orders.at(-1)!.id : undefined };
    });
  }
}
