import { log } from '@temporalio/activity';
import { stepEvent } from '../events.js';
import type { Money } from '../../shared/money.js';
import type { OrderRepository } from '../repository.js';
import type { OrderMetrics } from '../../observability/metrics.js';
import { PaymentDeclined } from '../../shared/errors.js';
import { withHeartbeat } from '../../temporal/heartbeat.js';
import type { PaymentProvider } from '../../payments/provider.js';

export interface PaymentStepDeps {
  payments: PaymentProvider;
  orders: OrderRepository;
  metrics: OrderMetrics;
}

/**
 * The saga's payment steps. The provider call carries the idempotency key the workflow derived from
 * its id and step, so a retried attempt never moves money twice; the timeline event that follows
 * carries a dedupe key, so a retry records it once.
 */
export function createPaymentSteps({ payments, orders, metrics }: PaymentStepDeps) {
  const record = (orderId: number, type: Parameters<typeof stepEvent>[0], details: Record<string, unknown>) =>
    orders.appendEvent(orderId, stepEvent(type, details), undefined, type);

  return {
    async authorizePayment(request: {
      orderId: number;
      amount: Money;
      paymentMethod: string;
      idempotencyKey: string;
    }): Promise<{ authorizationId: string; expiresAtMs: number }> {
      try {
        const authorization = await withHeartbeat(() => payments.authorize(request));
        await record(request.orderId, 'payment.authorized', {
          authorization_id: authorization.authorizationId,
          amount: authorization.amount,
          expires_at: authorization.expiresAt.toISOString(),
        });
        return { authorizationId: authorization.authorizationId, expiresAtMs: authorization.expiresAt.getTime() };
      } catch (error) {
        if (error instanceof PaymentDeclined) {
          await record(request.orderId, 'payment.declined', { code: error.code, message: error.message });
          metrics.paymentDeclined(error.code);
        }
        throw error;
      }
    },

    async capturePayment(request: { orderId: number; authorizationId: string; amount: Money; idempotencyKey: string }): Promise<void> {
      const capture = await withHeartbeat(() => payments.capture(request));
      await record(request.orderId, 'payment.captured', { capture_id: capture.captureId, amount: capture.amount });
    },

    /** Compensation: releases the held amount, if the authorization exists and is this order's. */
    async voidPayment(request: { orderId: number; authorizationKey: string }): Promise<void> {
      const result = await withHeartbeat(() => payments.voidAuthorization(request));
      // 'already-voided' too: an earlier attempt may have voided and died before recording it.
      if (result === 'voided' || result === 'already-voided') await record(request.orderId, 'payment.voided', {});
      if (result === 'voided') metrics.compensated('void_payment');
      if (result === 'captured') log.warn('authorization to void was captured; the refund compensation returns the money', { orderId: request.orderId });
    },

    /** Compensation: returns a captured amount, if the capture exists and is this order's. */
    async refundPayment(request: { orderId: number; captureKey: string; idempotencyKey: string }): Promise<void> {
      const result = await withHeartbeat(() => payments.refundCapture(request));
      if (result !== 'refunded') return;
      await record(request.orderId, 'payment.refunded', {});
      metrics.compensated('refund_payment');
    },
  };
}
