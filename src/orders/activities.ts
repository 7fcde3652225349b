import { statusesThatCanBecome } from './order.js';
import type { OrderRepository } from './repository.js';
import type { OrderWorkflowOutcome } from './workflow.js';

export interface OrderActivityDeps {
  orders: OrderRepository;
}

/**
 * The side effects of OrderWorkflow. Each one is idempotent: Temporal may run an activity more
 * than once (a retry after a timeout whose first attempt did in fact succeed).
 */
export function createOrderActivities({ orders }: OrderActivityDeps) {
  return {
    /**
     * Marks the order completed unless someone else decided its fate first. The status check is
     * in the UPDATE itself, so a cancellation that commits first always wins, and a retry finds
     * the order already completed and reports the same outcome.
     */
    async completeOrder(orderId: number): Promise<OrderWorkflowOutcome> {
      const completed = await orders.transition(orderId, 'completed', statusesThatCanBecome('completed'));
      if (completed) return 'completed';
      const current = await orders.find(orderId);
      if (!current) return 'order-gone';
      return current.status === 'completed' ? 'completed' : 'already-final';
    },
  };
}

export type OrderActivities = ReturnType<typeof createOrderActivities>;
