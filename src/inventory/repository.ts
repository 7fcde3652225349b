import type { Tracer } from '@opentelemetry/api';
import type { Pool, PoolClient } from '../db/pool.js';
import { type Queryable, queryRunner, type QueryRunner } from '../db/query-runner.js';
import { OutOfStock } from '../shared/errors.js';
import * as queries from './queries.queries.js';
import type { Reservation, Stock, StockMovement, StockQuantity } from './stock.js';

/** One line per SKU (a request may list a SKU twice; the ledger's key is per SKU). */
function mergeBySku(items: readonly StockQuantity[]): StockQuantity[] {
  const bySku = new Map<string, number>();
  for (const { sku, quantity } of items) bySku.set(sku, (bySku.get(sku) ?? 0) + quantity);
  return [...bySku].sort(([a], [b]) => (a < b ? -1 : 1)).map(([sku, quantity]) => ({ sku, quantity }));
}

const toStock = (row: queries.IFindStockResult): Stock => ({ sku: row.sku, onHand: row.on_hand, reserved: row.reserved, updatedAt: row.updated_at });

/** Stock levels and the reservation rows that hold units for orders. */
export class InventoryRepository {
  private readonly run: QueryRunner;

  constructor(
    pool: Pool,
    /** When tracing is on, every statement becomes a span. */
    tracer?: Tracer,
  ) {
    this.run = queryRunner(pool, tracer);
  }

  find(sku: string, db?: Queryable): Promise<Stock | undefined> {
    return this.run(async (q) => {
      const [row] = await queries.findStock.run({ sku }, q);
      return row && toStock(row);
    }, db);
  }

  lock(sku: string, db: PoolClient): Promise<Stock | undefined> {
    return this.run(async (q) => {
      const [row] = await queries.lockStock.run({ sku }, q);
      return row && toStock(row);
    }, db);
  }

  /** Creates the SKU or sets its on-hand count (the caller checks it stays at or above `reserved`). */
  set(sku: string, onHand: number, db?: Queryable): Promise<Stock> {
    return this.run(async (q) => toStock((await queries.setStock.run({ sku, onHand }, q))[0]!), db);
  }

  /** A page of stock levels in SKU order, after the SKU `after` ('' for the first page). */
  list(page: { after: string; limit: number }): Promise<Stock[]> {
    return this.run(async (q) => (await queries.listStock.run(page, q)).map(toStock));
  }

  /** The SKUs among `skus` that exist. */
  known(skus: string[], db?: Queryable): Promise<Set<string>> {
    return this.run(async (q) => new Set((await queries.knownSkus.run({ skus }, q)).map((row) => row.sku)), db);
  }

  /**
   * Reserves every item for the order, or none (run it in a transaction: OutOfStock rolls the
   * others back). The hold is a conditional UPDATE: of two orders racing for the last unit, the
   * second re-reads the row once the first commits and no longer matches. SKUs are taken in one
   * order so that two orders cannot deadlock. Returns false when the order already has
   * reservations (a retried activity), which are then left as they are, even if released.
   */
  async reserve(orderId: number, items: { sku: string; quantity: number }[], tx: PoolClient): Promise<boolean> {
    return this.run(async (q) => {
      const [existing] = await queries.countReservations.run({ orderId }, q);
      if (existing!.count > 0) return false;
      for (const item of [...items].sort((a, b) => (a.sku < b.sku ? -1 : 1))) {
        const held = await queries.holdStock.run(item, q);
        if (held.length === 0) {
          const [stock] = await queries.findStock.run({ sku: item.sku }, q);
          throw new OutOfStock(item.sku, item.quantity, stock ? stock.on_hand - stock.reserved : 0);
        }
        await queries.insertReservation.run({ orderId, ...item }, q);
      }
      return true;
    }, tx);
  }

