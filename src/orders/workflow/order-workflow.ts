/**
 * OrderWorkflow, the workflow of every order: picks the version its history was started with, once.
 * It runs in Temporal's deterministic sandbox: it imports only @temporalio/workflow, pure helpers and
 * types; every side effect is an activity (src/orders/steps/).
 */
import type { OrderOutcome, OrderWorkflowInput } from '../messages.js';
import { OrderSaga } from './saga.js';
import { isVersion0, orderWorkflowVersion0 } from './version0.js';

export type { OrderOutcome, OrderWorkflowInput } from '../messages.js';

export async function OrderWorkflow(input: OrderWorkflowInput): Promise<OrderOutcome> {
  if (isVersion0(input)) return orderWorkflowVersion0(input);
  return new OrderSaga(input).run();
}
