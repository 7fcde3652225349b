import { inTransaction, type Pool } from '../../db/pool.js';
import type { OrderMetrics } from '../../observability/metrics.js';
import { stepEvent } from '../events.js';
import type { OrderRepository } from '../repository.js';
import type { InventoryRepository } from '../../inventory/repository.js';

export interface InventoryStepDeps {
  pool: Pool;
  inventory: InventoryRepository;
  orders: OrderRepository;
  metrics: OrderMetrics;
}

/** The saga's inventory steps; each writes its reservations and its timeline event in one transaction. */
export function createInventorySteps({ pool, inventory, orders, metrics }: InventoryStepDeps) {
  return {
    /** Reserves every item of the order, or none (OutOfStock, non-retryable). Idempotent. */
    async reserveInventory(orderId: number): Promise<void> {
      await inTransaction(pool, async (tx) => {
        const order = await orders.find(orderId, tx);
        if (!order) throw new Error(`order ${orderId} not found`);
        const items = order.items.map(({ sku, quantity }) => ({ sku, quantity }));
        if (await inventory.reserve(orderId, items, tx)) await orders.appendEvent(orderId, stepEvent('inventory.reserved', { items }), tx);
      });
    },

    /** Compensation: releases whatever this order still holds; a second run finds nothing to do. */
    async releaseInventory(orderId: number): Promise<void> {
      const released = await inTransaction(pool, async (tx) => {
        const units = await inventory.release(orderId, tx);
        if (units.length > 0) await orders.appendEvent(orderId, stepEvent('inventory.released', { items: units }), tx);
        return units;
      });
      if (released.length > 0) metrics.compensated('release_inventory');
    },
  };
}
