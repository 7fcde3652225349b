/**
 * The order saga's state, its message handlers, and one step runner that shows the stage, registers
 * the step's compensation before acting and marks the step done. Each version's steps are a
 * subclass (saga-version1.ts, saga-version3.ts).
 *
 * When a step fails, or the order is cancelled, the compensations of the steps already begun run in
 * reverse order.
 */
import { ApplicationFailure, CancellationScope, condition, isCancellation, log, setHandler, workflowInfo } from '@temporalio/workflow';
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
import type { OrderSagaActivities } from '../steps/index.js';
import { type FinalStatus, isActivityFailure, outcomeOfRejection } from './failure-outcomes.js';
import { cancelReason, OrderGone, SagaStopped, showStatus } from './saga-state.js';

/** The two steps every version calls on its own terms (as an activity, or a local activity). */
export type SagaRecords = Pick<OrderSagaActivities, 'recordOrderEvent' | 'endOrder'>;

/** Authorizations are captured this long before they lapse, at the latest. */
const AUTHORIZATION_MARGIN_MS = 60_000;

export interface Compensation {
  name: string;
  run: () => Promise<unknown>;
}

export interface Step<T> {
  stage: SagaStage;
  /** Recorded in the progress once the action succeeded. */
  done: string;
  action: () => Promise<T>;
  /** Registered before the action: an action that timed out may still have happened. */
  compensation?: Compensation;
  /** The reason to fail with when the action's retries run out (anything but a business refusal). */
  failsAs?: string;
}

export abstract class OrderSaga {
  protected readonly progress: OrderProgress = { stage: 'waiting', completedSteps: [], cancellable: true };
  private readonly compensations: Compensation[] = [];
  /** Everything up to the point of no return runs in this scope, which a cancellation interrupts. */
  private readonly processing = new CancellationScope();
  private cancelRequest: CancelRequest | undefined;
  private decision: { approved: boolean; by: ReviewDecision } | undefined;
  /**
   * Set when the review's wait ends (decided, or its timer fired): from then on a decision is refused.
   * While the timeout is being recorded the stage still reads awaiting_review, and a decision accepted
   * then would be answered 200 and ignored. State only: no command depends on it.
   */
  private reviewClosed = false;

  /** Awaiting a decision that has not been taken yet (an edit then is the reviewer's to judge). */
  protected isInReview(): boolean {
    return this.progress.stage === 'awaiting_review' && !this.reviewClosed;
  }
  private ending = false;
  /** True while a step's action runs: an edit waits for it to end (version 4). */
  protected stepRunning = false;
  /** Edits accepted and not yet concluded: the next step, and the compensations, wait for them. */
  protected editsOpen = 0;

  constructor(
    protected readonly input: OrderWorkflowInput,
    private readonly records: SagaRecords,
  ) {}

  /** The version's steps, up to and including the order's completion. */
  protected abstract process(): Promise<void>;

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

  protected async review(authorizationExpiresAtMs: number): Promise<void> {
    const { orderId, reviewTimeoutMs } = this.input;
    this.progress.stage = 'awaiting_review';
    showStatus('awaiting_review');
    const now = Date.now(); // the SDK's deterministic clock inside workflows
    const wait = Math.max(0, Math.min(reviewTimeoutMs, authorizationExpiresAtMs - AUTHORIZATION_MARGIN_MS - now));
    this.progress.reviewDeadline = now + wait;
    await this.records.recordOrderEvent({
      orderId,
      type: 'review.requested',
      details: { deadline: new Date(now + wait).toISOString() },
      dedupeKey: 'review.requested',
    });
    const decided = await condition(() => this.decision !== undefined, wait);
    this.reviewClosed = true;
    if (!decided) {
      const reason = wait < reviewTimeoutMs ? 'authorization_expired' : 'review_timed_out';
      await this.records.recordOrderEvent({ orderId, type: 'review.timed_out', details: { reason }, dedupeKey: 'review.decided' });
      throw new SagaStopped(reason === 'authorization_expired' ? 'failed' : 'cancelled', reason);
    }
    const { approved, by } = this.decision!;
    const details = { actor: by.actor, ...(by.note ? { note: by.note } : {}) };
    await this.records.recordOrderEvent({ orderId, type: approved ? 'review.approved' : 'review.rejected', details, dedupeKey: 'review.decided' });
    if (!approved) throw new SagaStopped('cancelled', 'review_rejected');
    this.progress.completedSteps.push('review_approved');
    showStatus('processing');
  }

