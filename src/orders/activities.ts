import { log } from '@temporalio/activity';
import type { OrderMetrics } from '../observability/metrics.js';
import { statusesThatCanBecome } from './order.js';
import type { OrderRepository } from './repository.js';
import type { OrderWorkflowOutcome } from './workflow.js';

export interface OrderActivityDeps {
  orders: OrderRepository;
  metrics: OrderMetrics;
}

/**
 * The side effects of OrderWorkflow. Each one is idempotent: Temporal may run an activity more
 * than once (a retry after a timeout whose first attempt did in fact succeed).
 */
export function createOrderActivities({ orders, metrics }: OrderActivityDeps) {
  return {
    /**
     * Marks the order completed unless someone else decided its fate first. The status check is
     * in the UPDATE itself, so a cancellation that commits first always wins, and a retry finds
     * the order already completed and reports the same outcome.
     */
    async completeOrder(orderId: number): Promise<OrderWorkflowOutcome> {
      const completed = await orders.transition(orderId, 'completed', statusesThatCanBecome('completed'), { source: 'workflow' });
      if (completed) {
        metrics.reachedFinalStatus('completed', completed.createdAt, completed.updatedAt);
        log.info('order completed', { orderId });
        return 'completed';
      }
      const current = await orders.find(orderId);
      if (!current) return 'order-gone';
      // A retry whose first attempt committed lands here too, and reports the same outcome.
      return current.status === 'completed' ? 'completed' : 'already-cancelled';
    },
  };
}

export type OrderActivities = ReturnType<typeof createOrderActivities>;
