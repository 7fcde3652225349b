/**
 * OrderWorkflow, the workflow of every order: picks, once, the version its history was started with.
 * It runs in Temporal's deterministic sandbox: it imports only @temporalio/workflow, pure helpers and
 * types; every side effect is an activity (src/orders/steps/).
 *
 * - version 0 (before the saga) is recognised by its input;
 * - versions 1 and 2 (every step an activity; 2 screens for fraud behind patched('fraud-check'));
 * - version 3 (local steps, half the history) behind patched('local-steps');
 * - version 4 (delivery tracking: shipped, then followed to the door) behind patched('delivery-tracking');
 * - version 5 (one shipment per stock location, each followed on its own) behind patched('several-locations');
 * - version 6 (version 5 in fewer history events) behind patched('lean-history'), asked first.
 */
import { patched } from '@temporalio/workflow';
import type { OrderOutcome, OrderWorkflowInput } from '../messages.js';
import { OrderSagaVersion1 } from './saga-version1.js';
import { LOCAL_STEPS_PATCH, OrderSagaVersion3 } from './saga-version3.js';
import { DELIVERY_TRACKING_PATCH, OrderSagaVersion4 } from './saga-version4.js';
import { OrderSagaVersion5, SEVERAL_LOCATIONS_PATCH } from './saga-version5.js';
import { LEAN_HISTORY_PATCH, OrderSagaVersion6 } from './saga-version6.js';
import { isVersion0, orderWorkflowVersion0 } from './version0.js';

export type { OrderOutcome, OrderWorkflowInput } from '../messages.js';

export async function OrderWorkflow(input: OrderWorkflowInput): Promise<OrderOutcome> {
  if (isVersion0(input)) return orderWorkflowVersion0(input);
  // Asked before the others, so a new order's history holds this one marker; a history without it
  // (versions 1 to 5, or an order a worker without version 6 began) takes the path it was recorded on.
  if (patched(LEAN_HISTORY_PATCH)) return new OrderSagaVersion6(input).run();
  if (patched(LOCAL_STEPS_PATCH)) {
    // Asked only on version 3's path, so histories of versions 1 and 2 never meet this marker.
    if (patched(DELIVERY_TRACKING_PATCH)) {
      // Asked only on version 4's path, so histories of versions 1 to 4 never meet this marker.
      if (patched(SEVERAL_LOCATIONS_PATCH)) return new OrderSagaVersion5(input).run();
      return new OrderSagaVersion4(input).run();
    }
    return new OrderSagaVersion3(input).run();
  }
  return new OrderSagaVersion1(input).run();
}
