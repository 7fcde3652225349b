import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLocalPaymentProvider } from '../../src/payments/local-provider.js';
import type { PaymentProvider } from '../../src/payments/provider.js';
import { readOrderPaymentTotals } from '../../src/payments/totals.js';
import { PaymentDeclined } from '../../src/shared/errors.js';
import type { Money } from '../../src/shared/money.js';
import { createTestDatabase } from '../support/harness.js';
import { expectRefundsWithinCaptures } from '../support/invariants.js';

let pool: pg.Pool;
let provider: PaymentProvider;
let nextOrderId = 1;

beforeAll(async () => {
  pool = new pg.Pool({ connectionString: (await createTestDatabase()).url, max: 12 });
  provider = createLocalPaymentProvider(pool);
});
afterEach(async () => {
  await expectRefundsWithinCaptures(pool);
});
afterAll(async () => {
  await pool.end();
});

const key = (what: string) => `${what}-${randomUUID()}`;
const amount = (text: string) => text as Money;

async function captured(total: string) {
  const orderId = nextOrderId++;
  const { authorizationId } = await provider.authorize({ idempotencyKey: key('auth'), orderId, amount: amount(total), paymentMethod: 'pm_card_visa' });
  const captureKey = key('cap');
  await provider.capture({ idempotencyKey: captureKey, authorizationId, amount: amount(total) });
  return { orderId, captureKey };
}

async function refusal(call: Promise<unknown>): Promise<string> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PaymentDeclined);
  return (error as PaymentDeclined).code;
}

