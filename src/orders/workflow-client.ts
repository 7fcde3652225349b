import { type Client, WorkflowNotFoundError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { DependencyUnavailable, OutcomeUnknown } from '../shared/errors.js';
import {
  approveUpdate,
  cancelUpdate,
  type CancelRequest,
  type OrderOutcome,
  type OrderProgress,
  type OrderWorkflowInput,
  rejectUpdate,
  type ReviewDecision,
} from './messages.js';
import { orderWorkflowId } from './order.js';
import { CUSTOMER_ID, ORDER_STATUS } from './search-attributes.js';
import type { OrderWorkflow } from './workflow/order-workflow.js';

/** The workflow refused a message (its validator said no): the order is past the point where that is allowed. */
export class MessageRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MessageRefused';
  }
}

/** The workflow no longer runs (it finished): the database row tells what became of the order. */
export class WorkflowFinished extends Error {
  constructor(orderId: number) {
    super(`the workflow of order ${orderId} has finished`);
    this.name = 'WorkflowFinished';
  }
}

/** What the order service needs from Temporal, in the order domain's words. */
export class OrderWorkflowClient {
  constructor(
    private readonly client: Client,
    private readonly options: {
      taskQueue: string;
      rpcTimeoutMs: number;
    },
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

  /**
   * Asks the workflow to cancel the order. Resolves with the outcome when the workflow gets there
   * within `waitMs`, or with undefined once the cancellation is accepted (durably) but still running
   * its compensations. The update id makes a retried request the same request.
   */
  async cancel(orderId: number, request: CancelRequest, options: { updateId?: string; waitMs: number }): Promise<OrderOutcome | undefined> {
    // Acceptance needs the worker to run the validator: under load that can take longer than one RPC.
    // Once Temporal has the request, a timeout no longer means "nothing happened".
    if (!(await this.isReachable())) throw new DependencyUnavailable('temporal');
    let update;
    try {
      update = await this.message(
        orderId,
        (handle) =>
          handle.startUpdate(cancelUpdate, { args: [request], waitForStage: 'ACCEPTED', ...(options.updateId ? { updateId: options.updateId } : {}) }),
        this.options.rpcTimeoutMs + options.waitMs,
      );
    } catch (error) {
      if (error instanceof DependencyUnavailable || error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
        throw new OutcomeUnknown('cancellation', { cause: error });
      }
      throw error;
    }
    try {
      return await this.client.connection.withDeadline(Date.now() + options.waitMs, () => update.result());
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError) throw new MessageRefused(error.cause?.message ?? error.message);
      // Accepted, and the workflow will finish it; it just takes longer than we wait.
      if (isTemporalUnavailable(error) || error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return undefined;
      throw error;
    }
  }

  /** An operator's review decision; refused unless the order is awaiting review. */
  decideReview(orderId: number, approved: boolean, decision: ReviewDecision): Promise<OrderProgress> {
    return this.message(orderId, (handle) => handle.executeUpdate(approved ? approveUpdate : rejectUpdate, { args: [decision] }));
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

  /** Sends a message to the order's workflow, translating "refused" and "finished" into domain terms. */
  private message<T>(orderId: number, send: (handle: ReturnType<Client['workflow']['getHandle']>) => Promise<T>, timeoutMs?: number): Promise<T> {
    return this.call(async () => {
      try {
        return await send(this.client.workflow.getHandle<typeof OrderWorkflow>(orderWorkflowId(orderId)));
      } catch (error) {
        if (error instanceof WorkflowUpdateFailedError) throw new MessageRefused(error.cause?.message ?? error.message);
        if (error instanceof WorkflowNotFoundError || isWorkflowFinished(error)) throw new WorkflowFinished(orderId);
        throw error;
      }
    }, timeoutMs);
  }

  /** Bounds every call by the RPC timeout and reports an unreachable Temporal as DependencyUnavailable. */
  private async call<T>(rpc: () => Promise<T>, timeoutMs = this.options.rpcTimeoutMs): Promise<T> {
    try {
      return await this.client.connection.withDeadline(Date.now() + timeoutMs, rpc);
    } catch (error) {
      if (error instanceof MessageRefused || error instanceof WorkflowFinished) throw error;
      if (isTemporalUnavailable(error)) throw new DependencyUnavailable('temporal', { cause: error });
      throw error;
    }
  }
}

function isWorkflowFinished(error: unknown): boolean {
  return error instanceof Error && /already completed|workflow execution.*(completed|closed)/i.test(error.message);
}

/** gRPC status codes that mean "could not reach Temporal in time", not "Temporal said no". */
const UNAVAILABLE_GRPC_CODES = new Set([4 /* DEADLINE_EXCEEDED */, 14 /* UNAVAILABLE */]);

function isTemporalUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code ?? (error as { cause?: { code?: unknown } }).cause?.code;
  if (typeof code === 'number' && UNAVAILABLE_GRPC_CODES.has(code)) return true;
  return error.name === 'ServiceError' || /connect|deadline|unavailable|ECONNREFUSED/i.test(error.message);
}
