import type { Client } from '@temporalio/client';
import { Conflict, DependencyUnavailable, OutcomeUnknown, ReturnIdTaken } from '../shared/errors.js';
import { refusalMessage, temporalFailureKind } from '../temporal/client-errors.js';
import { type ParcelArrival, parcelArrivedSignal, receiveUpdate, type RefundRetry, retryRefundUpdate, type ReturnWorkflowInput } from './messages.js';
import { type ReceivedUnits, returnWorkflowId } from './return.js';
import type { ReturnWorkflow } from './workflow/return-workflow.js';

/** What the returns service needs from Temporal, in the returns domain's words. */
export class ReturnWorkflowClient {
  constructor(
    private readonly client: Client,
    private readonly options: { taskQueue: string; rpcTimeoutMs: number },
  ) {}

  /** Starts `return-<id>`; a second start for the same return is rejected by Temporal, never run twice. */
  start(input: ReturnWorkflowInput): Promise<void> {
    return this.call(async () => {
      try {
        await this.client.workflow.start<typeof ReturnWorkflow>('ReturnWorkflow', {
          workflowId: returnWorkflowId(input.returnId),
          taskQueue: this.options.taskQueue,
          args: [input],
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          workflowIdConflictPolicy: 'FAIL',
        });
      } catch (error) {
        // Started within this create's own transaction, so the id is this one's: another workflow has it.
        if (temporalFailureKind(error) === 'already-started') throw new ReturnIdTaken({ cause: error });
        throw error;
      }
    });
  }

  /**
   * Tells the return's workflow its parcel arrived; refused (Conflict) unless it is waiting for
   * one. The update id makes a retry (same Idempotency-Key) ask about the same receipt.
   */
  async receive(returnId: number, lines: ReceivedUnits[], updateId?: string): Promise<void> {
    try {
      await this.call(() =>
        this.client.workflow.getHandle(returnWorkflowId(returnId)).executeUpdate(receiveUpdate, { args: [lines], ...(updateId ? { updateId } : {}) }),
      );
    } catch (error) {
      const kind = temporalFailureKind(error);
      if (kind === 'update-refused') throw new Conflict(refusalMessage(error));
      if (kind === 'not-found') throw new Conflict(`Return ${returnId} has finished.`);
      if (kind === 'update-unconfirmed') throw new OutcomeUnknown('receipt', { cause: error });
      throw error;
    }
  }

  /**
   * Tells the return's workflow its parcel reached the warehouse. False when the workflow has ended
   * (received, expired, refunded): a late report changes nothing, and the carrier must not retry it.
   */
  async signalParcelArrived(returnId: number, arrival: ParcelArrival): Promise<boolean> {
    try {
      await this.call(() => this.client.workflow.getHandle(returnWorkflowId(returnId)).signal(parcelArrivedSignal, arrival));
      return true;
    } catch (error) {
      if (temporalFailureKind(error) === 'not-found') return false;
      throw error;
    }
  }

  /**
   * Asks the return's workflow to try its declined refund again, and waits for that attempt's
   * outcome; refused (Conflict) unless it is waiting for a retry. A workflow that has ended has
   * closed its retry window. The update id makes a retry (same Idempotency-Key) ask about the same one.
   */
  async retryRefund(returnId: number, retry: RefundRetry, updateId?: string): Promise<void> {
    try {
      await this.call(() =>
        this.client.workflow.getHandle(returnWorkflowId(returnId)).executeUpdate(retryRefundUpdate, { args: [retry], ...(updateId ? { updateId } : {}) }),
      );
    } catch (error) {
      const kind = temporalFailureKind(error);
      if (kind === 'update-refused') throw new Conflict(refusalMessage(error));
      if (kind === 'not-found') throw new Conflict(`Return ${returnId}'s refund retry window has closed; settle its refund outside this system.`);
      if (kind === 'update-unconfirmed') throw new OutcomeUnknown('refund retry', { cause: error });
      throw error;
    }
  }

  /** Bounds every call by the RPC timeout and reports an unreachable Temporal as DependencyUnavailable. */
  private async call<T>(rpc: () => Promise<T>): Promise<T> {
    try {
      return await this.client.connection.withDeadline(Date.now() + this.options.rpcTimeoutMs, rpc);
    } catch (error) {
      if (temporalFailureKind(error) === 'unavailable') throw new DependencyUnavailable('temporal', { cause: error });
      throw error;
    }
  }
}
