/**
 * The order saga (versions 1 and 2): its state, its message handlers, and one step runner that
 * shows the stage, registers the step's compensation before acting and marks the step done.
 *
 *   wait out the processing delay → validate → screen for fraud (v2) → reserve inventory → authorize payment
 *   → (manual review above the threshold) → book shipment → capture payment → hand over → completed
 *
 * When a step fails, or the order is cancelled, the compensations of the steps already begun run in
 * reverse order.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  condition,
  isCancellation,
  log,
  patched,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import { isAbove } from '../../shared/money.js';
import {
  approveUpdate,
  cancelUpdate,
  type CancelRequest,
  type OrderOutcome,
  type OrderProgress,
  type OrderWorkflowInput,
  progressQuery,
  rejectUpdate,
  type ReviewDecision,
  type SagaStage,
} from '../messages.js';
import type { ProcessingSnapshot } from '../steps/index.js';
import { type FinalStatus, outcomeOfRejection } from './failure-outcomes.js';
import { compensations, handOver, payments, shipping, steps } from './proxies.js';
import { cancelReason, OrderGone, SagaStopped, showStatus } from './saga-state.js';

/** Authorizations are captured this long before they lapse, at the latest. */
const AUTHORIZATION_MARGIN_MS = 60_000;

interface Compensation {
  name: string;
  run: () => Promise<unknown>;
}

interface Step<T> {
  stage: SagaStage;
  /** Recorded in the progress once the action succeeded. */
  done: string;
  action: () => Promise<T>;
  /** Registered before the action: an action that timed out may still have happened. */
  compensation?: Compensation;
  /** The reason to fail with when the action's retries run out (anything but a business refusal). */
  failsAs?: string;
}

export class OrderSaga {
  private readonly progress: OrderProgress = { stage: 'waiting', completedSteps: [], cancellable: true };
  private readonly compensations: Compensation[] = [];
  /** Everything up to the hand-over runs in this scope, which a cancellation interrupts. */
  private readonly processing = new CancellationScope();
  private cancelRequest: CancelRequest | undefined;
  private decision: { approved: boolean; by: ReviewDecision } | undefined;
  private ending = false;

  constructor(private readonly input: OrderWorkflowInput) {}

  async run(): Promise<OrderOutcome> {
    this.registerHandlers();
    try {
      await this.processing.run(() => this.process());
    } catch (error) {
      this.progress.outcome = error instanceof OrderGone ? { status: 'gone' } : await this.stop(error);
    }
    this.progress.stage = 'done';
    this.progress.cancellable = false;
    const outcome = this.progress.outcome!;
    showStatus(outcome.status === 'gone' ? 'deleted' : outcome.status);
    log.info('order workflow finished', { orderId: this.input.orderId, ...outcome });
    return outcome;
  }

  private async process(): Promise<void> {
    const { orderId } = this.input;
    await sleep(this.input.processingDelayMs);
    const order = await this.step({ stage: 'validating', done: 'validated', action: () => this.begin() });

    // Version 2 screens for fraud before holding stock or money. Orders started before this change
    // have no such step in their history; patched() lets them replay and carry on without it.
    if (patched('fraud-check')) {
      await this.step({ stage: 'screening', done: 'fraud_screened', action: () => steps.screenForFraud({ orderId, customerId: order.customerId }) });
    }
    // Orders created with only a total (no items) have nothing to reserve or ship.
    const hasGoods = order.items.length > 0;
    if (hasGoods) {
      await this.step({
        stage: 'reserving_inventory',
        done: 'inventory_reserved',
        compensation: { name: 'release inventory', run: () => compensations.releaseInventory(orderId) },
        action: () => steps.reserveInventory(orderId),
      });
    }
    const authorizationKey = this.key('authorize');
    const authorization = await this.step({
      stage: 'authorizing_payment',
      done: 'payment_authorized',
      compensation: { name: 'void payment', run: () => compensations.voidPayment({ orderId, authorizationKey }) },
      action: () => payments.authorizePayment({ orderId, amount: order.totalAmount, paymentMethod: order.paymentMethod, idempotencyKey: authorizationKey }),
    });
    this.progress.authorizationExpiresAt = authorization.expiresAtMs;

    if (isAbove(order.totalAmount, this.input.reviewThreshold)) await this.review(authorization.expiresAtMs);

    const shipmentKey = this.key('ship');
    if (hasGoods) {
      await this.step({
        stage: 'booking_shipment',
        done: 'shipment_booked',
        compensation: { name: 'cancel shipment', run: () => compensations.cancelShipment({ orderId, shipmentKey }) },
        action: () => shipping.bookShipment({ orderId, idempotencyKey: shipmentKey }),
        failsAs: 'shipping_unavailable',
      });
    }
    await this.capture(order, authorization);
    await this.handOver(hasGoods, shipmentKey);
  }

