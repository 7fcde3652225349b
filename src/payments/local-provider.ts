/**
 * A local payment provider that behaves like a real one: it keeps authorizations, captures and
 * refunds in PostgreSQL (migrations/0006), honours idempotency keys, declines by fixed rules, and can
 * be made slow or flaky. Not a stub: the saga's retries and compensations run against real state.
 *
 * Decline rules (authorize; also in src/payments/README.md):
 * - a payment method that does not start with `pm_` → `invalid_payment_method`
 * - `pm_card_declined` → `card_declined`; `pm_card_insufficient_funds` → `insufficient_funds`;
 *   `pm_card_expired` → `expired_card`; `pm_card_visa` and any other `pm_...` approve
 * - an amount of 0.00 → `invalid_amount`; above `declineAbove` (default 50000.00) → `amount_too_large`
 * A decline is stored under the idempotency key: every retry throws the same PaymentDeclined.
 *
 * Capture refusals (PaymentDeclined, also stored under the capture's key): `authorization_not_found`
 * (not stored: there is nothing to attach it to), `authorization_declined`, `authorization_voided`,
 * `already_captured` (another key captured it: at most one capture per authorization),
 * `authorization_expired`, `invalid_amount`, `amount_exceeds_authorization`.
 *
 * Void: 'voided' once, then 'already-voided'; 'captured' if captured; 'not-found' for an unknown key,
 * another order's authorization (left untouched) or a declined one. A void of an unknown key leaves a
 * voided tombstone under it, so an authorize that arrives later (an attempt that outlived its timeout)
 * is refused `authorization_voided` and holds nothing; so is any authorize of a voided key. Refunds
 * (src/payments/local-refunds.ts): partial ones, many per capture, never above it; refundCapture
 * returns what is left, 'refunded' (also when nothing is), or 'not-found' for an unknown or refused
 * capture or another order's. With `declineRefunds` on (read per call) every new refund is declined
 * `refund_declined`: a provider that will not pay back for a while, until it is switched off.
 *
 * Any call that reuses an idempotency key for a different request → `idempotency_key_reused`.
 * Concurrency: captures and refunds lock their authorization or capture row; void is one conditional
 * UPDATE; unique indexes back both up, so racing calls cannot capture or refund twice.
 */
import { inTransaction, type Pool, type PoolClient } from '../db/pool.js';
import type { Money } from '../shared/money.js';
import { PaymentDeclined } from '../shared/errors.js';
import { reachProviderDatabase } from '../shared/provider-database.js';
import { createFaultInjector, type SimulatedFaultOptions } from '../shared/simulated-faults.js';
import { money, toCents } from './amounts.js';
import { authorizationDecline, declineMessage } from './decline-rules.js';
import { createLocalRefunds, type RefundBehaviour } from './local-refunds.js';
import type { Authorization, Capture, PaymentProvider } from './provider.js';
import * as queries from './queries.queries.js';

export interface LocalPaymentProviderOptions extends SimulatedFaultOptions, RefundBehaviour {
  /** How long an authorization holds the money. Default 7 days. */
  authorizationTtlMs?: number;
  /** Authorizations above this amount are declined `amount_too_large`. Default "50000.00". */
  declineAbove?: Money;
}

const PROVIDER = 'local-payments';
const DEFAULT_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** What fits a BIGINT id; anything else cannot name an authorization. */
const ID = /^[1-9]\d{0,17}$/;

function declined(code: string): PaymentDeclined {
  return new PaymentDeclined(code, declineMessage(code));
}

