/**
 * Version 0, before the saga: the workflow waited out the processing delay and completed the order.
 * Its orders (accepted without payment or stock) finish that way, whether they replay or are still
 * waiting at an upgrade. A cancel sent by today's API (an Update) ends such an order itself.
 */
import { ApplicationFailure, CancellationScope, condition, isCancellation, setHandler, sleep } from '@temporalio/workflow';
import { cancelUpdate, type CancelRequest, legacyStatusChanged, type OrderOutcome, type OrderWorkflowInput, progressQuery } from '../messages.js';
import { steps } from './proxies.js';
import { cancelReason, showStatus } from './saga-state.js';

/** Version 0's input had no review settings (inputs are fixed in the history, so this is deterministic). */
export const isVersion0 = (input: OrderWorkflowInput): boolean => (input as Partial<OrderWorkflowInput>).reviewThreshold === undefined;

export async function orderWorkflowVersion0({ orderId, processingDelayMs }: OrderWorkflowInput): Promise<OrderOutcome> {
  const waiting = new CancellationScope();
  let cancelRequest: CancelRequest | undefined;
  let outcome: OrderOutcome | undefined;

  setHandler(legacyStatusChanged, (status) => showStatus(status));
  setHandler(progressQuery, () => ({ stage: outcome ? 'done' : 'waiting', completedSteps: [], cancellable: !outcome, ...(outcome ? { outcome } : {}) }));
  setHandler(
    cancelUpdate,
    async (request) => {
      cancelRequest ??= request;
      waiting.cancel();
      await condition(() => outcome !== undefined);
      return outcome!;
    },
    {
      validator: (_request: CancelRequest) => {
        if (outcome) throw ApplicationFailure.nonRetryable('The order is already ending; it can no longer be cancelled.', 'CancelRefused');
      },
    },
  );

  try {
    outcome = await waiting.run(async () => {
      await sleep(processingDelayMs);
      return outcomeOfVersion0(await steps.completeOrder(orderId));
    });
  } catch (error) {
    // Cancelled from Temporal (version 0's API cancelled the row first): it only updated its search attribute.
    if (!cancelRequest) {
      if (isCancellation(error)) showStatus('cancelled');
      throw error;
    }
    const request = cancelRequest;
    outcome = await CancellationScope.nonCancellable(() =>
      steps.endOrder({ orderId, status: 'cancelled', reason: cancelReason(request), actor: request.actor }),
    );
  }
  showStatus(outcome.status === 'gone' ? 'deleted' : outcome.status);
  return outcome;
}

/** Version 0's completion reported a word; later versions report an outcome. */
function outcomeOfVersion0(result: OrderOutcome | string): OrderOutcome {
  if (typeof result !== 'string') return result;
  return { status: result === 'completed' ? 'completed' : result === 'already-cancelled' ? 'cancelled' : 'gone' };
}
