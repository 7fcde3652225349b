/**
 * Version 4 of the saga: version 3's steps, and then the parcel is followed to the door. Settling
 * (capture and hand-over, the point of no return) leaves the order `shipped`; the carrier's reports
 * (signal `shipmentUpdate`, sent by POST /carriers/{carrier}/events) move it on:
 *
 *   … → settle: capture, hand over, ship → shipped → delivered → completed
 *                                                   → lost / damaged → refund → failed (parcel_lost, parcel_damaged)
 *                                                   → returned_to_sender → restock, refund → failed (returned_to_sender)
 *
 * Reports are applied monotonically (a late or repeated one never moves the parcel back), and no
 * report for `deliveryStallTimeoutMs` raises an operator task while the order keeps waiting.
 * Orders without goods have nothing to follow: they complete as in version 3.
 */
import { CancellationScope, condition, patched, setHandler } from '@temporalio/workflow';
import type { OrderEditRequest, OrderWorkflowInput, ShipmentState, ShipmentUpdate } from '../messages.js';
import { editUpdate, shipmentUpdateSignal } from '../messages.js';
import { OrderEditor } from './order-edits.js';
import type { ProcessingSnapshot } from '../steps/index.js';
import { compensations, local, settlement } from './proxies.js';
import { OrderSagaVersion3 } from './saga-version3.js';
import { SagaStopped, showStatus } from './saga-state.js';

/** The patch that marks version 4 in a history. */
export const DELIVERY_TRACKING_PATCH = 'delivery-tracking';

/** From this patch on, a shipped order ignores a cancel of its workflow. */
const IGNORE_CANCEL_WHEN_SHIPPED_PATCH = 'ignore-cancel-when-shipped';

/** When an order started without a stall timeout in its input (never by this code: the API always sends one). */
export const DEFAULT_DELIVERY_STALL_TIMEOUT_MS = 3 * 24 * 3600_000;

/** How far along each carrier state is: a report applies only when it moves a parcel further. */
export const RANK: Record<ShipmentState, number> = { in_transit: 1, delivered: 2, lost: 2, damaged: 2, returned_to_sender: 2 };
export const isFinal = (state: ShipmentState) => RANK[state] === 2;

/** How each exception ends the order (after the refund). */
export const FAILURE_REASON: Partial<Record<ShipmentState, string>> = {
  lost: 'parcel_lost',
  damaged: 'parcel_damaged',
  returned_to_sender: 'returned_to_sender',
};

export class OrderSagaVersion4 extends OrderSagaVersion3 {
  /** The furthest state the carrier reported; the first final state reported stays. */
  private reported: ShipmentUpdate | undefined;
  /** Every report counts as a sign of life, even one that moves nothing. */
  private reportsHeard = 0;

  /** Edits before fulfilment (src/orders/workflow/order-edits.ts). */
  protected readonly editor: OrderEditor;

  constructor(input: OrderWorkflowInput) {
    super(input);
    this.editor = new OrderEditor({
      orderId: input.orderId,
      reviewThreshold: input.reviewThreshold,
      progress: this.progress,
      isEnding: () => this.isEnding(),
      isInReview: () => this.isInReview(),
      isStepRunning: () => this.stepRunning,
      openEdits: (change) => (this.editsOpen += change),
      key: (step) => this.key(step),
      addCompensation: (compensation) => this.addCompensation(compensation),
    });
    setHandler(editUpdate, (change) => this.editor.apply(change), { validator: (change: OrderEditRequest) => this.editor.validate(change) });
  }

  protected override registerHandlers(): void {
    super.registerHandlers();
    setHandler(shipmentUpdateSignal, (update) => this.onShipmentUpdate(update));
  }

  protected onShipmentUpdate(update: ShipmentUpdate): void {
    this.reportsHeard++;
    if (!Object.hasOwn(RANK, update.state)) return;
    const current = this.reported;
    if (!current || RANK[update.state] > RANK[current.state]) this.reported = update;
  }

