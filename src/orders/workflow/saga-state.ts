/** Small pieces every workflow version shares. */
import { upsertSearchAttributes } from '@temporalio/workflow';
import type { CancelRequest } from '../messages.js';
import { ORDER_STATUS } from '../search-attributes.js';

/** The order's status as a search attribute, so operators can find orders in the Temporal UI. */
export const showStatus = (status: string) => upsertSearchAttributes([{ key: ORDER_STATUS, value: status }]);

/** The status reason of an order cancelled on someone's request. */
export const cancelReason = (request: CancelRequest) => `cancelled_by_${request.role === 'customer' ? 'customer' : 'operator'}`;

/** Stops the saga with a final status; raised by the saga's own rules (review rejected, timed out). */
export class SagaStopped extends Error {
  constructor(
    readonly status: 'cancelled' | 'failed',
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** The order disappeared (its create transaction never committed): nothing to process or undo. */
export class OrderGone extends Error {}
