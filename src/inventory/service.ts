import { inTransaction, type Pool } from '../db/pool.js';
import { Conflict, LocationNotFound, SkuNotFound } from '../shared/errors.js';
import type { InventoryRepository } from './repository.js';
import { type LocationStock, MAIN_LOCATION, type Stock, type StockLocation } from './stock.js';

/** A SKU's stock over every location, and at each location that has a row for it (by rank). */
export interface StockView extends Stock {
  locations: LocationStock[];
}

/** Reading and setting stock levels (operators count the shelves; orders reserve through the saga). */
export class InventoryService {
  constructor(
    private readonly pool: Pool,
    private readonly inventory: InventoryRepository,
  ) {}

  async get(sku: string): Promise<StockView> {
    const stock = await this.inventory.find(sku);
    if (!stock) throw new SkuNotFound(sku);
    return { ...stock, locations: await this.inventory.byLocation([sku]) };
  }

  /** A page of stock levels; `nextAfter` is the cursor of the next page when this one was full. */
  async list(page: { after: string; limit: number }): Promise<{ stock: StockView[]; nextAfter: string | undefined }> {
    // One extra row tells whether another page follows.
    const rows = await this.inventory.list({ after: page.after, limit: page.limit + 1 });
    const stock = rows.slice(0, page.limit);
    const locations = await this.inventory.byLocation(stock.map((s) => s.sku));
    const views = stock.map((s) => ({ ...s, locations: locations.filter((l) => l.sku === s.sku) }));
    return { stock: views, nextAfter: rows.length > page.limit ? stock.at(-1)!.sku : undefined };
  }

  locations(): Promise<StockLocation[]> {
    return this.inventory.locations();
  }

  /** PUT /inventory/{sku}: the main warehouse's count, as before there were several. */
  set(sku: string, onHand: number): Promise<{ stock: StockView; created: boolean }> {
    return this.setAt(sku, MAIN_LOCATION, onHand);
  }

  /**
   * Sets the on-hand count at one location, creating the SKU if needed. Under the location rows'
   * lock, so a reservation cannot slip in between the check and the write: stock below what is
   * reserved there is refused.
   */
  setAt(sku: string, location: string, onHand: number): Promise<{ stock: StockView; created: boolean }> {
    return inTransaction(this.pool, async (tx) => {
      if (!(await this.inventory.location(location, tx))) throw new LocationNotFound(location);
      const created = await this.inventory.create(sku, tx);
      const current = (await this.inventory.lockLocations(sku, tx)).find((l) => l.location === location);
      if (current && onHand < current.reserved) {
        throw new Conflict(`${current.reserved} units of ${sku} are reserved for orders in progress at ${location}; on_hand there cannot go below that.`);
      }
      await this.inventory.setAt(sku, location, onHand, tx);
      const stock = (await this.inventory.find(sku, tx))!;
      return { stock: { ...stock, locations: await this.inventory.byLocation([sku], tx) }, created };
    });
  }
}
