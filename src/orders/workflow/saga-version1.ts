/**
 * Versions 1 and 2 of the saga (2 added the fraud check), every step an activity:
 *
 *   wait out the processing delay → validate → screen for fraud (v2) → reserve inventory → authorize payment
 *   → (manual review above the threshold) → book shipment → capture payment → hand over → completed
 *
 * Orders started by these versions replay and finish with this code (test/orders/replay.test.ts).
 */
import { CancellationScope, patched, sleep } from '@temporalio/workflow';
import { isAbove } from '../../shared/money.js';
import type { OrderWorkflowInput } from '../messages.js';
import type { ProcessingSnapshot } from '../steps/index.js';
import { compensations, handOver, payments, shipping, steps } from './proxies.js';
import { OrderSaga } from './saga.js';
import { OrderGone, SagaStopped, showStatus } from './saga-state.js';

export class OrderSagaVersion1 extends OrderSaga {
  constructor(input: OrderWorkflowInput) {
    super(input, steps);
  }

  protected async process(): Promise<void> {
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
    this.pointOfNoReturn();
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
}
