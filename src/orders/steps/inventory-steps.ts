import type { InventoryRepository } from '../../inventory/repository.js';
import type { OrderMetrics } from '../../observability/metrics.js';
import { inTransaction, type Pool } from '../../db/pool.js';
import { stepEvent } from '../events.js';
import type { OrderRepository } from '../repository.js';
import { COMPENSATING } from './step-record.js';

export interface InventoryStepDeps {
  pool: Pool;
  inventory: InventoryRepository;
  orders: OrderRepository;
  metrics: OrderMetrics;
}

/**
 * The saga's inventory steps. Each takes the order's row lock first and writes its reservations,
 * its event and its progress in that one transaction. The shared lock is what keeps a reserve
 * attempt that outlived its timeout from committing after the release ran: the release leaves a
 * released row for every item (a tombstone), and a reserve that finds any row does nothing.
 */
export function createInventorySteps({ pool, inventory, orders, metrics }: InventoryStepDeps) {
  return {
    /** Reserves every item of the order at the locations the allocation chooses, or none (OutOfStock, non-retryable). Idempotent. */
    async reserveInventory(orderId: number): Promise<void> {
      await inTransaction(pool, async (tx) => {
        const order = await orders.lock(orderId, tx);
        if (!order) throw new Error(`order ${orderId} not found`);
        await orders.recordProgress(orderId, { stage: 'reserving_inventory' }, tx);
        const items = order.items.map(({ sku, quantity }) => ({ sku, quantity }));
        const allocations = await inventory.reserve(orderId, items, tx);
        if (allocations) {
          // Where each line's units are held (allocation.ts: fewest locations, then rank).
          await orders.appendEvent(orderId, stepEvent('inventory.reserved', { items, allocations }), tx);
          await orders.recordProgress(orderId, { completedStep: 'inventory_reserved' }, tx);
        }
      });
    },

    /** Compensation: releases whatever this order still holds; a second run finds nothing to do. */
    async releaseInventory(orderId: number): Promise<void> {
      const released = await inTransaction(pool, async (tx) => {
        const order = await orders.lock(orderId, tx);
        await orders.recordProgress(orderId, COMPENSATING, tx);
        const units = await inventory.release(orderId, tx);
        if (order) await inventory.closeReservations(orderId, order.items, tx);
        if (units.length > 0) await orders.appendEvent(orderId, stepEvent('inventory.released', { items: units }), tx);
        return units;
      });
      if (released.length > 0) metrics.compensated('release_inventory');
    },
  };
}
