/**
 * Version 3 (`refund-declined`) of a return's last step. A refund the payment provider declines no
 * longer fails the workflow and leaves the return `received` for ever: the return becomes
 * `refund_failed` with the provider's reason on the timeline, and the workflow waits for an
 * operator's retry (the `retry-refund` Update) for the retry window, counted from the first decline.
 * Each attempt pays under its own idempotency key, and the next one starts only once the provider
 * has declined the last for good, so no two attempts can both pay. Deterministic workflow code.
 */
import { ActivityFailure, allHandlersFinished, ApplicationFailure, condition, setHandler } from '@temporalio/workflow';
import { PaymentDeclined } from '../../shared/errors.js';
import type { ReturnActivities } from '../activities.js';
import { type RefundRetry, retryRefundUpdate, type ReturnOutcome } from '../messages.js';

/** RETURN_REFUND_RETRY_WINDOW's default, for returns whose input predates the setting. */
export const DEFAULT_REFUND_RETRY_WINDOW_MS = 30 * 24 * 3600_000;

/**
 * The provider's decline of a refund, read from the failure's type, which the one mapping of domain
 * errors to Temporal failures (src/temporal/activity-failures.ts) fixes per error class; never from
 * its text. Undefined for any other failure.
 */
export function refundDeclineOf(error: unknown): { reason: string; message: string } | undefined {
  const failure = error instanceof ActivityFailure ? error.cause : undefined;
  if (!(failure instanceof ApplicationFailure) || failure.type !== PaymentDeclined.failureType) return undefined;
  const code = (failure.details?.[0] as { code?: unknown } | undefined)?.code;
  return { reason: typeof code === 'string' ? code : 'declined', message: failure.message };
}

export interface RefundSteps {
  refund: ReturnActivities['refundReturn'];
  recordDecline: ReturnActivities['recordRefundFailed'];
}

export class RefundAttempts {
  /** Attempts started, and attempts whose outcome (refunded, or declined and recorded) is stored. */
  private started = 0;
  private settled = 0;
  /** An operator's retry, accepted and not yet started. */
  private retry: RefundRetry | undefined;
  /** `refund_failed` and waiting for a retry: the only time one is accepted. */
  private waiting = false;
  private closed = false;

  constructor(
    private readonly returnId: number,
    private readonly retryWindowMs: number,
    private readonly steps: RefundSteps,
  ) {}

  /** Refunds, and after a decline waits for retries until one pays or the window closes. */
  async run(): Promise<ReturnOutcome> {
    this.listenForRetries();
    const outcome = await this.untilSettled();
    // The retry that paid answers its caller before the workflow ends (else the answer is lost).
    await condition(allHandlersFinished);
    return outcome;
  }

  private async untilSettled(): Promise<ReturnOutcome> {
    let retryUntil: number | undefined;
    let retriedBy: string | undefined;
    for (;;) {
      const declined = await this.attempt(retriedBy);
      if (!declined) return 'refunded';
      retryUntil ??= Date.now() + this.retryWindowMs;
      await this.steps.recordDecline({
        returnId: this.returnId,
        attempt: this.started,
        ...declined,
        retryUntil: new Date(retryUntil).toISOString(),
        retriedBy,
      });
      this.settled = this.started;
      this.waiting = true;
      const left = retryUntil - Date.now();
      const retried = left > 0 && (await condition(() => this.retry !== undefined, left));
      // A retry accepted in the same moment as the window closed still counts.
      if (!retried && this.retry === undefined) {
        this.waiting = false;
        this.closed = true;
        return 'refund_failed';
      }
      retriedBy = this.retry!.actor;
      this.retry = undefined;
    }
  }

  /** One attempt under its own key; the provider's decline, or undefined once it paid (and is recorded refunded). */
  private async attempt(retriedBy: string | undefined): Promise<{ reason: string; message: string } | undefined> {
    this.started += 1;
    const attempt = this.started;
    try {
      // The first attempt asks as every version did (`return-<id>/refund`).
      await this.steps.refund(attempt === 1 ? { returnId: this.returnId } : { returnId: this.returnId, attempt, retriedBy });
    } catch (error) {
      const declined = refundDeclineOf(error);
      if (!declined) throw error;
      return declined;
    }
    this.settled = attempt;
    return undefined;
  }

  private listenForRetries(): void {
    setHandler(
      retryRefundUpdate,
      async (retry) => {
        this.waiting = false;
        this.retry = retry;
        const mine = this.started + 1;
        // Answers with the attempt's outcome: the API then shows the return refunded, or declined again.
        await condition(() => this.settled >= mine);
      },
      {
        validator: (_retry: RefundRetry) => {
          if (this.closed) throw new Error("The return's refund retry window has closed; settle its refund outside this system.");
          if (!this.waiting) throw new Error('The return is not waiting for a refund retry (its refund has not been declined, or an attempt is under way).');
        },
      },
    );
  }
}
