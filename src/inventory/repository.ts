import type { Tracer } from '@opentelemetry/api';
import type { Pool, PoolClient } from '../db/pool.js';
import { type Queryable, queryRunner, type QueryRunner } from '../db/query-runner.js';
import { OutOfStock } from '../shared/errors.js';
import { allocate, type Allocated, type LocationAvailability } from './allocation.js';
import * as queries from './queries.queries.js';
import { MAIN_LOCATION, type LocationStock, type Reservation, type Stock, type StockLocation, type StockMovement, type StockQuantity } from './stock.js';

/** One line per SKU (a request may list a SKU twice; the ledger's key is per SKU). */
function mergeBySku(items: readonly StockQuantity[]): StockQuantity[] {
  const bySku = new Map<string, number>();
  for (const { sku, quantity } of items) bySku.set(sku, (bySku.get(sku) ?? 0) + quantity);
  return [...bySku].sort(([a], [b]) => (a < b ? -1 : 1)).map(([sku, quantity]) => ({ sku, quantity }));
}

const toStock = (row: queries.IFindStockResult): Stock => ({ sku: row.sku, onHand: row.on_hand, reserved: row.reserved, updatedAt: row.updated_at });
const toLocationStock = (row: queries.IListSkuLocationStockResult): LocationStock => ({
  sku: row.sku,
  location: row.location,
  onHand: row.on_hand,
  reserved: row.reserved,
  updatedAt: row.updated_at,
});

/** What each locked location can still give, per SKU, for the allocation. */
function availability(rows: readonly queries.ILockLocationStockResult[]): LocationAvailability[] {
  const byLocation = new Map<string, { rank: number; available: Map<string, number> }>();
  for (const row of rows) {
    const entry = byLocation.get(row.location) ?? { rank: row.rank, available: new Map<string, number>() };
    entry.available.set(row.sku, row.on_hand - row.reserved);
    byLocation.set(row.location, entry);
  }
  return [...byLocation].map(([location, { rank, available }]) => ({ location, rank, available }));
}

