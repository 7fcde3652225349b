import { inTransaction, type Pool } from '../../db/pool.js';
import { type OrderEventType, stepEvent } from '../events.js';
import type { OrderRepository, ProgressMark } from '../repository.js';

/**
 * How a provider step (payment, carrier) leaves its mark on the order: its stage before the slow
 * call, then its event and progress together once the provider answered. The event is keyed by its
 * type, so a retried step records it once.
 */
export function stepRecorder(pool: Pool, orders: OrderRepository) {
  return {
    begin: (orderId: number, mark: ProgressMark) => orders.recordProgress(orderId, mark),
    finish: (orderId: number, type: OrderEventType, details: Record<string, unknown>, mark?: ProgressMark) =>
      inTransaction(pool, async (tx) => {
        await orders.appendEvent(orderId, stepEvent(type, details), tx, type);
        if (mark) await orders.recordProgress(orderId, mark, tx);
      }),
  };
}

/** Compensations show the order as compensating, and no longer cancellable. */
export const COMPENSATING: ProgressMark = { stage: 'compensating', cancellable: false };