  protected override async settle(
    snapshot: ProcessingSnapshot,
    original: { authorizationId: string; expiresAtMs: number },
    shipmentKey: string | undefined,
  ): Promise<void> {
    if (!shipmentKey) return super.settle(snapshot, original, shipmentKey);
    const { authorization, order } = this.toCapture(snapshot, original);
    const { orderId } = this.input;
    // A lapsed authorization cannot be captured; fail instead of trying.
    if (Date.now() >= authorization.expiresAtMs) throw new SagaStopped('failed', 'authorization_expired');
    this.pointOfNoReturn();
    const captureKey = this.key('capture');
    await CancellationScope.nonCancellable(() =>
      this.step({
        stage: 'capturing_payment',
        done: 'settled',
        compensation: { name: 'refund payment', run: () => compensations.refundPayment({ orderId, captureKey, idempotencyKey: this.key('refund') }) },
        action: () => settlement.settleAndShip({ orderId, authorizationId: authorization.authorizationId, amount: order.totalAmount, captureKey, shipmentKey }),
      }),
    );
    this.progress.stage = 'awaiting_delivery';
    this.progress.completedSteps.push('shipped');
    showStatus('shipped');
    // The goods are with the carrier and the money captured: a cancel of the workflow itself (Temporal
    // UI or CLI) is ignored from here, as the API's cancel is refused, instead of refunding in full.
    // Behind a patch: a history cancelled here before this change must replay the cancellation.
    if (patched(IGNORE_CANCEL_WHEN_SHIPPED_PATCH)) await CancellationScope.nonCancellable(async () => this.endOfDelivery(await this.followParcel()));
    else await this.endOfDelivery(await this.followParcel());
  }

  /** An edit that changed the total replaced the authorization: the new one is captured, for the new total. */
  protected toCapture(snapshot: ProcessingSnapshot, original: { authorizationId: string; expiresAtMs: number }) {
    const edited = this.editor.current;
    return { authorization: edited ?? original, order: edited ? { ...snapshot, totalAmount: edited.amount } : snapshot };
  }

  /** Waits for the carrier's final report, recording each state reached; a quiet carrier raises an operator task, once per silence. */
  private async followParcel(): Promise<ShipmentUpdate> {
    const { orderId } = this.input;
    const quietForMs = this.input.deliveryStallTimeoutMs ?? DEFAULT_DELIVERY_STALL_TIMEOUT_MS;
    let recorded: ShipmentState | undefined;
    let stalls = 0;
    let stalled = false;
    for (;;) {
      const update = this.reported;
      if (update && update.state !== recorded) {
        await local.recordShipmentUpdate({ orderId, state: update.state, eventId: update.eventId, occurredAt: update.occurredAt });
        recorded = update.state;
        stalled = false;
        this.progress.stage = 'awaiting_delivery';
        if (isFinal(update.state)) return update;
        continue;
      }
      const heard = this.reportsHeard;
      if (await condition(() => this.reportsHeard !== heard, quietForMs)) continue;
      if (stalled) continue;
      stalled = true;
      this.progress.stage = 'delivery_stalled';
      await local.markDeliveryStalled({ orderId, quietForMs, count: ++stalls });
    }
  }

  /** Delivered completes the order; an exception stops the saga, whose compensations refund the capture. */
  private async endOfDelivery(update: ShipmentUpdate): Promise<void> {
    const { orderId } = this.input;
    if (update.state === 'delivered') {
      this.progress.outcome = await local.completeDelivery({ orderId, deliveredAt: update.occurredAt });
      return;
    }
    // A returned parcel is back on our shelf; a lost or damaged one is not (src/shipping/README.md).
    if (update.state === 'returned_to_sender') await local.restockReturnedParcel({ orderId });
    throw new SagaStopped('failed', FAILURE_REASON[update.state] ?? 'processing_error');
  }
}
