/**
 * OrderWorkflow drives one order through its saga (version 1; version 2 added the fraud check;
 * orders of version 0, before the saga, still finish the way they started):
 *
 *   wait out the processing delay → validate → screen for fraud (v2) → reserve inventory → authorize payment
 *   → (manual review above the threshold) → book shipment → capture payment → hand over → completed
 *
 * When a step fails, or the order is cancelled, the compensations of the steps already begun run in
 * reverse order. It runs in Temporal's deterministic sandbox: it imports only @temporalio/workflow,
 * pure helpers and types; every side effect is an activity.
 */
import {
  ActivityCancellationType,
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  condition,
  isCancellation,
  log,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { InventoryActivities } from '../inventory/activities.js';
import type { PaymentActivities } from '../payments/activities.js';
import type { ShippingActivities } from '../shipping/activities.js';
import type { OrderStepActivities } from './activities.js';
import {
  approveUpdate,
  cancelUpdate,
  type CancelRequest,
  legacyStatusChanged,
  type OrderOutcome,
  type OrderProgress,
  type OrderWorkflowInput,
  progressQuery,
  rejectUpdate,
  type ReviewDecision,
  type SagaStage,
} from './messages.js';
import { isAbove } from '../shared/money.js';
import { ORDER_STATUS } from './search-attributes.js';

export type { OrderOutcome, OrderWorkflowInput } from './messages.js';

/** Every activity the saga calls, whichever capability implements it. */
export type OrderSagaActivities = OrderStepActivities & InventoryActivities & PaymentActivities & ShippingActivities;

/** Infrastructure errors (PostgreSQL, a provider down) retry with backoff until they succeed. */
const UNTIL_IT_WORKS = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' } as const;

/**
 * A cancelled step is waited for until it has really stopped (or finished): otherwise its
 * compensation could run while the step is still acting, and miss what it does.
 */
const WAIT_FOR_IT = ActivityCancellationType.WAIT_CANCELLATION_COMPLETED;

const steps = proxyActivities<OrderSagaActivities>({ startToCloseTimeout: '10 seconds', retry: UNTIL_IT_WORKS, cancellationType: WAIT_FOR_IT });

/** Compensations call the same providers as the actions: the same patience, and they never give up. */
const compensate = proxyActivities<OrderSagaActivities>({ startToCloseTimeout: '2 minutes', heartbeatTimeout: '10 seconds', retry: UNTIL_IT_WORKS });

/** Provider calls may be slow: they heartbeat, so a lost worker is noticed long before the timeout. */
const payments = proxyActivities<PaymentActivities>({
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '10 seconds',
  retry: { ...UNTIL_IT_WORKS, nonRetryableErrorTypes: ['PaymentDeclined'] },
  cancellationType: WAIT_FOR_IT,
});

/** A carrier that keeps failing is "shipping impossible": the order fails and is compensated. */
const shipping = proxyActivities<ShippingActivities>({
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '10 seconds',
  retry: {
    initialInterval: '500 milliseconds',
    backoffCoefficient: 2,
    maximumInterval: '10 seconds',
    maximumAttempts: 5,
    nonRetryableErrorTypes: ['ShipmentRefused'],
  },
  cancellationType: WAIT_FOR_IT,
});

/** Handing over happens past the point of no return: it retries until the carrier takes the parcel. */
const handOver = proxyActivities<ShippingActivities>({ startToCloseTimeout: '2 minutes', heartbeatTimeout: '10 seconds', retry: UNTIL_IT_WORKS });

/** Stops the saga with a final status; raised by the workflow's own rules (review rejected, timed out). */
class SagaStopped extends Error {
  constructor(
    readonly status: 'cancelled' | 'failed',
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** The order disappeared (its create transaction never committed): nothing to process or undo. */
class OrderGone extends Error {}

/** Authorizations are captured this long before they lapse, at the latest. */
const AUTHORIZATION_MARGIN_MS = 60_000;

export async function OrderWorkflow(input: OrderWorkflowInput): Promise<OrderOutcome> {
  const { orderId } = input;
  // Version 0's input had no review settings (inputs are fixed in the history, so this is deterministic).
  const version0 = (input as Partial<OrderWorkflowInput>).reviewThreshold === undefined;
  const key = (step: string) => `${workflowInfo().workflowId}/${step}`;
  const progress: OrderProgress = { stage: 'waiting', completedSteps: [], cancellable: true };
  const compensations: { name: string; run: () => Promise<unknown> }[] = [];
  let cancelRequest: CancelRequest | undefined;
  let decision: { approved: boolean; by: ReviewDecision } | undefined;
  let ending = false;

  const enter = (stage: SagaStage) => {
    progress.stage = stage;
  };
  const done = (step: string) => progress.completedSteps.push(step);
  const showStatus = (status: string) => upsertSearchAttributes([{ key: ORDER_STATUS, value: status }]);

  // Everything up to the hand-over runs in this scope, which a cancellation interrupts.
  const processing = new CancellationScope();

  setHandler(progressQuery, () => progress);
  setHandler(legacyStatusChanged, (status) => showStatus(status));
  setHandler(
    cancelUpdate,
    async (request) => {
      cancelRequest ??= request;
      processing.cancel();
      await condition(() => progress.outcome !== undefined);
      return progress.outcome!;
    },
    {
      validator: (_request: CancelRequest) => {
        if (!progress.cancellable)
          throw ApplicationFailure.nonRetryable('The parcel has been handed to the carrier; the order can no longer be cancelled.', 'CancelRefused');
        if (ending && !cancelRequest) throw ApplicationFailure.nonRetryable('The order is already ending; it can no longer be cancelled.', 'CancelRefused');
      },
    },
  );
  const decide = (approved: boolean) => (by: ReviewDecision) => {
    decision = { approved, by };
    return progress;
  };
  const validateDecision = (_decision: ReviewDecision) => {
    if (progress.stage !== 'awaiting_review' || decision || ending || cancelRequest) {
      throw ApplicationFailure.nonRetryable(`The order is not awaiting review (it is at ${progress.stage}).`, 'NotAwaitingReview');
    }
  };
  setHandler(approveUpdate, decide(true), { validator: validateDecision });
  setHandler(rejectUpdate, decide(false), { validator: validateDecision });

  async function review(): Promise<void> {
    enter('awaiting_review');
    showStatus('awaiting_review');
    const now = Date.now(); // the SDK's deterministic clock inside workflows
    const untilLapse = progress.authorizationExpiresAt! - AUTHORIZATION_MARGIN_MS - now;
    const wait = Math.max(0, Math.min(input.reviewTimeoutMs, untilLapse));
    progress.reviewDeadline = now + wait;
    await steps.recordOrderEvent({
      orderId,
      type: 'review.requested',
      details: { deadline: new Date(progress.reviewDeadline).toISOString() },
      dedupeKey: 'review.requested',
    });
    if (!(await condition(() => decision !== undefined, wait))) {
      const reason = wait < input.reviewTimeoutMs ? 'authorization_expired' : 'review_timed_out';
      await steps.recordOrderEvent({ orderId, type: 'review.timed_out', details: { reason }, dedupeKey: 'review.decided' });
      throw reason === 'authorization_expired' ? new SagaStopped('failed', reason) : new SagaStopped('cancelled', reason);
    }
    const { approved, by } = decision!;
    await steps.recordOrderEvent({
      orderId,
      type: approved ? 'review.approved' : 'review.rejected',
      details: { actor: by.actor, ...(by.note ? { note: by.note } : {}) },
      dedupeKey: 'review.decided',
    });
    if (!approved) throw new SagaStopped('cancelled', 'review_rejected');
    done('review_approved');
    showStatus('processing');
  }

  async function process(): Promise<void> {
    await sleep(input.processingDelayMs);

    // Version 0, before the saga, only waited and then completed the order. Its orders (accepted
    // without payment or stock) finish the old way, whether they replay or are still waiting.
    if (version0) {
      progress.outcome = outcomeOfVersion0(await steps.completeOrder(orderId));
      return;
    }

    enter('validating');
    const order = await steps.beginProcessing(orderId);
    if (!order) throw new OrderGone();
    showStatus('processing');
    done('validated');

    // Version 2 screens for fraud before holding stock or money. Orders started before this change
    // have no such step in their history; patched() lets them replay and carry on without it
    // (test/orders/replay.test.ts replays recorded histories of both versions).
    if (patched('fraud-check')) {
      enter('screening');
      await steps.screenForFraud({ orderId, customerId: order.customerId });
      done('fraud_screened');
    }

    if (order.items.length > 0) {
      enter('reserving_inventory');
      // Registered before the action: a reservation that timed out may still have been made.
      compensations.push({ name: 'release inventory', run: () => compensate.releaseInventory(orderId) });
      await steps.reserveInventory(orderId);
      done('inventory_reserved');
    }

    enter('authorizing_payment');
    const authorizationKey = key('authorize');
    compensations.push({ name: 'void payment', run: () => compensate.voidPayment({ orderId, authorizationKey }) });
    const authorization = await payments.authorizePayment({
      orderId,
      amount: order.totalAmount,
      paymentMethod: order.paymentMethod,
      idempotencyKey: authorizationKey,
    });
    progress.authorizationExpiresAt = authorization.expiresAtMs;
    done('payment_authorized');

    if (isAbove(order.totalAmount, input.reviewThreshold)) await review();

    // Orders created with only a total (no items) have nothing to reserve or ship.
    const hasGoods = order.items.length > 0;
    const shipmentKey = key('ship');
    if (hasGoods) {
      enter('booking_shipment');
      compensations.push({ name: 'cancel shipment', run: () => compensate.cancelShipment({ orderId, shipmentKey }) });
      await shipping.bookShipment({ orderId, idempotencyKey: shipmentKey });
      done('shipment_booked');
    }

    // A lapsed authorization cannot be captured; fail instead of trying.
    if (Date.now() >= authorization.expiresAtMs) throw new SagaStopped('failed', 'authorization_expired');
    enter('capturing_payment');
    const captureKey = key('capture');
    compensations.push({ name: 'refund payment', run: () => compensate.refundPayment({ orderId, captureKey, idempotencyKey: key('refund') }) });
    await payments.capturePayment({ orderId, authorizationId: authorization.authorizationId, amount: order.totalAmount, idempotencyKey: captureKey });
    done('payment_captured');

    // The point of no return: from here the order cannot be cancelled, and nothing interrupts it.
    progress.cancellable = false;
    await CancellationScope.nonCancellable(async () => {
      if (hasGoods) {
        enter('handing_over');
        await handOver.handOverShipment({ orderId, shipmentKey });
        done('shipment_handed_over');
      }
      progress.outcome = await steps.completeOrder(orderId, { requireProcessing: true });
    });
  }

  try {
    await processing.run(process);
  } catch (error) {
    if (error instanceof OrderGone) {
      progress.outcome = { status: 'gone' };
    } else if (version0 && !cancelRequest) {
      // Version 0 cancelled from Temporal (its API cancelled the row first): during its delay it
      // updated its search attribute, and either way it ended as Cancelled. A cancel sent by this
      // version's API (an Update) takes the path below instead, which ends the order itself.
      if (isCancellation(error) && progress.stage === 'waiting') showStatus('cancelled');
      throw error;
    } else {
      ending = true;
      const { status, reason } = classify(error, cancelRequest);
      log.info('order stopping', { orderId, status, reason, compensations: compensations.map((c) => c.name) });
      // Compensations must finish even when the workflow itself is being cancelled.
      progress.outcome = await CancellationScope.nonCancellable(async () => {
        enter('compensating');
        for (const compensation of compensations.reverse()) {
          try {
            await compensation.run();
          } catch (failure) {
            // Only a permanent refusal gets here (infrastructure errors retry for ever). The other
            // compensations and the final status must still happen; this one needs a person.
            log.error('compensation refused; continuing with the others', { orderId, compensation: compensation.name, failure: String(failure) });
          }
        }
        return steps.endOrder({ orderId, status, reason, actor: cancelRequest?.actor });
      });
    }
  }
  enter('done');
  progress.cancellable = false;
  showStatus(progress.outcome!.status === 'gone' ? 'deleted' : progress.outcome!.status);
  log.info('order workflow finished', { orderId, ...progress.outcome });
  return progress.outcome!;
}

/** How a failure ends the order: a final status and a machine-readable reason for the timeline. */
function classify(error: unknown, cancelRequest: CancelRequest | undefined): { status: 'cancelled' | 'failed'; reason: string } {
  if (error instanceof SagaStopped) return { status: error.status, reason: error.reason };
  if (isCancellation(error)) {
    return {
      status: 'cancelled',
      reason: cancelRequest ? `cancelled_by_${cancelRequest.role === 'customer' ? 'customer' : 'operator'}` : 'workflow_cancelled',
    };
  }
  if (error instanceof ActivityFailure && error.cause instanceof ApplicationFailure) {
    const failure = error.cause;
    const code = (failure.details?.[0] as { code?: string } | undefined)?.code;
    switch (failure.type) {
      case 'OutOfStock':
        return { status: 'cancelled', reason: 'out_of_stock' };
      case 'PaymentDeclined':
      case 'ShipmentRefused':
      case 'FraudSuspected':
        return { status: 'failed', reason: code ?? 'declined' };
    }
  }
  // The carrier kept failing (or timing out) until the retry policy gave up.
  if (error instanceof ActivityFailure && error.activityType === 'bookShipment') return { status: 'failed', reason: 'shipping_unavailable' };
  return { status: 'failed', reason: 'processing_error' };
}

/** Version 0's completion reported a word; this version's reports an outcome. */
function outcomeOfVersion0(result: OrderOutcome | string): OrderOutcome {
  if (typeof result !== 'string') return result;
  return { status: result === 'completed' ? 'completed' : result === 'already-cancelled' ? 'cancelled' : 'gone' };
}
