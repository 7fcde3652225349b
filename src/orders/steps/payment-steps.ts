import { log } from '@temporalio/activity';
import type { Pool } from '../../db/pool.js';
import type { OrderMetrics } from '../../observability/metrics.js';
import type { PaymentProvider } from '../../payments/provider.js';
import { PaymentDeclined } from '../../shared/errors.js';
import type { Money } from '../../shared/money.js';
import { withHeartbeat } from '../../temporal/heartbeat.js';
import type { SagaStage } from '../messages.js';
import type { OrderRepository } from '../repository.js';
import { COMPENSATING, stepRecorder } from './step-record.js';

export interface PaymentStepDeps {
  pool: Pool;
  payments: PaymentProvider;
  orders: OrderRepository;
  metrics: OrderMetrics;
}

export interface AuthorizationRequest {
  orderId: number;
  amount: Money;
  paymentMethod: string;
  idempotencyKey: string;
}

/**
 * The authorization, recorded on the order under the stage the calling step is at: its own step's
 * `authorizing_payment`, or version 6's merged step, which is `booking_shipment` from its start.
 */
export function createAuthorization({ pool, payments, orders, metrics }: PaymentStepDeps) {
  const step = stepRecorder(pool, orders);
  return async (request: AuthorizationRequest, stage: SagaStage): Promise<{ authorizationId: string; expiresAtMs: number }> => {
    await step.begin(request.orderId, { stage });
    try {
      const authorization = await withHeartbeat(() => payments.authorize(request));
      const expiresAt = authorization.expiresAt;
      await step.finish(
        request.orderId,
        'payment.authorized',
        { authorization_id: authorization.authorizationId, amount: authorization.amount, expires_at: expiresAt.toISOString() },
        { completedStep: 'payment_authorized', authorizationExpiresAt: expiresAt },
      );
      return { authorizationId: authorization.authorizationId, expiresAtMs: expiresAt.getTime() };
    } catch (error) {
      if (error instanceof PaymentDeclined) {
        await step.finish(request.orderId, 'payment.declined', { code: error.code, message: error.message });
        metrics.paymentDeclined(error.code);
      }
      throw error;
    }
  };
}

/**
 * The saga's payment steps. The provider call carries the idempotency key the workflow derived from
 * its id and step, so a retried attempt never moves money twice.
 */
export function createPaymentSteps({ pool, payments, orders, metrics }: PaymentStepDeps) {
  const step = stepRecorder(pool, orders);
  const authorize = createAuthorization({ pool, payments, orders, metrics });

  return {
    authorizePayment: (request: AuthorizationRequest) => authorize(request, 'authorizing_payment'),

    /** From the moment the capture starts, the order can no longer be cancelled (the workflow refuses too). */
    async capturePayment(request: { orderId: number; authorizationId: string; amount: Money; idempotencyKey: string }): Promise<void> {
      await step.begin(request.orderId, { stage: 'capturing_payment', cancellable: false });
      const capture = await withHeartbeat(() => payments.capture(request));
      await step.finish(request.orderId, 'payment.captured', { capture_id: capture.captureId, amount: capture.amount }, { completedStep: 'payment_captured' });
    },

    /** Compensation: releases the held amount, if the authorization exists and is this order's. */
    async voidPayment(request: { orderId: number; authorizationKey: string }): Promise<void> {
      await step.begin(request.orderId, COMPENSATING);
      const result = await withHeartbeat(() => payments.voidAuthorization(request));
      // 'already-voided' too: an earlier attempt may have voided and died before recording it.
      if (result === 'voided' || result === 'already-voided') await step.finish(request.orderId, 'payment.voided', {});
      if (result === 'voided') metrics.compensated('void_payment');
      if (result === 'captured') log.warn('authorization to void was captured; the refund compensation returns the money', { orderId: request.orderId });
    },

    /** Compensation: returns a captured amount, if the capture exists and is this order's. */
    async refundPayment(request: { orderId: number; captureKey: string; idempotencyKey: string }): Promise<void> {
      await step.begin(request.orderId, COMPENSATING);
      const result = await withHeartbeat(() => payments.refundCapture(request));
      if (result !== 'refunded') return;
      await orders.recordFullRefund(request.orderId);
      await step.finish(request.orderId, 'payment.refunded', {});
      metrics.compensated('refund_payment');
    },
  };
}