  /** pending → processing; an order that never became visible is gone. */
  private async begin(): Promise<ProcessingSnapshot> {
    const order = await steps.beginProcessing(this.input.orderId);
    if (!order) throw new OrderGone();
    showStatus('processing');
    return order;
  }

  private async capture(order: ProcessingSnapshot, authorization: { authorizationId: string; expiresAtMs: number }): Promise<void> {
    const { orderId } = this.input;
    // A lapsed authorization cannot be captured; fail instead of trying.
    if (Date.now() >= authorization.expiresAtMs) throw new SagaStopped('failed', 'authorization_expired');
    const captureKey = this.key('capture');
    // From the moment the money moves, a cancel is refused: accepting one now could not be honoured
    // by anything but a refund of a parcel that is about to leave.
    this.progress.cancellable = false;
    await this.step({
      stage: 'capturing_payment',
      done: 'payment_captured',
      compensation: { name: 'refund payment', run: () => compensations.refundPayment({ orderId, captureKey, idempotencyKey: this.key('refund') }) },
      action: () => payments.capturePayment({ orderId, authorizationId: authorization.authorizationId, amount: order.totalAmount, idempotencyKey: captureKey }),
    });
  }

  /** The point of no return: nothing interrupts it. */
  private async handOver(hasGoods: boolean, shipmentKey: string): Promise<void> {
    const { orderId } = this.input;
    await CancellationScope.nonCancellable(async () => {
      if (hasGoods) {
        await this.step({ stage: 'handing_over', done: 'shipment_handed_over', action: () => handOver.handOverShipment({ orderId, shipmentKey }) });
      }
      this.progress.outcome = await steps.completeOrder(orderId, { requireProcessing: true });
    });
  }

  private async review(authorizationExpiresAtMs: number): Promise<void> {
    const { orderId, reviewTimeoutMs } = this.input;
    this.progress.stage = 'awaiting_review';
    showStatus('awaiting_review');
    const now = Date.now(); // the SDK's deterministic clock inside workflows
    const wait = Math.max(0, Math.min(reviewTimeoutMs, authorizationExpiresAtMs - AUTHORIZATION_MARGIN_MS - now));
    this.progress.reviewDeadline = now + wait;
    await steps.recordOrderEvent({
      orderId,
      type: 'review.requested',
      details: { deadline: new Date(now + wait).toISOString() },
      dedupeKey: 'review.requested',
    });
    if (!(await condition(() => this.decision !== undefined, wait))) {
      const reason = wait < reviewTimeoutMs ? 'authorization_expired' : 'review_timed_out';
      await steps.recordOrderEvent({ orderId, type: 'review.timed_out', details: { reason }, dedupeKey: 'review.decided' });
      throw new SagaStopped(reason === 'authorization_expired' ? 'failed' : 'cancelled', reason);
    }
    const { approved, by } = this.decision!;
    const details = { actor: by.actor, ...(by.note ? { note: by.note } : {}) };
    await steps.recordOrderEvent({ orderId, type: approved ? 'review.approved' : 'review.rejected', details, dedupeKey: 'review.decided' });
    if (!approved) throw new SagaStopped('cancelled', 'review_rejected');
    this.progress.completedSteps.push('review_approved');
    showStatus('processing');
  }

