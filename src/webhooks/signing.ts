/**
 * Webhook signatures, exactly as Standard Webhooks (standardwebhooks.com) specifies, so receivers can
 * use any of its reference verifiers. Each delivery carries
 *   webhook-id:        the order event id (the same on every retry: receivers deduplicate on it)
 *   webhook-timestamp: unix seconds of this attempt
 *   webhook-signature: v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<raw body>">
 * keyed with the base64-decoded part of the endpoint secret after `whsec_`. The id and the
 * timestamp are signed, so a captured request cannot be replayed under another id or later than
 * the receiver's tolerance.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const ID_HEADER = 'webhook-id';
export const TIMESTAMP_HEADER = 'webhook-timestamp';
export const SIGNATURE_HEADER = 'webhook-signature';

const SECRET_PREFIX = 'whsec_';

/** 32 random bytes in standard base64 (what the reference verifiers decode), after the spec's `whsec_` prefix. */
export function generateWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}

/**
 * The HMAC key of a secret. Node's base64 decoder also reads the URL-safe alphabet, so secrets
 * issued before the switch to standard base64 (`whsec_` + base64url) keep their key.
 */
function signingKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64');
}

/** The `webhook-signature` value for one message: `v1,` and the base64 HMAC of `${id}.${timestamp}.${body}`. */
export function signWebhook(secret: string, message: { id: string; timestamp: number; body: string | Buffer }): string {
  const mac = createHmac('sha256', signingKey(secret)).update(`${message.id}.${message.timestamp}.`).update(message.body).digest('base64');
  return `v1,${mac}`;
}

/** The three Standard Webhooks headers of one attempt at delivering `body` as message `id`. */
export function webhookHeaders(secret: string, id: string, body: string | Buffer, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  return { [ID_HEADER]: id, [TIMESTAMP_HEADER]: String(timestamp), [SIGNATURE_HEADER]: signWebhook(secret, { id, timestamp, body }) };
}

/** How far a signed message's timestamp may be from now (Standard Webhooks' recommended tolerance). */
export const SIGNATURE_TOLERANCE_SECONDS = 5 * 60;

/**
 * Verifies a Standard Webhooks message as a receiver: the three headers present, the timestamp
 * within the tolerance, and one of the `v1,` signatures (space-separated) the HMAC of this body.
 * Compared in constant time. Returns why it does not verify, or undefined when it does.
 */
export function webhookVerificationFailure(
  secret: string,
  headers: Record<string, string | string[] | undefined>,
  body: string | Buffer,
  nowSeconds = Math.floor(Date.now() / 1000),
): string | undefined {
  const [id, timestamp, signatures] = [ID_HEADER, TIMESTAMP_HEADER, SIGNATURE_HEADER].map((name) => headers[name]);
  if (typeof id !== 'string' || typeof timestamp !== 'string' || typeof signatures !== 'string')
    return `send ${ID_HEADER}, ${TIMESTAMP_HEADER} and ${SIGNATURE_HEADER}`;
  const seconds = /^\d{1,12}$/.test(timestamp) ? Number(timestamp) : NaN;
  if (!(Math.abs(nowSeconds - seconds) <= SIGNATURE_TOLERANCE_SECONDS)) return `${TIMESTAMP_HEADER} is not within ${SIGNATURE_TOLERANCE_SECONDS} s of now`;
  const expected = Buffer.from(signWebhook(secret, { id, timestamp: seconds, body }));
  const matches = signatures
    .split(' ')
    .map((candidate) => Buffer.from(candidate))
    .some((candidate) => candidate.length === expected.length && timingSafeEqual(candidate, expected));
  return matches ? undefined : 'the signature does not match';
}
