import { Client, Connection } from '@temporalio/client';
import { CUSTOMER_ID, ORDER_STATUS } from '../../src/orders/search-attributes.js';
import { closedLoop } from './load.js';
import type { Measure } from './series.js';

/**
 * The orchestrator ceiling: bare client.workflow.start over one connection, as the API has, with
 * the API's id policies. No worker polls the queue, so this is the cost of the start alone. With
 * `searchAttributes`, each start also carries the two the API sets (a diagnostic: what they cost).
 */
export async function temporalStartLoop(address: string, options: { searchAttributes?: boolean } = {}): Promise<{ measure: Measure; close(): Promise<void> }> {
  const temporal = new Client({ connection: await Connection.connect({ address }), namespace: 'default' });
  // Workflow ids must be unique per start; each run gets its own prefix.
  let run = 0;
  const label = options.searchAttributes ? 'sa' : 'plain';
  return {
    measure(concurrency, seconds) {
      const prefix = `ceiling-${label}-${run++}`;
      return closedLoop(concurrency, seconds, (sequence) =>
        temporal.workflow.start('OrderWorkflow', {
          workflowId: `${prefix}-${sequence}`,
          taskQueue: 'bench-ceiling',
          args: [{ orderId: sequence, customerId: 42, processingDelayMs: 0 }],
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          workflowIdConflictPolicy: 'FAIL',
          ...(options.searchAttributes
            ? {
                typedSearchAttributes: [
                  { key: ORDER_STATUS, value: 'pending' },
                  { key: CUSTOMER_ID, value: 42 },
                ],
              }
            : {}),
        }),
      );
    },
    close: () => temporal.connection.close(),
  };
}
