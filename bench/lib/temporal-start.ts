import { Client, Connection } from '@temporalio/client';
import { closedLoop } from './load.js';
import type { Measure } from './series.js';

/**
 * The orchestrator ceiling: bare client.workflow.start over one connection, as the API has, with
 * the API's id policies. No worker polls the queue, so this is the cost of the start alone.
 */
export async function temporalStartLoop(address: string): Promise<{ measure: Measure; close(): Promise<void> }> {
  const temporal = new Client({ connection: await Connection.connect({ address }), namespace: 'default' });
  // Workflow ids must be unique per start; each run gets its own prefix.
  let run = 0;
  return {
    measure(concurrency, seconds) {
      const prefix = `ceiling-${run++}`;
      return closedLoop(concurrency, seconds, (sequence) =>
        temporal.workflow.start('OrderWorkflow', {
          workflowId: `${prefix}-${sequence}`,
          taskQueue: 'bench-ceiling',
          args: [{ orderId: sequence, customerId: 42, processingDelayMs: 0 }],
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          workflowIdConflictPolicy: 'FAIL',
        }),
      );
    },
    close: () => temporal.connection.close(),
  };
}