  /**
   * An edit's stock difference for one order: positive deltas are held (OutOfStock when the shelf
   * cannot cover them), negative ones go back. Run it in a transaction with the edit, so a refusal
   * moves nothing; SKUs in one order, as reserve() takes them, so two orders cannot deadlock.
   */
  async adjust(orderId: number, diff: readonly { sku: string; delta: number }[], tx: PoolClient): Promise<void> {
    await this.run(async (q) => {
      for (const { sku, delta } of [...diff].sort((a, b) => (a.sku < b.sku ? -1 : 1))) {
        if (delta > 0) {
          if ((await queries.holdStock.run({ sku, quantity: delta }, q)).length === 0) {
            const [stock] = await queries.findStock.run({ sku }, q);
            throw new OutOfStock(sku, delta, stock ? stock.on_hand - stock.reserved : 0);
          }
          if ((await queries.growReservation.run({ orderId, sku, quantity: delta }, q)).length === 0) throw new Error(`order ${orderId}: ${sku} already left`);
        } else if (delta < 0) {
          if ((await queries.shrinkReservation.run({ orderId, sku, quantity: -delta }, q)).length === 0)
            throw new Error(`order ${orderId} holds fewer ${sku} than it gives back`);
        }
      }
    }, tx);
  }

  /** Releases the order's held units; idempotent, and it only ever touches this order's rows. */
  release(orderId: number, db?: Queryable): Promise<{ sku: string; quantity: number }[]> {
    return this.run(async (q) => (await queries.releaseReservations.run({ orderId }, q)).map((row) => ({ sku: row.sku, quantity: row.quantity })), db);
  }

  /** After a release: marks every SKU of the order as settled, so no late reserve can hold it again. */
  closeReservations(orderId: number, items: { sku: string; quantity: number }[], db?: Queryable): Promise<void> {
    if (items.length === 0) return Promise.resolve();
    return this.run(async (q) => {
      await queries.closeReservations.run({ items: items.map(({ sku, quantity }) => ({ orderId, sku, quantity, status: 'released' })) }, q);
    }, db);
  }

  /** The goods left with the carrier: held units come off the shelf. Idempotent. */
  consume(orderId: number, db?: Queryable): Promise<{ sku: string; quantity: number }[]> {
    return this.run(async (q) => (await queries.consumeReservations.run({ orderId }, q)).map((row) => ({ sku: row.sku, quantity: row.quantity })), db);
  }

  /**
   * Puts goods back on the shelf: one `restock` movement per SKU in the append-only ledger
   * (stock_movements) and on_hand up by the same, in one statement. Posted once per (source, sku):
   * a retry, a duplicate carrier event or a second receive of the same return adds nothing. `source`
   * names the cause, e.g. 'order-12/returned_to_sender' or 'return-5'. Returns what was posted now
   * (empty when it had been already). Quantities must be positive whole numbers; SKUs must exist.
   */
  restock(source: string, items: readonly StockQuantity[], db?: Queryable): Promise<StockQuantity[]> {
    const movements = mergeBySku(items).map(({ sku, quantity }) => ({ sku, quantity, kind: 'restock', source }));
    if (movements.some((m) => !Number.isInteger(m.quantity) || m.quantity <= 0)) throw new RangeError('restock: quantities must be positive whole numbers');
    if (movements.length === 0) return Promise.resolve([]);
    return this.run(async (q) => (await queries.postStockMovements.run({ movements }, q)).map((row) => ({ sku: row.sku, quantity: row.quantity })), db);
  }

  /** The ledger's movements of one source, oldest first. */
  movements(source: string, db?: Queryable): Promise<StockMovement[]> {
    return this.run(
      async (q) =>
        (await queries.listStockMovements.run({ source }, q)).map((row) => ({
          sku: row.sku,
          quantity: row.quantity,
          kind: row.kind,
          source: row.source,
          createdAt: row.created_at,
        })),
      db,
    );
  }

  reservations(orderId: number, db?: Queryable): Promise<Reservation[]> {
    return this.run(
      async (q) => (await queries.listReservations.run({ orderId }, q)).map((row) => ({ sku: row.sku, quantity: row.quantity, status: row.status })),
      db,
    );
  }
}
