/**
 * OrderWorkflow drives one order. It runs inside Temporal's deterministic sandbox: it imports only
 * @temporalio/workflow and types, and every side effect goes through an activity.
 */
import { defineSignal, isCancellation, log, proxyActivities, setHandler, sleep, upsertSearchAttributes } from '@temporalio/workflow';
import type { OrderActivities } from './activities.js';
import type { OrderStatus } from './order.js';
import { ORDER_STATUS } from './search-attributes.js';

export interface OrderWorkflowInput {
  orderId: number;
  customerId: number;
  /** Fixed at start, so changing the configuration never changes a running order's history. */
  processingDelayMs: number;
}

export type OrderWorkflowOutcome =
  /** The workflow moved the order to `completed` (or a retry found it had already done so). */
  | 'completed'
  /** The order was cancelled through the API first. */
  | 'already-cancelled'
  /** There is no such order: it was deleted, or its create transaction never committed. */
  | 'order-gone';

/** The API tells the workflow about status changes it made, so the OrderStatus search attribute stays true. */
export const statusChanged = defineSignal<[OrderStatus]>('statusChanged');

const { completeOrder } = proxyActivities<OrderActivities>({
  startToCloseTimeout: '10 seconds',
  // PostgreSQL being down is an infrastructure error: keep retrying with backoff, the order waits.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

const STATUS_AFTER: Record<OrderWorkflowOutcome, string> = {
  completed: 'completed',
  'already-cancelled': 'cancelled',
  'order-gone': 'deleted',
};

export async function OrderWorkflow(input: OrderWorkflowInput): Promise<OrderWorkflowOutcome> {
  setHandler(statusChanged, (status) => upsertSearchAttributes([{ key: ORDER_STATUS, value: status }]));
  try {
    await sleep(input.processingDelayMs);
  } catch (error) {
    // Cancelled: the order was cancelled or deleted through the API, which already changed the row.
    // End as Cancelled in Temporal, touching nothing.
    if (isCancellation(error)) {
      upsertSearchAttributes([{ key: ORDER_STATUS, value: 'cancelled' }]);
      log.info('order workflow cancelled before completion', { orderId: input.orderId });
    }
    throw error;
  }
  const outcome = await completeOrder(input.orderId);
  upsertSearchAttributes([{ key: ORDER_STATUS, value: STATUS_AFTER[outcome] }]);
  log.info('order workflow finished', { orderId: input.orderId, outcome });
  return outcome;
}
