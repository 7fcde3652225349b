import type { OrderOutcome } from '../messages.js';
import type { Money } from '../../shared/money.js';
import { createOrderSteps, type OrderStepDeps } from './order-steps.js';
import { createPaymentSteps, type PaymentStepDeps } from './payment-steps.js';
import { createShippingSteps, type ShippingStepDeps } from './shipping-steps.js';

/**
 * Version 3's last step: capture, hand over and complete, one after the other in one activity. Each
 * part is idempotent on its own (provider keys, dedupe keys, a conditional status change), so a retry
 * after any of them carries on where the previous attempt stopped.
 */
export function createSettleSteps(deps: OrderStepDeps & PaymentStepDeps & ShippingStepDeps) {
  const order = createOrderSteps(deps);
  const payment = createPaymentSteps(deps);
  const shipping = createShippingSteps(deps);

  return {
    async settleOrder(request: { orderId: number; authorizationId: string; amount: Money; captureKey: string; shipmentKey?: string }): Promise<OrderOutcome> {
      const { orderId, authorizationId, amount, captureKey, shipmentKey } = request;
      await payment.capturePayment({ orderId, authorizationId, amount, idempotencyKey: captureKey });
      if (shipmentKey) await shipping.handOverShipment({ orderId, shipmentKey });
      return order.completeOrder(orderId, { requireProcessing: true });
    },
  };
}
