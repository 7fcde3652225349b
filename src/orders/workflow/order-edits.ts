/**
 * Edits before fulfilment (workflow version 4, behind patched('order-edits'), asked only when an
 * edit arrives, so histories without edits are unchanged). An edit is a Temporal Update:
 * - its validator refuses once the shipment is being booked (the carrier has the lines and the
 *   address from then on), while another edit is open, once the order is ending, and when it raises
 *   the total above the review threshold outside the review;
 * - its handler waits until the payment is authorized and no step runs (the saga's next step waits
 *   for it in turn), then re-authorizes the new total under the edit's own key, applies the stock
 *   difference, lines and address in one transaction on the version the edit was made on, and only
 *   then voids the authorization it replaced. A decline, a shortage or a stale version refuses the
 *   edit and leaves the order as it was (the edit's own authorization is voided).
 */
import { ActivityFailure, ApplicationFailure, condition, patched } from '@temporalio/workflow';
import { EditRefused, OutOfStock, PaymentDeclined } from '../../shared/errors.js';
import { isAbove, type Money } from '../../shared/money.js';
import type { OrderEditRequest, OrderEditResult, OrderProgress, SagaStage } from '../messages.js';
import { compensations, local, payments } from './proxies.js';
import type { Compensation } from './saga.js';

/** The patch that marks, in a version 4 history, the first edit of the order. */
export const ORDER_EDITS_PATCH = 'order-edits';

/** Until the shipment is being booked: later, the carrier has the parcel's contents and address. */
const EDITABLE_STAGES: ReadonlySet<SagaStage> = new Set([
  'waiting',
  'validating',
  'screening',
  'reserving_inventory',
  'authorizing_payment',
  'awaiting_review',
]);

/** Why an edit was refused, for the API (409, or 412 for `stale_version`). */
const REFUSAL_CODE = new Map([
  [OutOfStock.failureType, 'out_of_stock'],
  [PaymentDeclined.failureType, 'payment_declined'],
  [EditRefused.failureType, 'stale_version'],
]);

export const EDIT_REFUSED = 'EditRefused';

const refused = (message: string, code: string) => ApplicationFailure.nonRetryable(message, EDIT_REFUSED, { code });

/** What the editor needs from the saga. */
export interface EditHost {
  orderId: number;
  /** ORDER_REVIEW_THRESHOLD, as the order started with it. */
  reviewThreshold: Money;
  progress: OrderProgress;
  isEnding(): boolean;
  isInReview(): boolean;
  isStepRunning(): boolean;
  openEdits(change: 1 | -1): number;
  key(step: string): string;
  addCompensation(compensation: Compensation): void;
}

export interface CurrentAuthorization {
  authorizationId: string;
  expiresAtMs: number;
  amount: Money;
}

export class OrderEditor {
  private edits = 0;
  private open = 0;
  /** The authorization that covers the order since the last edit that changed its total. */
  current: CurrentAuthorization | undefined;
  private currentKey: string;

  constructor(private readonly host: EditHost) {
    this.currentKey = host.key('authorize');
  }

  validate(change: OrderEditRequest): void {
    const { stage } = this.host.progress;
    if (this.host.isEnding()) throw refused('The order is ending; it can no longer be edited.', 'ending');
    if (this.open > 0) throw refused('Another edit of this order is being applied; read the order again once it is done.', 'edit_open');
    if (!EDITABLE_STAGES.has(stage))
      throw refused(`The order's shipment is being booked or it is past that (it is at ${stage}); it can no longer be edited.`, 'booked');
    // Otherwise an order placed below the threshold (or approved at its old total, a moment after the
    // decision) could be raised past it with no review at all. In review, the reviewer decides on the
    // edited order.
    const raised = isAbove(change.totalAmount, change.previousTotal);
    if (raised && isAbove(change.totalAmount, this.host.reviewThreshold) && !this.host.isInReview())
      throw refused(
        `The new total is above the review threshold (${this.host.reviewThreshold}) and this order is not in review: it would skip the review. Place a new order for the rest.`,
        'needs_review',
      );
  }

  async apply(change: OrderEditRequest): Promise<OrderEditResult> {
    this.open = this.host.openEdits(1);
    try {
      patched(ORDER_EDITS_PATCH);
      const { progress } = this.host;
      await condition(() => this.host.isEnding() || (!this.host.isStepRunning() && progress.completedSteps.includes('payment_authorized')));
      if (this.host.isEnding()) throw refused('The order is ending; it can no longer be edited.', 'ending');
      if (!EDITABLE_STAGES.has(progress.stage)) throw refused(`The order is at ${progress.stage}; it can no longer be edited.`, 'booked');
      return await this.applyNow(++this.edits, change);
    } finally {
      this.open = this.host.openEdits(-1);
    }
  }

  private async applyNow(edit: number, change: OrderEditRequest): Promise<OrderEditResult> {
    const { orderId } = this.host;
    const replacement = change.totalAmount === change.previousTotal ? undefined : await this.reauthorize(edit, change);
    let version: number;
    try {
      version = await local.applyOrderEdit({ orderId, edit, change, ...(replacement ? { authorizationId: replacement.authorizationId } : {}) });
    } catch (error) {
      if (replacement) await compensations.voidEditedAuthorization({ orderId, authorizationKey: replacement.key });
      throw refusalOf(error);
    }
    if (replacement) {
      const { key } = replacement;
      this.host.addCompensation({ name: `void payment of edit ${edit}`, run: () => compensations.voidPayment({ orderId, authorizationKey: key }) });
      await compensations.voidEditedAuthorization({ orderId, authorizationKey: this.currentKey });
      this.currentKey = key;
      this.current = { authorizationId: replacement.authorizationId, expiresAtMs: replacement.expiresAtMs, amount: change.totalAmount };
      this.host.progress.authorizationExpiresAt = replacement.expiresAtMs;
    }
    return { version, edit };
  }

  /** The new total, held under the edit's own key next to the old authorization; a decline refuses the edit. */
  private async reauthorize(edit: number, change: OrderEditRequest) {
    const key = this.host.key(`edit-${edit}/authorize`);
    try {
      const authorization = await payments.authorizeEdit({
        orderId: this.host.orderId,
        amount: change.totalAmount,
        paymentMethod: change.paymentMethod,
        idempotencyKey: key,
      });
      return { ...authorization, key };
    } catch (error) {
      throw refusalOf(error);
    }
  }
}

/** A step's business refusal as the edit's refusal; anything else stays as it is. */
function refusalOf(error: unknown): unknown {
  const failure = error instanceof ActivityFailure ? error.cause : error;
  if (!(failure instanceof ApplicationFailure)) return error;
  const code = REFUSAL_CODE.get(failure.type ?? '');
  return code ? refused(failure.message, code) : error;
}
