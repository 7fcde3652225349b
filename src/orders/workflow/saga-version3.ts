/**
 * Version 3 of the saga: the steps that only touch this service's own database run as local
 * activities (no history events of their own beyond a marker), what is one decision is one step, and
 * provider calls stay activities with heartbeats:
 *
 *   (processing delay) → begin and screen → reserve inventory → authorize payment → (manual review)
 *   → book shipment → settle: capture, hand over and complete (the point of no return) → completed
 *
 * About half the history of version 2 per order (bench: "history events per order").
 */
import { CancellationScope, sleep } from '@temporalio/workflow';
import { isAbove } from '../../shared/money.js';
import type { OrderWorkflowInput } from '../messages.js';
import type { ProcessingSnapshot } from '../steps/index.js';
import { compensations, local, localCompensations, payments, settlement, shipping } from './proxies.js';
import { OrderSaga } from './saga.js';
import { OrderGone, SagaStopped } from './saga-state.js';

/** The patch that marks version 3 in a history. */
export const LOCAL_STEPS_PATCH = 'local-steps';

export class OrderSagaVersion3 extends OrderSaga {
  constructor(input: OrderWorkflowInput) {
    super(input, local);
  }

  protected async process(): Promise<void> {
    const { orderId, customerId, processingDelayMs } = this.input;
    if (processingDelayMs > 0) await sleep(processingDelayMs);
    const order = await this.step({ stage: 'validating', done: 'validated', action: () => this.begin(customerId) });
    const hasGoods = order.items.length > 0;
    if (hasGoods) {
      await this.step({
        stage: 'reserving_inventory',
        done: 'inventory_reserved',
        compensation: { name: 'release inventory', run: () => localCompensations.releaseInventory(orderId) },
        action: () => local.reserveInventory(orderId),
      });
    }
    const authorization = await this.authorize(order);
    if (isAbove(order.totalAmount, this.input.reviewThreshold)) await this.review(authorization.expiresAtMs);

    const shipmentKey = hasGoods ? await this.bookShipment() : undefined;
    await this.settle(order, authorization, shipmentKey);
  }

  protected async authorize(order: ProcessingSnapshot): Promise<{ authorizationId: string; expiresAtMs: number }> {
    const { orderId } = this.input;
    const authorizationKey = this.key('authorize');
    const authorization = await this.step({
      stage: 'authorizing_payment',
      done: 'payment_authorized',
      compensation: { name: 'void payment', run: () => compensations.voidPayment({ orderId, authorizationKey }) },
      action: () => payments.authorizePayment({ orderId, amount: order.totalAmount, paymentMethod: order.paymentMethod, idempotencyKey: authorizationKey }),
    });
    this.progress.authorizationExpiresAt = authorization.expiresAtMs;
    return authorization;
  }

  /** One shipment for the whole order (version 5 books one per stock location); returns its key. */
  protected async bookShipment(): Promise<string> {
    const { orderId } = this.input;
    const shipmentKey = this.key('ship');
    await this.step({
      stage: 'booking_shipment',
      done: 'shipment_booked',
      compensation: { name: 'cancel shipment', run: () => compensations.cancelShipment({ orderId, shipmentKey }) },
      action: () => shipping.bookShipment({ orderId, idempotencyKey: shipmentKey }),
      failsAs: 'shipping_unavailable',
    });
    return shipmentKey;
  }

  /** pending → processing and the fraud screen, in one local step; an order that never became visible is gone. */
  private async begin(customerId: number): Promise<ProcessingSnapshot> {
    const order = await local.beginAndScreen({ orderId: this.input.orderId, customerId });
    if (!order) throw new OrderGone();
    return order;
  }

  /**
   * Capture, hand-over and completion are one decision: once the money moves the order goes out. So
   * they are one step, past the point of no return, that retries until it succeeds (a capture refused
   * for a business reason still fails the order, which is then compensated).
   */
  protected async settle(
    order: ProcessingSnapshot,
    authorization: { authorizationId: string; expiresAtMs: number },
    shipmentKey: string | undefined,
  ): Promise<void> {
    const { orderId } = this.input;
    // A lapsed authorization cannot be captured; fail instead of trying.
    if (Date.now() >= authorization.expiresAtMs) throw new SagaStopped('failed', 'authorization_expired');
    this.pointOfNoReturn();
    const captureKey = this.key('capture');
    await CancellationScope.nonCancellable(async () => {
      this.progress.outcome = await this.step({
        stage: 'capturing_payment',
        done: 'settled',
        compensation: { name: 'refund payment', run: () => compensations.refundPayment({ orderId, captureKey, idempotencyKey: this.key('refund') }) },
        action: () =>
          settlement.settleOrder({
            orderId,
            authorizationId: authorization.authorizationId,
            amount: order.totalAmount,
            captureKey,
            ...(shipmentKey ? { shipmentKey } : {}),
          }),
      });
    });
  }
}