export function createLocalPaymentProvider(pool: Pool, options: LocalPaymentProviderOptions = {}): PaymentProvider {
  const ttlMs = options.authorizationTtlMs ?? DEFAULT_TTL_MS;
  if (!(Number.isFinite(ttlMs) && ttlMs > 0)) throw new RangeError(`${PROVIDER}: authorizationTtlMs must be a positive number (got ${ttlMs})`);
  const declineAboveCents = toCents(options.declineAbove ?? '50000.00', 'declineAbove');
  const faults = createFaultInjector(PROVIDER, options);
  const db = <T>(call: () => Promise<T>) => reachProviderDatabase(PROVIDER, call);
  const refunds = createLocalRefunds(pool, db, options);

  /** The stored authorization for the key: the answer to this request and all its retries. */
  function authorizationOutcome(
    row: queries.IFindAuthorizationByKeyResult,
    request: { orderId: number; amountCents: bigint; paymentMethod: string },
  ): Authorization {
    // Voided before (or while) this attempt ran, e.g. a void tombstone: nothing may be held under this key any more.
    if (row.order_id === String(request.orderId) && row.state === 'voided') throw declined('authorization_voided');
    if (row.order_id !== String(request.orderId) || toCents(row.amount) !== request.amountCents || row.payment_method !== request.paymentMethod) {
      throw declined('idempotency_key_reused');
    }
    if (row.state === 'declined') throw declined(row.decline_code!);
    return { authorizationId: row.id, amount: money(row.amount), expiresAt: row.expires_at };
  }

  function captureOutcome(row: queries.IFindCaptureByKeyResult, request: { authorizationId: string; amountCents: bigint }): Capture {
    if (row.authorization_id !== request.authorizationId || toCents(row.amount) !== request.amountCents) throw declined('idempotency_key_reused');
    if (row.state === 'failed') throw declined(row.failure_code!);
    return { captureId: row.id, amount: money(row.amount) };
  }

  /** Why this capture is refused, or undefined when it may go ahead; `auth` is locked. */
  function captureRefusal(auth: queries.ILockAuthorizationResult, amountCents: bigint): string | undefined {
    if (auth.state === 'declined') return 'authorization_declined';
    if (auth.state === 'voided') return 'authorization_voided';
    if (auth.state === 'captured') return 'already_captured';
    if (auth.expired) return 'authorization_expired';
    if (amountCents <= 0n) return 'invalid_amount';
    if (amountCents > toCents(auth.amount)) return 'amount_exceeds_authorization';
    return undefined;
  }

  async function findCapture(idempotencyKey: string, tx: PoolClient): Promise<queries.IFindCaptureByKeyResult> {
    const [row] = await queries.findCaptureByKey.run({ idempotencyKey }, tx);
    // Only reached after an insert of this key conflicted, so the row exists.
    if (!row) throw new Error(`capture ${idempotencyKey} vanished`);
    return row;
  }

  return {
    async authorize({ idempotencyKey, orderId, amount, paymentMethod }) {
      await faults.beforeCall('authorize', idempotencyKey);
      const amountCents = toCents(amount);
      const declineCode = authorizationDecline({ amountCents, paymentMethod, declineAboveCents });
      const request = { orderId, amountCents, paymentMethod };
      const row = await db(async () => {
        // The decision goes in with the key, in one statement: two racing calls with one key insert
        // one row, and the loser reads the winner's.
        const [inserted] = await queries.insertAuthorization.run(
          {
            idempotencyKey,
            orderId,
            amount: money(amount),
            paymentMethod,
            state: declineCode ? 'declined' : 'authorized',
            declineCode,
            ttlSeconds: ttlMs / 1000,
          },
          pool,
        );
        if (inserted) return inserted;
        const [existing] = await queries.findAuthorizationByKey.run({ idempotencyKey }, pool);
        if (!existing) throw new Error(`authorization ${idempotencyKey} vanished`);
        return existing;
      });
      return authorizationOutcome(row, request);
    },

    async capture({ idempotencyKey, authorizationId, amount }) {
      await faults.beforeCall('capture', idempotencyKey);
      const amountCents = toCents(amount);
      if (!ID.test(authorizationId)) throw declined('authorization_not_found');
      const request = { authorizationId, amountCents };
      // The transaction returns the stored capture, refused or not, and the outcome is decided after
      // COMMIT: a refusal thrown inside would roll back its own record.
      const row = await db(() =>
        inTransaction(pool, async (tx) => {
          // The authorization's row lock serialises every capture and void of it.
          const [auth] = await queries.lockAuthorization.run({ id: authorizationId }, tx);
          if (!auth) throw declined('authorization_not_found');
          const [existing] = await queries.findCaptureByKey.run({ idempotencyKey }, tx);
          if (existing) return existing;
          const refusal = captureRefusal(auth, amountCents);
          const [inserted] = await queries.insertCapture.run(
            {
              idempotencyKey,
              authorizationId,
              orderId: auth.order_id,
              amount: money(amount),
              state: refusal ? 'failed' : 'succeeded',
              failureCode: refusal,
            },
            tx,
          );
          // No row: the key was taken by a concurrent capture of another authorization.
          if (!inserted) return findCapture(idempotencyKey, tx);
          if (!refusal) await queries.markAuthorizationCaptured.run({ id: authorizationId }, tx);
          return inserted;
        }),
      );
      return captureOutcome(row, request);
    },

    async voidAuthorization({ authorizationKey, orderId }) {
      await faults.beforeCall('void', authorizationKey);
      return db(async () => {
        // A conditional UPDATE: it waits for a concurrent capture's lock and then sees its result.
        // Between the UPDATE finding nothing and the read, only an authorization with this key
        // committing in between can appear; then the UPDATE is worth one more go.
        for (let attempt = 0; attempt < 3; attempt++) {
          const voided = await queries.voidAuthorization.run({ idempotencyKey: authorizationKey, orderId }, pool);
          if (voided.length > 0) return 'voided';
          const [row] = await queries.findOwnedAuthorizationState.run({ idempotencyKey: authorizationKey, orderId }, pool);
          if (!row) {
            // Nothing under this key for this order: leave a voided tombstone, so an authorize still on
            // its way cannot hold money afterwards. Another order's key stays as it is (not found).
            const [tombstone] = await queries.insertVoidedTombstone.run({ idempotencyKey: authorizationKey, orderId }, pool);
            if (tombstone) return 'not-found';
            const [raced] = await queries.findOwnedAuthorizationState.run({ idempotencyKey: authorizationKey, orderId }, pool);
            if (!raced) return 'not-found';
            continue;
          }
          // A declined authorization never held anything: there is nothing to void.
          if (row.state === 'declined') return 'not-found';
          if (row.state === 'voided') return 'already-voided';
          if (row.state === 'captured') return 'captured';
        }
        throw new Error(`authorization ${authorizationKey} could not be voided: it kept changing`);
      });
    },

    async refundCapture(request) {
      await faults.beforeCall('refund', request.idempotencyKey);
      return refunds.refundCapture(request);
    },

    async refund(request) {
      await faults.beforeCall('refund', request.idempotencyKey);
      return refunds.refund(request);
    },
  };
}
