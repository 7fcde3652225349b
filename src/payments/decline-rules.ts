/**
 * When the local provider declines an authorization: a pure function of the request, so that the
 * rules are documented and tested in one place (src/payments/README.md lists them).
 */

/** Payment methods that always decline, and how. Any other `pm_...` method approves. */
export const DECLINING_PAYMENT_METHODS: ReadonlyMap<string, string> = new Map([
  ['pm_card_declined', 'card_declined'],
  ['pm_card_insufficient_funds', 'insufficient_funds'],
  ['pm_card_expired', 'expired_card'],
]);

export const DECLINE_MESSAGES: Readonly<Record<string, string>> = {
  card_declined: 'The card was declined.',
  insufficient_funds: 'The card has insufficient funds.',
  expired_card: 'The card has expired.',
  amount_too_large: 'The amount is above what this provider authorizes in one payment.',
  invalid_amount: 'The amount must be greater than zero.',
  invalid_payment_method: 'The payment method is not a pm_... identifier this provider knows.',
  authorization_not_found: 'There is no such authorization.',
  authorization_declined: 'The authorization was declined; there is nothing to capture.',
  authorization_voided: 'The authorization was voided; there is nothing to capture.',
  authorization_expired: 'The authorization has expired; authorize again.',
  already_captured: 'The authorization has already been captured (with another idempotency key).',
  amount_exceeds_authorization: 'The capture amount exceeds the authorized amount.',
  capture_not_found: 'There is no successful capture of this order under that key.',
  amount_exceeds_refundable: 'The refund is more than what is left of the capture after its other refunds.',
  idempotency_key_reused: 'This idempotency key was used before for a different request.',
  refund_declined: 'The payment provider declined the refund.',
};

export function declineMessage(code: string): string {
  return DECLINE_MESSAGES[code] ?? `Declined: ${code}.`;
}

/** The decline code for an authorization request, or undefined when it is approved. */
export function authorizationDecline(request: { amountCents: bigint; paymentMethod: string; declineAboveCents: bigint }): string | undefined {
  if (!request.paymentMethod.startsWith('pm_')) return 'invalid_payment_method';
  const byMethod = DECLINING_PAYMENT_METHODS.get(request.paymentMethod);
  if (byMethod) return byMethod;
  if (request.amountCents <= 0n) return 'invalid_amount';
  if (request.amountCents > request.declineAboveCents) return 'amount_too_large';
  return undefined;
}