describe('partial refunds', () => {
  it('refunds a capture in parts, each under its own key, up to what was captured and no further', async () => {
    const { orderId, captureKey } = await captured('100.00');
    const first = await provider.refund({ idempotencyKey: key('ref'), captureKey, orderId, amount: amount('30.00') });
    expect(first.amount).toBe('30.00');
    await provider.refund({ idempotencyKey: key('ref'), captureKey, orderId, amount: amount('69.99') });
    expect(await refusal(provider.refund({ idempotencyKey: key('ref'), captureKey, orderId, amount: amount('0.02') }))).toBe('amount_exceeds_refundable');
    expect(await refusal(provider.refund({ idempotencyKey: key('ref'), captureKey, orderId, amount: amount('0.00') }))).toBe('invalid_amount');
    expect(await refusal(provider.refund({ idempotencyKey: key('ref'), captureKey: key('none'), orderId, amount: amount('0.01') }))).toBe('capture_not_found');
    // The saga's full refund returns what is left.
    expect(await provider.refundCapture({ idempotencyKey: key('ref'), captureKey, orderId })).toBe('refunded');
    expect(await readOrderPaymentTotals(pool, orderId)).toEqual({ authorized: '0.00', captured: '100.00', refunded: '100.00' });
    // Refused refunds are kept (failed, with the reason) and count for nothing.
    const { rows } = await pool.query('SELECT state, count(*)::int AS n FROM payment_refunds WHERE order_id = $1 GROUP BY state ORDER BY state', [orderId]);
    expect(rows).toEqual([
      { state: 'failed', n: 2 },
      { state: 'succeeded', n: 3 },
    ]);
  });

  it('a retried refund with the same key pays once; the same key with another amount is refused', async () => {
    const { orderId, captureKey } = await captured('50.00');
    const request = { idempotencyKey: key('ref'), captureKey, orderId, amount: amount('20.00') };
    const results = await Promise.all([provider.refund(request), provider.refund(request), provider.refund(request)]);
    expect(new Set(results.map((r) => r.refundId)).size).toBe(1);
    expect(await provider.refund(request)).toEqual(results[0]);
    expect(await refusal(provider.refund({ ...request, amount: amount('20.01') }))).toBe('idempotency_key_reused');
    expect((await readOrderPaymentTotals(pool, orderId)).refunded).toBe('20.00');
  });

  it('with declineRefunds on, declines every new refund refund_declined; once off, that key keeps its decline and a new key pays', async () => {
    const behaviour = { declineRefunds: true };
    const declining = createLocalPaymentProvider(pool, behaviour);
    const { orderId, captureKey } = await (async () => {
      const orderId = nextOrderId++;
      const { authorizationId } = await declining.authorize({ idempotencyKey: key('auth'), orderId, amount: amount('40.00'), paymentMethod: 'pm_card_visa' });
      const captureKey = key('cap');
      await declining.capture({ idempotencyKey: captureKey, authorizationId, amount: amount('40.00') });
      return { orderId, captureKey };
    })();
    const first = { idempotencyKey: key('ref'), captureKey, orderId, amount: amount('25.00') };
    expect(await refusal(declining.refund(first))).toBe('refund_declined');
    expect(await refusal(declining.refund(first))).toBe('refund_declined');
    expect(await declining.refundCapture({ idempotencyKey: key('ref'), captureKey, orderId }).catch((e: PaymentDeclined) => e.code)).toBe('refund_declined');
    expect((await readOrderPaymentTotals(pool, orderId)).refunded).toBe('0.00');

    // Read on every call: the provider recovers.
    behaviour.declineRefunds = false;
    expect(await refusal(declining.refund(first))).toBe('refund_declined');
    const paid = await declining.refund({ ...first, idempotencyKey: key('ref') });
    expect(paid.amount).toBe('25.00');
    expect(await refusal(declining.refund({ ...first, idempotencyKey: key('ref') }))).toBe('amount_exceeds_refundable');
    expect((await readOrderPaymentTotals(pool, orderId)).refunded).toBe('25.00');
  });

  it('concurrent refunds of one capture never exceed it', async () => {
    const { orderId, captureKey } = await captured('100.00');
    const attempts = Array.from({ length: 10 }, () =>
      provider.refund({ idempotencyKey: key('ref'), captureKey, orderId, amount: amount('15.00') }).then(
        () => 'refunded',
        (e: unknown) => (e instanceof PaymentDeclined ? e.code : String(e)),
      ),
    );
    const outcomes = await Promise.all([...attempts, provider.refundCapture({ idempotencyKey: key('ref'), captureKey, orderId })]);
    const refunded = outcomes.slice(0, 10).filter((o) => o === 'refunded').length;
    expect(outcomes.slice(0, 10).every((o) => o === 'refunded' || o === 'amount_exceeds_refundable')).toBe(true);
    expect(refunded).toBeLessThanOrEqual(6);
    // The full refund ran somewhere in between and took what was left at that moment.
    expect((await readOrderPaymentTotals(pool, orderId)).refunded).toBe('100.00');
  });

  it('only succeeded refunds count in the totals; a pending one holds its amount against the capture', async () => {
    const { orderId, captureKey } = await captured('40.00');
    const [capture] = (await pool.query<{ id: string }>('SELECT id FROM payment_captures WHERE idempotency_key = $1', [captureKey])).rows;
    // A refund still on its way (the provider recorded it, the money has not gone back yet).
    await pool.query(`INSERT INTO payment_refunds (idempotency_key, capture_id, order_id, amount, state) VALUES ($1, $2, $3, 25.00, 'pending')`, [
      key('ref'),
      capture!.id,
      orderId,
    ]);
    expect((await readOrderPaymentTotals(pool, orderId)).refunded).toBe('0.00');
    expect(await refusal(provider.refund({ idempotencyKey: key('ref'), captureKey, orderId, amount: amount('15.01') }))).toBe('amount_exceeds_refundable');
    await provider.refund({ idempotencyKey: key('ref'), captureKey, orderId, amount: amount('15.00') });
    expect((await readOrderPaymentTotals(pool, orderId)).refunded).toBe('15.00');
  });

  it('the database itself refuses refunds above the capture, whatever the code does', async () => {
    const { orderId, captureKey } = await captured('10.00');
    const [capture] = (await pool.query<{ id: string }>('SELECT id FROM payment_captures WHERE idempotency_key = $1', [captureKey])).rows;
    const insert = (value: string) =>
      pool.query(`INSERT INTO payment_refunds (idempotency_key, capture_id, order_id, amount, state) VALUES ($1, $2, $3, $4, 'succeeded')`, [
        key('ref'),
        capture!.id,
        orderId,
        value,
      ]);
    await insert('6.00');
    await expect(insert('4.01')).rejects.toMatchObject({ code: '23514', constraint: 'payment_captures_refund_held_check' });
    // Two raw inserts racing: the trigger's UPDATE of the capture serialises them, the CHECK refuses the second.
    const raced = await Promise.allSettled([insert('3.00'), insert('3.00')]);
    expect(raced.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    await expect(
      pool.query(`UPDATE payment_refunds SET state = 'failed', failure_code = 'x' WHERE capture_id = $1 AND state = 'succeeded'`, [capture!.id]),
    ).rejects.toMatchObject({
      code: '23514',
    });
  });
});
