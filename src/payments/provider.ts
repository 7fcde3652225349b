import type { Money } from '../shared/money.js';

/**
 * What the order saga needs from a payment service provider. A real deployment implements this
 * against its PSP; src/payments/local-provider.ts is a working local one that keeps its state in
 * PostgreSQL. Every call carries an idempotency key: the same key always yields the same result
 * (including the same decline), and never moves money twice.
 *
 * Errors: PaymentDeclined (business, never retried) and ProviderUnavailable (transient, retried),
 * both from src/shared/errors.ts.
 */
export interface PaymentProvider {
  /** Holds `amount` on the payment method until `expiresAt`. */
  authorize(request: { idempotencyKey: string; orderId: number; amount: Money; paymentMethod: string }): Promise<Authorization>;
  /** Takes (part of) an authorized amount. Refused with PaymentDeclined when the authorization expired or was voided. */
  capture(request: { idempotencyKey: string; authorizationId: string; amount: Money }): Promise<Capture>;
  /**
   * Releases the authorization made with `authorizationKey`, if there is one and it belongs to
   * `orderId` and is not captured. Returns what it found: nothing to void is not an error.
   */
  voidAuthorization(request: { authorizationKey: string; orderId: number }): Promise<'voided' | 'already-voided' | 'not-found' | 'captured'>;
  /**
   * Returns what is left of the capture made with `captureKey` (all of it unless partly refunded
   * before), if there is one and it belongs to `orderId`; 'refunded' also when nothing is left.
   */
  refundCapture(request: { idempotencyKey: string; captureKey: string; orderId: number }): Promise<'refunded' | 'not-found'>;
  /**
   * Returns `amount` of the capture made with `captureKey` (of `orderId`); a capture takes many.
   * Resolves once the money went back. PaymentDeclined: `capture_not_found`, `invalid_amount`,
   * `amount_exceeds_refundable` (more than the capture minus its pending and succeeded refunds),
   * `idempotency_key_reused` (the key was used for another capture, order or amount).
   */
  refund(request: { idempotencyKey: string; captureKey: string; orderId: number; amount: Money }): Promise<Refund>;
}

export interface Refund {
  refundId: string;
  amount: Money;
}

export interface Authorization {
  authorizationId: string;
  amount: Money;
  expiresAt: Date;
}

export interface Capture {
  captureId: string;
  amount: Money;
}
