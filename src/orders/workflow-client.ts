import { type Client, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { DependencyUnavailable, OrderIdTaken, OutcomeUnknown } from '../shared/errors.js';
import { refusalMessage, temporalFailureKind } from '../temporal/client-errors.js';
import {
  approveUpdate,
  cancelUpdate,
  type CancelRequest,
  editUpdate,
  type OrderEditRequest,
  type OrderEditResult,
  type OrderOutcome,
  type OrderProgress,
  type OrderWorkflowInput,
  rejectUpdate,
  type ReviewDecision,
  shipmentUpdateSignal,
  type ShipmentUpdate,
} from './messages.js';
import { orderWorkflowId } from './order.js';
import { CUSTOMER_ID, ORDER_STATUS } from './search-attributes.js';
import type { OrderWorkflow } from './workflow/order-workflow.js';

/** The workflow refused a message (its validator said no): the order is past the point where that is allowed. */
export class MessageRefused extends Error {
  constructor(
    message: string,
    /** The workflow's machine-readable reason, when it gave one (an edit's refusal: `stale_version`, `booked`, …). */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'MessageRefused';
  }
}

/** The `code` an update's handler or validator put in its ApplicationFailure's details. */
function refusalCode(error: unknown): string | undefined {
  const failure = error instanceof WorkflowUpdateFailedError ? error.cause : undefined;
  return failure instanceof ApplicationFailure ? (failure.details?.[0] as { code?: string } | undefined)?.code : undefined;
}

/** The workflow no longer runs (it finished): the database row tells what became of the order. */
export class WorkflowFinished extends Error {
  constructor(orderId: number) {
    super(`the workflow of order ${orderId} has finished`);
    this.name = 'WorkflowFinished';
  }
}

type WorkflowHandle = ReturnType<Client['workflow']['getHandle']>;

/** What the order service needs from Temporal, in the order domain's words. */
export class OrderWorkflowClient {
  constructor(
    private readonly client: Client,
    private readonly options: {
      taskQueue: string;
      rpcTimeoutMs: number;
    },
  ) {}

  /**
   * Starts `order-<id>`. A second start for the same order is rejected by Temporal, never run twice;
   * a workflow already under that id (the database's ids are behind Temporal's) is OrderIdTaken.
   */
  start(input: OrderWorkflowInput): Promise<void> {
    return this.call(async () => {
      const workflowId = orderWorkflowId(input.orderId);
      await this.client.workflow
        .start<typeof OrderWorkflow>('OrderWorkflow', {
          workflowId,
          taskQueue: this.options.taskQueue,
          args: [input],
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          workflowIdConflictPolicy: 'FAIL',
          typedSearchAttributes: [
            { key: ORDER_STATUS, value: 'pending' },
            { key: CUSTOMER_ID, value: input.customerId },
          ],
        })
        .catch((error: unknown) => {
          if (temporalFailureKind(error) === 'already-started') throw new OrderIdTaken(workflowId, { cause: error });
          throw error;
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
    const update = await this.sendUpdate(
      orderId,
      'cancellation',
      (handle) => handle.startUpdate(cancelUpdate, { args: [request], waitForStage: 'ACCEPTED', ...(options.updateId ? { updateId: options.updateId } : {}) }),
      this.options.rpcTimeoutMs + options.waitMs,
    );
    try {
      return await this.client.connection.withDeadline(Date.now() + options.waitMs, () => update.result());
    } catch (error) {
      const kind = temporalFailureKind(error);
      if (kind === 'update-refused') throw new MessageRefused(refusalMessage(error));
      // Accepted, and the workflow will finish it; it just takes longer than we wait.
      if (kind === 'unavailable' || kind === 'update-unconfirmed') return undefined;
      throw error;
    }
  }

  /**
   * An operator's review decision; refused unless the order is awaiting review. The update id
   * makes a retry (same Idempotency-Key) ask about the same decision instead of making another.
   */
  decideReview(orderId: number, approved: boolean, decision: ReviewDecision, options: { updateId?: string } = {}): Promise<OrderProgress> {
    return this.sendUpdate(orderId, approved ? 'approval' : 'rejection', (handle) =>
      handle.executeUpdate(approved ? approveUpdate : rejectUpdate, { args: [decision], ...(options.updateId ? { updateId: options.updateId } : {}) }),
    );
  }

  /**
   * An edit of the order's lines or address (version 4); resolves once the workflow applied it. The
   * update id makes a retry (same Idempotency-Key) ask about the same edit instead of making another.
   */
  edit(orderId: number, change: OrderEditRequest, options: { updateId?: string; waitMs: number }): Promise<OrderEditResult> {
    // The edit waits for the step under way and then calls the provider: longer than one RPC.
    return this.sendUpdate(
      orderId,
      'edit',
      (handle) => handle.executeUpdate(editUpdate, { args: [change], ...(options.updateId ? { updateId: options.updateId } : {}) }),
      this.options.rpcTimeoutMs + options.waitMs,
    );
  }

  /**
   * Hands a carrier's report to the order's workflow (a signal: durable once Temporal answers). A
   * finished workflow (an order of version 3 or earlier, complete at hand-over, or one already
   * ended) has nothing to do with it: false. Temporal unreachable: DependencyUnavailable.
   */
  async signalShipmentUpdate(orderId: number, update: ShipmentUpdate): Promise<boolean> {
    try {
      await this.message(orderId, (handle) => handle.signal(shipmentUpdateSignal, update));
      return true;
    } catch (error) {
      if (error instanceof WorkflowFinished) return false;
      throw error;
    }
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

  /**
   * Sends an update. Temporal is asked first whether it answers at all, so "unavailable" really
   * means nothing was sent (503, nothing changed); once the update is on its way, no answer in
   * time means it may still take effect (OutcomeUnknown).
   */
  private async sendUpdate<T>(orderId: number, what: string, send: (handle: WorkflowHandle) => Promise<T>, timeoutMs?: number): Promise<T> {
    if (!(await this.isReachable())) throw new DependencyUnavailable('temporal');
    try {
      return await this.message(orderId, send, timeoutMs);
    } catch (error) {
      if (error instanceof DependencyUnavailable || temporalFailureKind(error) === 'update-unconfirmed') throw new OutcomeUnknown(what, { cause: error });
      throw error;
    }
  }

  /** Sends a message to the order's workflow, translating "refused" and "finished" into domain terms. */
  private message<T>(orderId: number, send: (handle: WorkflowHandle) => Promise<T>, timeoutMs?: number): Promise<T> {
    return this.call(async () => {
      try {
        return await send(this.client.workflow.getHandle<typeof OrderWorkflow>(orderWorkflowId(orderId)));
      } catch (error) {
        const kind = temporalFailureKind(error);
        if (kind === 'update-refused') throw new MessageRefused(refusalMessage(error), refusalCode(error));
        if (kind === 'not-found') throw new WorkflowFinished(orderId);
        throw error;
      }
    }, timeoutMs);
  }

  /** Bounds every call by the RPC timeout and reports an unreachable Temporal as DependencyUnavailable. */
  private async call<T>(rpc: () => Promise<T>, timeoutMs = this.options.rpcTimeoutMs): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    // The deadline bounds each RPC, but an Update's result is polled in a loop that starts new ones:
    // the request itself must end too (a second later, so that the RPC's own deadline usually wins).
    const overall = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DependencyUnavailable('temporal')), timeoutMs + 1_000);
    });
    try {
      return await Promise.race([this.client.connection.withDeadline(Date.now() + timeoutMs, rpc), overall]);
    } catch (error) {
      if (error instanceof DependencyUnavailable) throw error;
      if (temporalFailureKind(error) === 'unavailable') throw new DependencyUnavailable('temporal', { cause: error });
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }
}
