import { inTransaction, type Pool } from '../db/pool.js';
import { Conflict, SkuNotFound } from '../shared/errors.js';
import type { InventoryRepository } from './repository.js';
import type { Stock } from './stock.js';

/** Reading and setting stock levels (operators count the shelves; orders reserve through the saga). */
export class InventoryService {
  constructor(
    private readonly pool: Pool,
    private readonly inventory: InventoryRepository,
  ) {}

  async get(sku: string): Promise<Stock> {
    const stock = await this.inventory.find(sku);
    if (!stock) throw new SkuNotFound(sku);
    return stock;
  }

  /** A page of stock levels; `nextAfter` is the cursor of the next page when this one was full. */
  async list(page: { after: string; limit: number }): Promise<{ stock: Stock[]; nextAfter: string | undefined }> {
    // One extra row tells whether another page follows.
    const rows = await this.inventory.list({ after: page.after, limit: page.limit + 1 });
    const stock = rows.slice(0, page.limit);
    return { stock, nextAfter: rows.length > page.limit ? stock.at(-1)!.sku : undefined };
  }

  /**
   * Sets the on-hand count, creating the SKU if needed. Under the row lock, so a reservation
   * cannot slip in between the check and the write: stock below what is reserved is refused.
   */
  set(sku: string, onHand: number): Promise<{ stock: Stock; created: boolean }> {
    return inTransaction(this.pool, async (tx) => {
      const current = await this.inventory.lock(sku, tx);
      if (current && onHand < current.reserved) {
        throw new Conflict(`${current.reserved} units of ${sku} are reserved for orders in progress; on_hand cannot go below that.`);
      }
      return { stock: await this.inventory.set(sku, onHand, tx), created: !current };
    });
  }
}
