// The entry point of the workflow bundle: every workflow the worker runs is exported from here.
export { OrderWorkflow } from '../orders/workflow/order-workflow.js';
export { ReturnWorkflow } from '../returns/workflow/return-workflow.js';
