/**
 * Refunds at the local payment provider (migration 0014): several per capture, each under its own
 * idempotency key, recorded `pending` and then settled `succeeded`, or stored `failed` with the
 * reason so that the same key keeps getting the same refusal. The capture's row lock serialises
 * refunds of one capture, and a CHECK on what the capture's pending and succeeded refunds hold
 * (`payment_captures.refund_held`, kept by a trigger) backs it: refunds never exceed the capture.
 */
import { inTransaction, type Pool, type PoolClient } from '../db/pool.js';
import type { Money } from '../shared/money.js';
import { fromCents } from '../shared/money.js';
import { PaymentDeclined } from '../shared/errors.js';
import { money, toCents } from './amounts.js';
import { declineMessage } from './decline-rules.js';
import type { Refund } from './provider.js';
import * as queries from './queries.queries.js';

type StoredRefund = queries.IFindRefundByKeyResult;

interface RefundRequest {
  idempotencyKey: string;
  captureKey: string;
  orderId: number;
  /** Undefined: a full refund of what is left. */
  amountCents?: bigint;
}

function declined(code: string): PaymentDeclined {
  return new PaymentDeclined(code, declineMessage(code));
}

/** How the local provider declines refunds on a bad day; read on every call, so a test can end it at run time. */
export interface RefundBehaviour {
  /** Every new refund is declined `refund_declined` (stored failed under its key, as every refusal). Default off. */
  declineRefunds?: boolean;
}

/** Why this refund is refused, or undefined; `capture` is locked. */
function refundRefusal(capture: queries.ILockOwnedCaptureResult, amountCents: bigint, behaviour: RefundBehaviour): string | undefined {
  if (amountCents <= 0n) return 'invalid_amount';
  if (amountCents > toCents(capture.amount) - toCents(capture.refund_held)) return 'amount_exceeds_refundable';
  if (behaviour.declineRefunds) return 'refund_declined';
  return undefined;
}

function sameRequest(stored: StoredRefund, request: RefundRequest): boolean {
  if (stored.capture_key !== request.captureKey || stored.order_id !== String(request.orderId)) return false;
  return request.amountCents === undefined || toCents(stored.amount) === request.amountCents;
}

/**
 * The refund stored under the key, created when there is none: under the capture's lock, so the
 * amount still refundable is read and held in one step. 'no-capture': no successful capture of this
 * order under the key; 'nothing-left': a full refund of a capture already refunded in full.
 */
async function recordRefund(tx: PoolClient, request: RefundRequest, behaviour: RefundBehaviour): Promise<StoredRefund | 'no-capture' | 'nothing-left'> {
  const [capture] = await queries.lockOwnedCapture.run({ captureKey: request.captureKey, orderId: request.orderId }, tx);
  const [existing] = await queries.findRefundByKey.run({ idempotencyKey: request.idempotencyKey }, tx);
  if (existing) return existing;
  if (!capture) return 'no-capture';
  const left = toCents(capture.amount) - toCents(capture.refund_held);
  if (request.amountCents === undefined && left === 0n) return 'nothing-left';
  const amountCents = request.amountCents ?? left;
  const refusal = refundRefusal(capture, amountCents, behaviour);
  const [inserted] = await queries.insertRefund.run(
    {
      idempotencyKey: request.idempotencyKey,
      captureId: capture.id,
      orderId: request.orderId,
      amount: fromCents(amountCents),
      state: refusal ? 'failed' : 'pending',
      failureCode: refusal,
    },
    tx,
  );
  const [stored] = await queries.findRefundByKey.run({ idempotencyKey: request.idempotencyKey }, tx);
  // Not inserted: a concurrent refund of another capture took the key; `stored` is that one.
  if (!inserted && !stored) throw new Error(`refund ${request.idempotencyKey} vanished`);
  return stored!;
}

export interface LocalRefunds {
  refund(request: { idempotencyKey: string; captureKey: string; orderId: number; amount: Money }): Promise<Refund>;
  refundCapture(request: { idempotencyKey: string; captureKey: string; orderId: number }): Promise<'refunded' | 'not-found'>;
}

export function createLocalRefunds(pool: Pool, db: <T>(call: () => Promise<T>) => Promise<T>, behaviour: RefundBehaviour = {}): LocalRefunds {
  /** Records the refund, then pays it out (settles a pending one: also a retry's job after a crash in between). */
  async function refundOnce(request: RefundRequest): Promise<StoredRefund | 'no-capture' | 'nothing-left'> {
    const stored = await db(() => inTransaction(pool, (tx) => recordRefund(tx, request, behaviour)));
    if (typeof stored === 'string') return stored;
    if (!sameRequest(stored, request)) throw declined('idempotency_key_reused');
    if (stored.state === 'failed') throw declined(stored.failure_code!);
    if (stored.state === 'pending') await db(() => queries.settleRefund.run({ id: stored.id }, pool));
    return { ...stored, state: 'succeeded' };
  }

  return {
    async refund({ amount, ...request }) {
      const stored = await refundOnce({ ...request, amountCents: toCents(amount) });
      if (stored === 'no-capture') throw declined('capture_not_found');
      // Only a full refund finds nothing left; a partial one of zero is refused invalid_amount.
      if (stored === 'nothing-left') throw declined('invalid_amount');
      return { refundId: stored.id, amount: money(stored.amount) };
    },

    /** A full refund of what is left; nothing left (refunded before, under any keys) counts as refunded: the money is back. */
    async refundCapture(request) {
      const stored = await refundOnce(request);
      return stored === 'no-capture' ? 'not-found' : 'refunded';
    },
  };
}