/** Units per SKU, summed over locations, in SKU order (the shape of the timeline's stock events). */
function sumBySku(rows: readonly { sku: string; quantity: number }[]): StockQuantity[] {
  return mergeBySku(rows.map(({ sku, quantity }) => ({ sku, quantity })));
}

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

  /** Creates the SKU (at nothing) if it does not exist; true when it was created now. */
  create(sku: string, db: Queryable): Promise<boolean> {
    return this.run(async (q) => (await queries.createSku.run({ sku }, q)).length > 0, db);
  }

  /** Locks the SKU's location rows (in reserve()'s order) and returns them. */
  lockLocations(sku: string, db: PoolClient): Promise<{ location: string; onHand: number; reserved: number }[]> {
    return this.run(
      async (q) =>
        (await queries.lockLocationStock.run({ skus: [sku] }, q)).map((row) => ({ location: row.location, onHand: row.on_hand, reserved: row.reserved })),
      db,
    );
  }

  /** Sets the on-hand count at one location (the caller checks it stays at or above what is reserved there). */
  setAt(sku: string, location: string, onHand: number, db?: Queryable): Promise<LocationStock> {
    return this.run(async (q) => toLocationStock((await queries.setLocationStock.run({ sku, location, onHand }, q))[0]!), db);
  }

  /** The stock of these SKUs at each location that has a row for them, by SKU then rank. */
  byLocation(skus: string[], db?: Queryable): Promise<LocationStock[]> {
    if (skus.length === 0) return Promise.resolve([]);
    return this.run(async (q) => (await queries.listSkuLocationStock.run({ skus }, q)).map(toLocationStock), db);
  }

  /** Every stock location, in rank order. */
  locations(db?: Queryable): Promise<StockLocation[]> {
    return this.run(async (q) => (await queries.listLocations.run(undefined, q)).map(({ code, name, rank }) => ({ code, name, rank })), db);
  }

  location(code: string, db?: Queryable): Promise<StockLocation | undefined> {
    return this.run(async (q) => {
      const [row] = await queries.findLocation.run({ code }, q);
      return row && { code: row.code, name: row.name, rank: row.rank };
    }, db);
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
   * others back), at the locations the allocation chooses (allocation.ts: fewest locations, then
   * rank). Every location's row of the order's SKUs is locked first, in one order, so two orders
   * racing for the last units see each other's holds and cannot deadlock; the location's CHECK
   * (reserved <= on_hand, kept by trigger) refuses an oversell whatever happens above it. Returns
   * the allocation, or undefined when the order already has reservations (a retried activity),
   * which are then left as they are, even if released.
   */
  async reserve(orderId: number, items: { sku: string; quantity: number }[], tx: PoolClient): Promise<Allocated[] | undefined> {
    return this.run(async (q) => {
      const [existing] = await queries.countReservations.run({ orderId }, q);
      if (existing!.count > 0) return undefined;
      const allocations = await this.allocateLocked(items, q);
      for (const allocated of allocations) await queries.insertReservation.run({ orderId, ...allocated }, q);
      return allocations;
    }, tx);
  }

  /**
   * Locks the location rows of `skus` (those of `items` and any other the caller will change) and
   * allocates `items` over them; OutOfStock when they cannot cover it.
   */
  private async allocateLocked(items: readonly StockQuantity[], q: Queryable, skus = items.map((item) => item.sku)): Promise<Allocated[]> {
    const rows = await queries.lockLocationStock.run({ skus: [...new Set(skus)] }, q);
    if (items.length === 0) return [];
    const allocation = allocate(items, availability(rows));
    if (!allocation.ok) throw new OutOfStock(allocation.sku, allocation.requested, allocation.available);
    return allocation.allocations;
  }

  /**
   * An edit's stock difference for one order: positive deltas are allocated and held (OutOfStock
   * when the shelves cannot cover them), negative ones go back, from the last location in rank
   * first. Run it in a transaction with the edit, so a refusal moves nothing.
   */
  async adjust(orderId: number, diff: readonly { sku: string; delta: number }[], tx: PoolClient): Promise<void> {
    await this.run(async (q) => {
      const increases = diff.filter((d) => d.delta > 0).map(({ sku, delta }) => ({ sku, quantity: delta }));
      // Every changed SKU's rows are locked up front, in reserve()'s order, so an edit and a reservation cannot deadlock.
      for (const allocated of await this.allocateLocked(
        increases,
        q,
        diff.map((d) => d.sku),
      ))
        if ((await queries.growReservation.run({ orderId, ...allocated }, q)).length === 0) throw new Error(`order ${orderId}: ${allocated.sku} already left`);
      for (const { sku, delta } of [...diff].sort((a, b) => (a.sku < b.sku ? -1 : 1))) if (delta < 0) await this.shrink(orderId, sku, -delta, q);
    }, tx);
  }

  /** Gives back `quantity` of the order's held units of one SKU, the last location in rank first. */
  private async shrink(orderId: number, sku: string, quantity: number, q: Queryable): Promise<void> {
    let remaining = quantity;
    for (const held of await queries.lockHeldReservations.run({ orderId, sku }, q)) {
      if (remaining === 0) break;
      const take = Math.min(remaining, held.quantity);
      await queries.shrinkReservation.run({ id: held.id, quantity: take }, q);
      remaining -= take;
    }
    if (remaining > 0) throw new Error(`order ${orderId} holds fewer ${sku} than it gives back`);
  }

  /** Releases the order's held units; idempotent, and it only ever touches this order's rows. */
  release(orderId: number, db?: Queryable): Promise<StockQuantity[]> {
    return this.run(async (q) => sumBySku(await queries.releaseReservations.run({ orderId }, q)), db);
  }

  /** After a release: marks every SKU of the order as settled, so no late reserve can hold it again. */
  closeReservations(orderId: number, items: { sku: string; quantity: number }[], db?: Queryable): Promise<void> {
    if (items.length === 0) return Promise.resolve();
    return this.run(async (q) => {
      const lines = mergeBySku(items);
      await queries.closeReservations.run({ orderId, skus: lines.map((line) => line.sku), quantities: lines.map((line) => line.quantity) }, q);
    }, db);
  }

  /** The goods left with the carrier: held units come off their locations' shelves. Idempotent. */
  consume(orderId: number, db?: Queryable): Promise<StockQuantity[]> {
    return this.run(async (q) => sumBySku(await queries.consumeReservations.run({ orderId }, q)), db);
  }

  /**
   * One shipment's goods left with the carrier (workflow version 5): the order's held units at its
   * location come off that shelf, marked with the shipment. Idempotent.
   */
  consumeAt(orderId: number, location: string, shipmentId: string, db?: Queryable): Promise<StockQuantity[]> {
    return this.run(async (q) => sumBySku(await queries.consumeLocationReservations.run({ orderId, location, shipmentId }, q)), db);
  }

  /**
   * Puts goods back on the shelf: one `restock` movement per SKU in the append-only ledger
   * (stock_movements) and on_hand up by the same, in one statement. Posted once per (source, sku):
   * a retry, a duplicate carrier event or a second receive of the same return adds nothing. `source`
   * names the cause, e.g. 'order-12/returned_to_sender' or 'return-5'. Returns what was posted now
   * (empty when it had been already). Quantities must be positive whole numbers; SKUs must exist.
   * Goods come back to `location` (the main warehouse unless told: returns go there).
   */
  restock(source: string, items: readonly StockQuantity[], db?: Queryable, location = MAIN_LOCATION): Promise<StockQuantity[]> {
    const movements = mergeBySku(items).map(({ sku, quantity }) => ({ sku, location, quantity, kind: 'restock', source }));
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
          location: row.location,
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
      async (q) =>
        (await queries.listReservations.run({ orderId }, q)).map((row) => ({
          sku: row.sku,
          location: row.location,
          quantity: row.quantity,
          status: row.status,
        })),
      db,
    );
  }
}
