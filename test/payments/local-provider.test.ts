import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Money } from '../../src/shared/money.js';
import { createLocalPaymentProvider, type LocalPaymentProviderOptions } from '../../src/payments/local-provider.js';
import type { PaymentProvider } from '../../src/payments/provider.js';
import { readOrderPaymentTotals } from '../../src/payments/totals.js';
import { PaymentDeclined, ProviderUnavailable } from '../../src/shared/errors.js';
import { createTestDatabase } from '../support/harness.js';

let pool: pg.Pool;
let provider: PaymentProvider;
let nextOrderId = 1;

beforeAll(async () => {
  pool = new pg.Pool({ connectionString: (await createTestDatabase()).url, max: 10 });
  provider = createLocalPaymentProvider(pool);
});
afterAll(async () => {
  await pool.end();
});

const key = (what: string) => `${what}-${randomUUID()}`;
const amount = (text: string) => text as Money;
const newOrder = () => nextOrderId++;

async function declineOf(call: Promise<unknown>): Promise<string> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PaymentDeclined);
  return (error as PaymentDeclined).code;
}

async function count(table: string, where: string, params: unknown[]): Promise<number> {
  const { rows } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE ${where}`, params);
  return Number(rows[0]!.n);
}

async function authorized(orderId: number, total = '100.00', options?: LocalPaymentProviderOptions) {
  const p = options ? createLocalPaymentProvider(pool, options) : provider;
  const authorizationKey = key('auth');
  const authorization = await p.authorize({ idempotencyKey: authorizationKey, orderId, amount: amount(total), paymentMethod: 'pm_card_visa' });
  return { authorizationKey, authorization };
}

describe('authorize', () => {
  it('approves pm_card_visa and holds the amount until the authorization expires, 7 days by default', async () => {
    const orderId = newOrder();
    const before = Date.now();
    const { authorization } = await authorized(orderId, '12.5');
    expect(authorization.amount).toBe('12.50');
    expect(authorization.authorizationId).toMatch(/^\d+$/);
    const ttl = authorization.expiresAt.getTime() - before;
    expect(ttl).toBeGreaterThan(7 * 24 * 3600_000 - 60_000);
    expect(ttl).toBeLessThan(7 * 24 * 3600_000 + 60_000);
    expect(await readOrderPaymentTotals(pool, orderId)).toEqual({ authorized: '12.50', captured: '0.00', refunded: '0.00' });
  });

  it('approves any other pm_ payment method', async () => {
    const result = await provider.authorize({ idempotencyKey: key('auth'), orderId: newOrder(), amount: amount('5.00'), paymentMethod: 'pm_card_mastercard' });
    expect(result.amount).toBe('5.00');
  });

  it('a retried authorization with the same key holds the money once', async () => {
    const orderId = newOrder();
    const request = { idempotencyKey: key('auth'), orderId, amount: amount('30.00'), paymentMethod: 'pm_card_visa' };
    const first = await provider.authorize(request);
    const again = await provider.authorize(request);
    expect(again).toEqual(first);
    expect(await count('payment_authorizations', 'idempotency_key = $1', [request.idempotencyKey])).toBe(1);
    expect((await readOrderPaymentTotals(pool, orderId)).authorized).toBe('30.00');
  });

  it('concurrent authorizations with the same key hold the money once', async () => {
    const orderId = newOrder();
    const request = { idempotencyKey: key('auth'), orderId, amount: amount('30.00'), paymentMethod: 'pm_card_visa' };
    const results = await Promise.all(Array.from({ length: 8 }, () => provider.authorize(request)));
    expect(new Set(results.map((r) => r.authorizationId)).size).toBe(1);
    expect((await readOrderPaymentTotals(pool, orderId)).authorized).toBe('30.00');
  });

  it.each([
    ['pm_card_declined', 'card_declined'],
    ['pm_card_insufficient_funds', 'insufficient_funds'],
    ['pm_card_expired', 'expired_card'],
    ['card_visa', 'invalid_payment_method'],
  ])('declines %s with %s, and a retry with the same key gets the same decline', async (paymentMethod, code) => {
    const orderId = newOrder();
    const request = { idempotencyKey: key('auth'), orderId, amount: amount('10.00'), paymentMethod };
    expect(await declineOf(provider.authorize(request))).toBe(code);
    expect(await declineOf(provider.authorize(request))).toBe(code);
    const { rows } = await pool.query('SELECT state, decline_code FROM payment_authorizations WHERE idempotency_key = $1', [request.idempotencyKey]);
    expect(rows).toEqual([{ state: 'declined', decline_code: code }]);
    expect((await readOrderPaymentTotals(pool, orderId)).authorized).toBe('0.00');
  });

  it('declines amounts above 50000.00 by default with amount_too_large, and approves 50000.00 itself', async () => {
    const orderId = newOrder();
    expect(await declineOf(provider.authorize({ idempotencyKey: key('auth'), orderId, amount: amount('50000.01'), paymentMethod: 'pm_card_visa' }))).toBe(
      'amount_too_large',
    );
    await expect(
      provider.authorize({ idempotencyKey: key('auth'), orderId, amount: amount('50000.00'), paymentMethod: 'pm_card_visa' }),
    ).resolves.toBeDefined();
  });

  it('declines above a configured declineAbove', async () => {
    const strict = createLocalPaymentProvider(pool, { declineAbove: amount('100.00') });
    const request = { orderId: newOrder(), paymentMethod: 'pm_card_visa' };
    expect(await declineOf(strict.authorize({ ...request, idempotencyKey: key('auth'), amount: amount('100.01') }))).toBe('amount_too_large');
    await expect(strict.authorize({ ...request, idempotencyKey: key('auth'), amount: amount('100.00') })).resolves.toBeDefined();
  });

  it('declines a zero amount with invalid_amount', async () => {
    expect(
      await declineOf(provider.authorize({ idempotencyKey: key('auth'), orderId: newOrder(), amount: amount('0.00'), paymentMethod: 'pm_card_visa' })),
    ).toBe('invalid_amount');
  });

  it('refuses a key reused for a different request, and keeps the first', async () => {
    const orderId = newOrder();
    const idempotencyKey = key('auth');
    await provider.authorize({ idempotencyKey, orderId, amount: amount('10.00'), paymentMethod: 'pm_card_visa' });
    expect(await declineOf(provider.authorize({ idempotencyKey, orderId, amount: amount('11.00'), paymentMethod: 'pm_card_visa' }))).toBe(
      'idempotency_key_reused',
    );
    expect(await declineOf(provider.authorize({ idempotencyKey, orderId: newOrder(), amount: amount('10.00'), paymentMethod: 'pm_card_visa' }))).toBe(
      'idempotency_key_reused',
    );
    expect((await readOrderPaymentTotals(pool, orderId)).authorized).toBe('10.00');
  });
});

describe('capture', () => {
  it('captures up to the authorized amount, and a retry with the same key returns the same capture', async () => {
    const orderId = newOrder();
    const { authorization } = await authorized(orderId, '100.00');
    const request = { idempotencyKey: key('cap'), authorizationId: authorization.authorizationId, amount: amount('60.00') };
    const capture = await provider.capture(request);
    expect(capture.amount).toBe('60.00');
    expect(await provider.capture(request)).toEqual(capture);
    expect(await readOrderPaymentTotals(pool, orderId)).toEqual({ authorized: '0.00', captured: '60.00', refunded: '0.00' });
  });

  it('two concurrent captures with one key capture once', async () => {
    const orderId = newOrder();
    const { authorization } = await authorized(orderId, '100.00');
    const request = { idempotencyKey: key('cap'), authorizationId: authorization.authorizationId, amount: amount('100.00') };
    const [a, b] = await Promise.all([provider.capture(request), provider.capture(request)]);
    expect(a).toEqual(b);
    expect(await count('payment_captures', 'authorization_id = $1', [authorization.authorizationId])).toBe(1);
    expect((await readOrderPaymentTotals(pool, orderId)).captured).toBe('100.00');
  });

  it('of concurrent captures with different keys, exactly one succeeds; the others are refused already_captured', async () => {
    const orderId = newOrder();
    const { authorization } = await authorized(orderId, '100.00');
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () =>
        provider.capture({ idempotencyKey: key('cap'), authorizationId: authorization.authorizationId, amount: amount('100.00') }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refusals = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as PaymentDeclined] : []));
    expect(refusals.map((e) => e.code)).toEqual(['already_captured', 'already_captured', 'already_captured', 'already_captured']);
    expect((await readOrderPaymentTotals(pool, orderId)).captured).toBe('100.00');
  });

  it('refuses more than the authorized amount with amount_exceeds_authorization, the same way on retry', async () => {
    const { authorization } = await authorized(newOrder(), '100.00');
    const request = { idempotencyKey: key('cap'), authorizationId: authorization.authorizationId, amount: amount('100.01') };
    expect(await declineOf(provider.capture(request))).toBe('amount_exceeds_authorization');
    expect(await declineOf(provider.capture(request))).toBe('amount_exceeds_authorization');
    // The authorization is still there to capture correctly.
    await expect(provider.capture({ ...request, idempotencyKey: key('cap'), amount: amount('100.00') })).resolves.toBeDefined();
  });

  it('refuses a voided authorization with authorization_voided', async () => {
    const orderId = newOrder();
    const { authorizationKey, authorization } = await authorized(orderId);
    expect(await provider.voidAuthorization({ authorizationKey, orderId })).toBe('voided');
    expect(await declineOf(provider.capture({ idempotencyKey: key('cap'), authorizationId: authorization.authorizationId, amount: amount('1.00') }))).toBe(
      'authorization_voided',
    );
  });

  it('refuses an expired authorization with authorization_expired, and a retry gets the same refusal', async () => {
    const orderId = newOrder();
    const { authorization } = await authorized(orderId, '100.00', { authorizationTtlMs: 20 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await readOrderPaymentTotals(pool, orderId)).authorized).toBe('0.00');
    const request = { idempotencyKey: key('cap'), authorizationId: authorization.authorizationId, amount: amount('100.00') };
    expect(await declineOf(provider.capture(request))).toBe('authorization_expired');
    expect(await declineOf(provider.capture(request))).toBe('authorization_expired');
    expect((await readOrderPaymentTotals(pool, orderId)).captured).toBe('0.00');
  });

  it('refuses a declined authorization and an unknown one', async () => {
    const idempotencyKey = key('auth');
    await declineOf(provider.authorize({ idempotencyKey, orderId: newOrder(), amount: amount('5.00'), paymentMethod: 'pm_card_declined' }));
    const { rows } = await pool.query<{ id: string }>('SELECT id FROM payment_authorizations WHERE idempotency_key = $1', [idempotencyKey]);
    expect(await declineOf(provider.capture({ idempotencyKey: key('cap'), authorizationId: rows[0]!.id, amount: amount('5.00') }))).toBe(
      'authorization_declined',
    );
    expect(await declineOf(provider.capture({ idempotencyKey: key('cap'), authorizationId: '999999999', amount: amount('5.00') }))).toBe(
      'authorization_not_found',
    );
    expect(await declineOf(provider.capture({ idempotencyKey: key('cap'), authorizationId: 'abc', amount: amount('5.00') }))).toBe('authorization_not_found');
  });
});

describe('void', () => {
  it('releases a live authorization once; again it is already-voided', async () => {
    const orderId = newOrder();
    const { authorizationKey } = await authorized(orderId);
    expect(await provider.voidAuthorization({ authorizationKey, orderId })).toBe('voided');
    expect(await provider.voidAuthorization({ authorizationKey, orderId })).toBe('already-voided');
    expect((await readOrderPaymentTotals(pool, orderId)).authorized).toBe('0.00');
  });

  it("a void for another order's authorization changes nothing", async () => {
    const orderId = newOrder();
    const { authorizationKey, authorization } = await authorized(orderId);
    expect(await provider.voidAuthorization({ authorizationKey, orderId: newOrder() })).toBe('not-found');
    expect((await readOrderPaymentTotals(pool, orderId)).authorized).toBe('100.00');
    await expect(
      provider.capture({ idempotencyKey: key('cap'), authorizationId: authorization.authorizationId, amount: amount('100.00') }),
    ).resolves.toBeDefined();
  });

  it('reports not-found for an unknown key and for a declined authorization, and captured for a captured one', async () => {
    const orderId = newOrder();
    expect(await provider.voidAuthorization({ authorizationKey: key('nothing'), orderId })).toBe('not-found');
    const declinedKey = key('auth');
    await declineOf(provider.authorize({ idempotencyKey: declinedKey, orderId, amount: amount('5.00'), paymentMethod: 'pm_card_expired' }));
    expect(await provider.voidAuthorization({ authorizationKey: declinedKey, orderId })).toBe('not-found');
    const { authorizationKey, authorization } = await authorized(orderId);
    await provider.capture({ idempotencyKey: key('cap'), authorizationId: authorization.authorizationId, amount: amount('100.00') });
    expect(await provider.voidAuthorization({ authorizationKey, orderId })).toBe('captured');
    expect((await readOrderPaymentTotals(pool, orderId)).captured).toBe('100.00');
  });

  it('a void that comes before its authorization (an attempt that outlived its timeout) leaves a tombstone: the late authorize holds nothing', async () => {
    const orderId = newOrder();
    const authorizationKey = key('auth');
    expect(await provider.voidAuthorization({ authorizationKey, orderId })).toBe('not-found');
    expect(await declineOf(provider.authorize({ idempotencyKey: authorizationKey, orderId, amount: amount('40.00'), paymentMethod: 'pm_card_visa' }))).toBe(
      'authorization_voided',
    );
    expect(await provider.voidAuthorization({ authorizationKey, orderId })).toBe('already-voided');
    expect(await readOrderPaymentTotals(pool, orderId)).toMatchObject({ authorized: '0.00', captured: '0.00' });
  });

  it('a void racing its own authorize: the money ends up held by neither', async () => {
    for (let round = 0; round < 5; round++) {
      const orderId = newOrder();
      const authorizationKey = key('auth');
      await Promise.allSettled([
        provider.authorize({ idempotencyKey: authorizationKey, orderId, amount: amount('40.00'), paymentMethod: 'pm_card_visa' }),
        provider.voidAuthorization({ authorizationKey, orderId }),
      ]);
      // Whichever came first, a second void (the compensation's retry) settles it.
      expect(['voided', 'already-voided']).toContain(await provider.voidAuthorization({ authorizationKey, orderId }));
      expect((await readOrderPaymentTotals(pool, orderId)).authorized).toBe('0.00');
    }
  });

  it('a void racing a capture: exactly one of them wins', async () => {
    for (let round = 0; round < 5; round++) {
      const orderId = newOrder();
      const { authorizationKey, authorization } = await authorized(orderId);
      const [voided, captured] = await Promise.allSettled([
        provider.voidAuthorization({ authorizationKey, orderId }),
        provider.capture({ idempotencyKey: key('cap'), authorizationId: authorization.authorizationId, amount: amount('100.00') }),
      ]);
      const totals = await readOrderPaymentTotals(pool, orderId);
      if (captured.status === 'fulfilled') {
        expect(voided).toEqual({ status: 'fulfilled', value: 'captured' });
        expect(totals.captured).toBe('100.00');
      } else {
        expect(voided).toEqual({ status: 'fulfilled', value: 'voided' });
        expect((captured.reason as PaymentDeclined).code).toBe('authorization_voided');
        expect(totals.captured).toBe('0.00');
      }
      expect(totals.authorized).toBe('0.00');
    }
  });
});

describe('refund', () => {
  async function captured(orderId: number, total = '80.00') {
    const { authorization } = await authorized(orderId, total);
    const captureKey = key('cap');
    await provider.capture({ idempotencyKey: captureKey, authorizationId: authorization.authorizationId, amount: amount(total) });
    return captureKey;
  }

  it('returns the whole capture once; a retry with the same key changes nothing', async () => {
    const orderId = newOrder();
    const captureKey = await captured(orderId);
    const request = { idempotencyKey: key('ref'), captureKey, orderId };
    expect(await provider.refundCapture(request)).toBe('refunded');
    expect(await provider.refundCapture(request)).toBe('refunded');
    expect(await readOrderPaymentTotals(pool, orderId)).toEqual({ authorized: '0.00', captured: '80.00', refunded: '80.00' });
  });

  it('concurrent refunds of one capture, with one key or several, refund it once', async () => {
    const orderId = newOrder();
    const captureKey = await captured(orderId);
    const sameKey = key('ref');
    const results = await Promise.all([
      provider.refundCapture({ idempotencyKey: sameKey, captureKey, orderId }),
      provider.refundCapture({ idempotencyKey: sameKey, captureKey, orderId }),
      provider.refundCapture({ idempotencyKey: key('ref'), captureKey, orderId }),
      provider.refundCapture({ idempotencyKey: key('ref'), captureKey, orderId }),
    ]);
    expect(results).toEqual(['refunded', 'refunded', 'refunded', 'refunded']);
    expect(await count('payment_refunds', 'order_id = $1', [orderId])).toBe(1);
    expect((await readOrderPaymentTotals(pool, orderId)).refunded).toBe('80.00');
  });

  it("a refund of another order's capture is not-found and changes nothing", async () => {
    const orderId = newOrder();
    const captureKey = await captured(orderId);
    expect(await provider.refundCapture({ idempotencyKey: key('ref'), captureKey, orderId: newOrder() })).toBe('not-found');
    expect(await provider.refundCapture({ idempotencyKey: key('ref'), captureKey: key('nothing'), orderId })).toBe('not-found');
    expect((await readOrderPaymentTotals(pool, orderId)).refunded).toBe('0.00');
  });

  it('a refused capture has nothing to refund', async () => {
    const orderId = newOrder();
    const { authorization } = await authorized(orderId, '10.00');
    const captureKey = key('cap');
    await declineOf(provider.capture({ idempotencyKey: captureKey, authorizationId: authorization.authorizationId, amount: amount('11.00') }));
    expect(await provider.refundCapture({ idempotencyKey: key('ref'), captureKey, orderId })).toBe('not-found');
  });

  it('refuses a refund key reused for another capture', async () => {
    const orderId = newOrder();
    const idempotencyKey = key('ref');
    await provider.refundCapture({ idempotencyKey, captureKey: await captured(orderId), orderId });
    expect(await declineOf(provider.refundCapture({ idempotencyKey, captureKey: await captured(orderId), orderId }))).toBe('idempotency_key_reused');
  });
});

describe('order_payment_totals', () => {
  it('derives captured - refunded per order with one query, counting only live authorizations as authorized', async () => {
    const orderId = newOrder();
    const expiring = createLocalPaymentProvider(pool, { authorizationTtlMs: 20 });
    await expiring.authorize({ idempotencyKey: key('auth'), orderId, amount: amount('7.00'), paymentMethod: 'pm_card_visa' });
    const first = await authorized(orderId, '100.00');
    const second = await authorized(orderId, '40.25');
    const voidedOne = await authorized(orderId, '5.00');
    await declineOf(provider.authorize({ idempotencyKey: key('auth'), orderId, amount: amount('9.00'), paymentMethod: 'pm_card_declined' }));
    await provider.voidAuthorization({ authorizationKey: voidedOne.authorizationKey, orderId });
    const captureKey = key('cap');
    await provider.capture({ idempotencyKey: captureKey, authorizationId: first.authorization.authorizationId, amount: amount('99.99') });
    await provider.refundCapture({ idempotencyKey: key('ref'), captureKey, orderId });
    await provider.capture({ idempotencyKey: key('cap'), authorizationId: second.authorization.authorizationId, amount: amount('0.25') });
    await new Promise((resolve) => setTimeout(resolve, 50));

    const { rows } = await pool.query('SELECT captured - refunded AS net, authorized FROM order_payment_totals WHERE order_id = $1', [orderId]);
    expect(rows).toEqual([{ net: '0.25', authorized: '0.00' }]);
    expect(await readOrderPaymentTotals(pool, orderId)).toEqual({ authorized: '0.00', captured: '100.24', refunded: '99.99' });
    expect(await readOrderPaymentTotals(pool, newOrder())).toEqual({ authorized: '0.00', captured: '0.00', refunded: '0.00' });
  });
});

describe('simulated faults', () => {
  it('failFirstAttempts makes the first calls fail and the next succeed, without storing anything on failure', async () => {
    const flaky = createLocalPaymentProvider(pool, { failFirstAttempts: 2 });
    const orderId = newOrder();
    const request = { idempotencyKey: key('auth'), orderId, amount: amount('10.00'), paymentMethod: 'pm_card_visa' };
    await expect(flaky.authorize(request)).rejects.toBeInstanceOf(ProviderUnavailable);
    await expect(flaky.authorize(request)).rejects.toBeInstanceOf(ProviderUnavailable);
    expect(await count('payment_authorizations', 'idempotency_key = $1', [request.idempotencyKey])).toBe(0);
    const authorization = await flaky.authorize(request);
    expect(authorization.amount).toBe('10.00');
    // Counted per operation and key: the capture has its own first attempts.
    const capture = { idempotencyKey: key('cap'), authorizationId: authorization.authorizationId, amount: amount('10.00') };
    await expect(flaky.capture(capture)).rejects.toBeInstanceOf(ProviderUnavailable);
    await expect(flaky.capture(capture)).rejects.toBeInstanceOf(ProviderUnavailable);
    await expect(flaky.capture(capture)).resolves.toMatchObject({ amount: '10.00' });
  });

  it('failureRate fails the calls whose random draw falls below it', async () => {
    const draws = [0.1, 0.9];
    const flaky = createLocalPaymentProvider(pool, { failureRate: 0.5, random: () => draws.shift() ?? 0.9 });
    const request = { idempotencyKey: key('auth'), orderId: newOrder(), amount: amount('10.00'), paymentMethod: 'pm_card_visa' };
    await expect(flaky.authorize(request)).rejects.toBeInstanceOf(ProviderUnavailable);
    await expect(flaky.authorize(request)).resolves.toBeDefined();
  });

  it('latencyMs delays every call', async () => {
    const slow = createLocalPaymentProvider(pool, { latencyMs: 150 });
    const started = Date.now();
    await slow.voidAuthorization({ authorizationKey: key('nothing'), orderId: newOrder() });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('an unreachable database is ProviderUnavailable', async () => {
    const nowhere = new pg.Pool({ connectionString: 'postgres://nobody@127.0.0.1:1/none', connectionTimeoutMillis: 500 });
    try {
      const offline = createLocalPaymentProvider(nowhere);
      await expect(
        offline.authorize({ idempotencyKey: key('auth'), orderId: 1, amount: amount('1.00'), paymentMethod: 'pm_card_visa' }),
      ).rejects.toBeInstanceOf(ProviderUnavailable);
      await expect(offline.capture({ idempotencyKey: key('cap'), authorizationId: '1', amount: amount('1.00') })).rejects.toBeInstanceOf(ProviderUnavailable);
    } finally {
      await nowhere.end();
    }
  });

  it('refuses nonsensical options at construction', () => {
    expect(() => createLocalPaymentProvider(pool, { failureRate: 2 })).toThrow(RangeError);
    expect(() => createLocalPaymentProvider(pool, { failFirstAttempts: -1 })).toThrow(RangeError);
    expect(() => createLocalPaymentProvider(pool, { authorizationTtlMs: 0 })).toThrow(RangeError);
  });
});