  private async step<T>({ stage, done, action, compensation, failsAs }: Step<T>): Promise<T> {
    this.progress.stage = stage;
    if (compensation) this.compensations.push(compensation);
    let result: T;
    try {
      result = await action();
    } catch (error) {
      if (failsAs && error instanceof ActivityFailure && !isCancellation(error) && !outcomeOfRejection(error)) throw new SagaStopped('failed', failsAs);
      throw error;
    }
    this.progress.completedSteps.push(done);
    return result;
  }

  /** Runs the compensations of the steps begun, in reverse, then ends the order. */
  private async stop(error: unknown): Promise<OrderOutcome> {
    this.ending = true;
    const { orderId } = this.input;
    const { status, reason } = this.classify(error);
    log.info('order stopping', { orderId, status, reason, compensations: this.compensations.map((c) => c.name) });
    // Compensations must finish even when the workflow itself is being cancelled.
    return CancellationScope.nonCancellable(async () => {
      this.progress.stage = 'compensating';
      for (const compensation of [...this.compensations].reverse()) {
        try {
          await compensation.run();
        } catch (failure) {
          // Only a permanent refusal gets here (infrastructure errors retry for ever). The other
          // compensations and the final status must still happen; this one needs a person.
          log.error('compensation refused; continuing with the others', { orderId, compensation: compensation.name, failure: String(failure) });
        }
      }
      return steps.endOrder({ orderId, status, reason, actor: this.cancelRequest?.actor });
    });
  }

  /** How a failure ends the order: a final status and a machine-readable reason for the timeline. */
  private classify(error: unknown): { status: FinalStatus; reason: string } {
    if (error instanceof SagaStopped) return { status: error.status, reason: error.reason };
    if (isCancellation(error)) return { status: 'cancelled', reason: this.cancelRequest ? cancelReason(this.cancelRequest) : 'workflow_cancelled' };
    return outcomeOfRejection(error) ?? { status: 'failed', reason: 'processing_error' };
  }

  private key(step: string): string {
    return `${workflowInfo().workflowId}/${step}`;
  }

  private registerHandlers(): void {
    setHandler(progressQuery, () => this.progress);
    setHandler(cancelUpdate, (request) => this.cancel(request), { validator: (_request: CancelRequest) => this.validateCancel() });
    setHandler(approveUpdate, (by) => this.decide(true, by), { validator: (_by: ReviewDecision) => this.validateDecision() });
    setHandler(rejectUpdate, (by) => this.decide(false, by), { validator: (_by: ReviewDecision) => this.validateDecision() });
  }

  private async cancel(request: CancelRequest): Promise<OrderOutcome> {
    this.cancelRequest ??= request;
    this.processing.cancel();
    await condition(() => this.progress.outcome !== undefined);
    return this.progress.outcome!;
  }

  private validateCancel(): void {
    if (!this.progress.cancellable)
      throw ApplicationFailure.nonRetryable(
        'The payment is being captured or the parcel handed to the carrier; the order can no longer be cancelled.',
        'CancelRefused',
      );
    if (this.ending && !this.cancelRequest)
      throw ApplicationFailure.nonRetryable('The order is already ending; it can no longer be cancelled.', 'CancelRefused');
  }

  private decide(approved: boolean, by: ReviewDecision): OrderProgress {
    this.decision = { approved, by };
    return this.progress;
  }

  private validateDecision(): void {
    if (this.progress.stage !== 'awaiting_review' || this.decision || this.ending || this.cancelRequest) {
      throw ApplicationFailure.nonRetryable(`The order is not awaiting review (it is at ${this.progress.stage}).`, 'NotAwaitingReview');
    }
  }
}
