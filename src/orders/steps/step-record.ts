import { inTransaction, type Pool } from '../../db/pool.js';
import { type OrderEventType, stepEvent } from '../events.js';
import type { OrderRepository, ProgressMark } from '../repository.js';

/**
 * How a provider step (payment, carrier) leaves its mark on the order: its stage before the slow
 * call, then its event and progress together once the provider answered. The event is keyed by its
 * type (and location, for the steps version 5 runs per stock location), so a retried step records it once.
 */
export function stepRecorder(pool: Pool, orders: OrderRepository) {
  return {
    begin: (orderId: number, mark: ProgressMark) => orders.recordProgress(orderId, mark),
    /** `dedupeKey`: the event's key when the step happens more than once per order (once per location). */
    finish: (orderId: number, type: OrderEventType, details: Record<string, unknown>, mark?: ProgressMark, dedupeKey: string = type) =>
      inTransaction(pool, async (tx) => {
        await orders.appendEvent(orderId, stepEvent(type, details), tx, dedupeKey);
        if (mark) await orders.recordProgress(orderId, mark, tx);
      }),
  };
}

/** Compensations show the order as compensating, and no longer cancellable. */
export const COMPENSATING: ProgressMark = { stage: 'compensating', cancellable: false };