  protected async step<T>({ stage, done, action, compensation, failsAs }: Step<T>): Promise<T> {
    // An edit is applied between steps, never during one, once the payment is authorized (it adjusts
    // that authorization). Asked only when one is open: no edit, no change to the history.
    if (this.editsOpen > 0 && this.progress.completedSteps.includes('payment_authorized')) await condition(() => this.editsOpen === 0);
    this.progress.stage = stage;
    if (compensation) this.compensations.push(compensation);
    let result: T;
    this.stepRunning = true;
    try {
      result = await action();
    } catch (error) {
      if (failsAs && isActivityFailure(error) && !isCancellation(error) && !outcomeOfRejection(error)) throw new SagaStopped('failed', failsAs);
      throw error;
    } finally {
      this.stepRunning = false;
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
      // An edit under way finishes first (one waiting gives up on seeing `ending`), so its compensation is among these.
      if (this.editsOpen > 0) await condition(() => this.editsOpen === 0);
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
      return this.records.endOrder({ orderId, status, reason, actor: this.cancelRequest?.actor });
    });
  }

  /** How a failure ends the order: a final status and a machine-readable reason for the timeline. */
  private classify(error: unknown): { status: FinalStatus; reason: string } {
    if (error instanceof SagaStopped) return { status: error.status, reason: error.reason };
    if (isCancellation(error)) return { status: 'cancelled', reason: this.cancelRequest ? cancelReason(this.cancelRequest) : 'workflow_cancelled' };
    return outcomeOfRejection(error) ?? { status: 'failed', reason: 'processing_error' };
  }

  /** The order is stopping (cancelled, failed, or a cancel was accepted): nothing new may start. */
  protected isEnding(): boolean {
    return this.ending || this.cancelRequest !== undefined;
  }

  /** A compensation for something done outside a step (an edit's new authorization). */
  protected addCompensation(compensation: Compensation): void {
    this.compensations.push(compensation);
  }

  protected key(step: string): string {
    return `${workflowInfo().workflowId}/${step}`;
  }

  /**
   * At the start of run(), synchronously: a signal buffered before the workflow began is dispatched
   * as its handler is set, so a handler must find the subclass's fields initialized (not the case
   * inside a superclass's constructor).
   */
  protected registerHandlers(): void {
    setHandler(progressQuery, () => this.progress);
    setHandler(cancelUpdate, (request) => this.cancel(request), { validator: (_request: CancelRequest) => this.validateCancel() });
    setHandler(approveUpdate, (by) => this.decide(true, by), { validator: (_by: ReviewDecision) => this.validateDecision() });
    setHandler(rejectUpdate, (by) => this.decide(false, by), { validator: (_by: ReviewDecision) => this.validateDecision() });
  }

  /** From here on a cancel is refused: accepting one could not be honoured (the money moves). */
  protected pointOfNoReturn(): void {
    this.progress.cancellable = false;
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
    if (this.reviewClosed && !this.decision) {
      throw ApplicationFailure.nonRetryable('The review of this order has closed: its deadline passed, and the decision was not taken.', 'ReviewClosed');
    }
    if (this.progress.stage !== 'awaiting_review' || this.decision || this.ending || this.cancelRequest) {
      throw ApplicationFailure.nonRetryable(`The order is not awaiting review (it is at ${this.progress.stage}).`, 'NotAwaitingReview');
    }
    // The reviewer decides on the order as it will be charged: an approval during an edit would capture a total nobody saw.
    if (this.editsOpen > 0) {
      throw ApplicationFailure.nonRetryable('An edit of this order is being applied; read the order again and decide on the edited one.', 'EditUnderWay');
    }
  }
}
