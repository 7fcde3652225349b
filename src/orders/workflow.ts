/**
 * OrderWorkflow drives one order. It runs inside Temporal's deterministic sandbox: it imports only
 * @temporalio/workflow and types, and every side effect goes through an activity.
 */
import { isCancellation, log, proxyActivities, sleep } from '@temporalio/workflow';
import type { OrderActivities } from './activities.js';

export interface OrderWorkflowInput {
  orderId: number;
  /** Fixed at start, so changing the configuration never changes a running order's history. */
  processingDelayMs: number;
}

export type OrderWorkflowOutcome =
  /** The workflow moved the order to `completed`. */
  | 'completed'
  /** Someone else decided first (the order was cancelled or completed through the API). */
  | 'already-final'
  /** There is no such order: it was deleted, or its create transaction never committed. */
  | 'order-gone';

const { completeOrder } = proxyActivities<OrderActivities>({
  startToCloseTimeout: '10 seconds',
  // PostgreSQL being down is an infrastructure error: keep retrying with backoff, the order waits.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export async function OrderWorkflow(input: OrderWorkflowInput): Promise<OrderWorkflowOutcome> {
  try {
    await sleep(input.processingDelayMs);
  } catch (error) {
    // Cancelled (the order was cancelled or deleted): end as Cancelled in Temporal, touching nothing.
    if (isCancellation(error)) log.info('order workflow cancelled before completion', { orderId: input.orderId });
    throw error;
  }
  const outcome = await completeOrder(input.orderId);
  log.info('order workflow finished', { orderId: input.orderId, outcome });
  return outcome;
}
