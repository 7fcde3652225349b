import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import { DependencyUnavailable } from '../shared/errors.js';
import { orderWorkflowId, type OrderStatus } from './order.js';
import { CUSTOMER_ID, ORDER_STATUS } from './search-attributes.js';
import { type OrderWorkflow, type OrderWorkflowInput, statusChanged } from './workflow.js';

/** What the order service needs from Temporal, in the order domain's words. */
export class OrderWorkflowClient {
  constructor(
    private readonly client: Client,
    private readonly options: { taskQueue: string; rpcTimeoutMs: number },
  ) {}

  /** Starts `order-<id>`. A second start for the same order is rejected by Temporal, never run twice. */
  start(input: OrderWorkflowInput): Promise<void> {
    return this.call(async () => {
      await this.client.workflow.start<typeof OrderWorkflow>('OrderWorkflow', {
        workflowId: orderWorkflowId(input.orderId),
        taskQueue: this.options.taskQueue,
        args: [input],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        workflowIdConflictPolicy: 'FAIL',
        typedSearchAttributes: [
          { key: ORDER_STATUS, value: 'pending' },
          { key: CUSTOMER_ID, value: input.customerId },
        ],
      });
    });
  }

  /** Requests cancellation of the order's workflow; an order whose workflow already ended needs nothing. */
  cancel(orderId: number): Promise<void> {
    return this.call(async () => {
      try {
        await this.client.workflow.getHandle(orderWorkflowId(orderId)).cancel();
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) return;
        throw error;
      }
    });
  }

  /** Tells the running workflow about a status change made through the API (for its search attributes). */
  notifyStatusChanged(orderId: number, status: OrderStatus): Promise<void> {
    return this.call(async () => {
      try {
        await this.client.workflow.getHandle(orderWorkflowId(orderId)).signal(statusChanged, status);
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) return;
        throw error;
      }
    });
  }

  /** True when Temporal answers within the RPC timeout. */
  async isReachable(): Promise<boolean> {
    try {
      await this.call(() => this.client.workflowService.getSystemInfo({}));
      return true;
    } catch {
      return false;
    }
  }

  /** Bounds every call by the RPC timeout and reports an unreachable Temporal as DependencyUnavailable. */
  private async call<T>(rpc: () => Promise<T>): Promise<T> {
    try {
      return await this.client.connection.withDeadline(Date.now() + this.options.rpcTimeoutMs, rpc);
    } catch (error) {
      if (isTemporalUnavailable(error)) throw new DependencyUnavailable('temporal', { cause: error });
      throw error;
    }
  }
}

/** gRPC status codes that mean "could not reach Temporal in time", not "Temporal said no". */
const UNAVAILABLE_GRPC_CODES = new Set([4 /* DEADLINE_EXCEEDED */, 14 /* UNAVAILABLE */]);

function isTemporalUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code ?? ((error as { cause?: { code?: unknown } }).cause?.code);
  if (typeof code === 'number' && UNAVAILABLE_GRPC_CODES.has(code)) return true;
  return error.name === 'ServiceError' || /connect|deadline|unavailable|ECONNREFUSED/i.test(error.message);
}
