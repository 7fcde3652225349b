import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/auth/principal.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { signedToken } from '../support/tokens.js';

const SECRET = 'a-test-secret-that-is-long-enough-1234567890';
const METRICS_TOKEN = 'a-metrics-token-that-is-long-enough-0987654321';
const json = { 'content-type': 'application/json' };

// NODE_ENV=development on purpose: what protects the API is its entry point, never NODE_ENV.
describe('the api role, whatever NODE_ENV says', () => {
  let t: TestApp;
  const bearer = async (principal: Principal) => ({ ...json, authorization: `Bearer ${await signedToken(SECRET, principal)}` });
  const alice: Principal = { subject: 'alice', role: 'customer', customerId: 501 };
  const bob: Principal = { subject: 'bob', role: 'customer', customerId: 502 };
  const operator: Principal = { subject: 'olga', role: 'operator' };

  beforeAll(async () => {
    t = await startTestApp({
      role: 'api',
      env: { NODE_ENV: 'development', AUTH_JWT_SECRET: SECRET, METRICS_TOKEN, ORDER_PROCESSING_DELAY: '1h', RATE_LIMIT_PER_MINUTE: '0' },
    });
  });
  afterAll(() => t.close());

  it('a request without a token is 401 with WWW-Authenticate: Bearer', async () => {
    const response = await t.http.inject({ method: 'GET', url: '/orders' });
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer');
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('never mints tokens with the configured secret (no demo tokens outside the dev command)', () => {
    expect(t.app.tokens.issue).toBeUndefined();
  });

  it('refuses a token without an expiry, however well signed', async () => {
    const forever = await signedToken(SECRET, operator, { expiresIn: null });
    const response = await t.http.inject({ method: 'GET', url: '/orders', headers: { authorization: `Bearer ${forever}` } });
    expect(response.statusCode).toBe(401);
    expect((await t.http.inject({ method: 'GET', url: '/orders', headers: await bearer(operator) })).statusCode).toBe(200);
  });

  it('a forged, expired or malformed token is 401 and says nothing about why', async () => {
    const forged = await new SignJWT({ role: 'operator' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('mallory')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('another-secret-that-is-long-enough-000000'));
    const expired = await new SignJWT({ role: 'operator' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('olga')
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(new TextEncoder().encode(SECRET));
    for (const authorization of [`Bearer ${forged}`, `Bearer ${expired}`, 'Bearer not-a-jwt', 'Basic b2xnYTpwYXNz']) {
      const response = await t.http.inject({ method: 'GET', url: '/orders', headers: { authorization } });
      expect(response.statusCode, authorization).toBe(401);
      expect(['The bearer token is invalid or expired.', 'Send a valid bearer token in the Authorization header.']).toContain(response.json().detail);
    }
  });

  it('authentication comes before validation: a bad body without a token is 401, not 400', async () => {
    const response = await t.http.inject({ method: 'POST', url: '/orders', headers: json, payload: '{"broken' });
    expect(response.statusCode).toBe(401);
  });

  it('health, readiness and docs need no token; /metrics needs the metrics token, not a user token', async () => {
    for (const url of ['/healthz', '/readyz', '/docs/', '/openapi.yaml']) {
      expect((await t.http.inject({ method: 'GET', url })).statusCode, url).toBe(200);
    }
    for (const headers of [{}, await bearer(operator), { authorization: `Bearer ${METRICS_TOKEN}x` }]) {
      const refused = await t.http.inject({ method: 'GET', url: '/metrics', headers });
      expect(refused.statusCode).toBe(401);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    const metrics = await t.http.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toMatch(/^http_requests_total/m);
  });

  it("a customer's order takes its customer_id from the token, and naming another customer is 403", async () => {
    const created = await t.http.inject({ method: 'POST', url: '/orders', headers: await bearer(alice), payload: { total_amount: 12 } });
    expect(created.statusCode).toBe(201);
    expect(created.json().customer_id).toBe(501);
    const forOther = await t.http.inject({ method: 'POST', url: '/orders', headers: await bearer(alice), payload: { customer_id: 502, total_amount: 12 } });
    expect(forOther.statusCode).toBe(403);
  });

  it("another customer's order is 404, not 403, for reading, changing and deleting", async () => {
    const { id } = (await t.http.inject({ method: 'POST', url: '/orders', headers: await bearer(alice), payload: { total_amount: 5 } })).json();
    expect((await t.http.inject({ method: 'GET', url: `/orders/${id}`, headers: await bearer(alice) })).statusCode).toBe(200);
    expect((await t.http.inject({ method: 'GET', url: `/orders/${id}`, headers: await bearer(bob) })).statusCode).toBe(404);
    expect((await t.http.inject({ method: 'PUT', url: `/orders/${id}`, headers: await bearer(bob), payload: { status: 'cancelled' } })).statusCode).toBe(404);
    expect((await t.http.inject({ method: 'GET', url: `/orders/${id}`, headers: await bearer(alice) })).json().status).toBe('pending');
  });

  it('a customer lists only their own orders', async () => {
    await t.http.inject({ method: 'POST', url: '/orders', headers: await bearer(bob), payload: { total_amount: 1 } });
    const page = (await t.http.inject({ method: 'GET', url: '/orders?limit=500', headers: await bearer(alice) })).json<{ customer_id: number }[]>();
    expect(page.length).toBeGreaterThan(0);
    expect(page.every((o) => o.customer_id === 501)).toBe(true);
    expect((await t.http.inject({ method: 'GET', url: '/orders?customer_id=502', headers: await bearer(alice) })).statusCode).toBe(403);
  });

  it('a customer may cancel their order but not change its amount or delete it (403)', async () => {
    const { id } = (await t.http.inject({ method: 'POST', url: '/orders', headers: await bearer(alice), payload: { total_amount: 9 } })).json();
    expect((await t.http.inject({ method: 'PUT', url: `/orders/${id}`, headers: await bearer(alice), payload: { total_amount: 0 } })).statusCode).toBe(403);
    expect((await t.http.inject({ method: 'DELETE', url: `/orders/${id}`, headers: await bearer(alice) })).statusCode).toBe(403);
    const cancelled = await t.http.inject({ method: 'PUT', url: `/orders/${id}`, headers: await bearer(alice), payload: { status: 'cancelled' } });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json().status).toBe('cancelled');
  });

  it('an operator sees and acts on every order, and must name the customer when creating', async () => {
    const { id } = (await t.http.inject({ method: 'POST', url: '/orders', headers: await bearer(alice), payload: { total_amount: 3 } })).json();
    expect((await t.http.inject({ method: 'GET', url: `/orders/${id}`, headers: await bearer(operator) })).statusCode).toBe(200);
    expect((await t.http.inject({ method: 'POST', url: `/orders/${id}/cancel`, headers: await bearer(operator) })).statusCode).toBe(200);
    expect((await t.http.inject({ method: 'DELETE', url: `/orders/${id}`, headers: await bearer(operator) })).statusCode).toBe(204);
    const noCustomer = await t.http.inject({ method: 'POST', url: '/orders', headers: await bearer(operator), payload: { total_amount: 3 } });
    expect(noCustomer.statusCode).toBe(400);
    expect(noCustomer.json().detail).toMatch(/customer_id/);
  });

  it('a token without a known role, or a customer token without customer_id, is 401', async () => {
    const key = new TextEncoder().encode(SECRET);
    const noRole = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setExpirationTime('5m').sign(key);
    const customerWithoutId = await new SignJWT({ role: 'customer' }).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setExpirationTime('5m').sign(key);
    for (const tokenText of [noRole, customerWithoutId]) {
      expect((await t.http.inject({ method: 'GET', url: '/orders', headers: { authorization: `Bearer ${tokenText}` } })).statusCode).toBe(401);
    }
  });
});

describe('the api role with a shared identity provider', () => {
  it('refuses a token for another audience once AUTH_JWT_AUDIENCE is set', async () => {
    const t = await startTestApp({
      role: 'api',
      worker: false,
      env: { AUTH_JWT_SECRET: SECRET, AUTH_JWT_AUDIENCE: 'orders', API_METRICS_PORT: '9465', RATE_LIMIT_PER_MINUTE: '0' },
    });
    try {
      const admin: Principal = { subject: 'root', role: 'admin' };
      const get = async (audience?: string) =>
        (await t.http.inject({ method: 'GET', url: '/orders', headers: { authorization: `Bearer ${await signedToken(SECRET, admin, { audience })}` } }))
          .statusCode;
      expect([await get('another-app'), await get(undefined), await get('orders')]).toEqual([401, 401, 200]);
    } finally {
      await t.close();
    }
  });
});

describe('the dev command', () => {
  let t: TestApp;
  beforeAll(async () => {
    // NODE_ENV=production on purpose: an exported NODE_ENV must not break `make run`.
    t = await startTestApp({ worker: false, env: { NODE_ENV: 'production', ORDER_PROCESSING_DELAY: '1h' } });
  });
  afterAll(() => t.close());

  it('a request without a token acts as the development operator, so the README curl examples work', async () => {
    expect((await t.http.inject({ method: 'GET', url: '/orders' })).statusCode).toBe(200);
    expect((await t.http.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(200);
  });

  it('with a key configured, admits no anonymous requests and mints no demo tokens', async () => {
    const keyed = await startTestApp({ worker: false, env: { AUTH_JWT_SECRET: SECRET } });
    try {
      expect((await keyed.http.inject({ method: 'GET', url: '/orders' })).statusCode).toBe(401);
      expect(keyed.app.tokens.issue).toBeUndefined();
    } finally {
      await keyed.close();
    }
  });

  it('a request with a token is still verified and its role enforced', async () => {
    expect((await t.http.inject({ method: 'GET', url: '/orders', headers: { authorization: 'Bearer nonsense' } })).statusCode).toBe(401);
    const customer = await t.app.tokens.issue!({ subject: 'c', role: 'customer', customerId: 77 }, '5m');
    const response = await t.http.inject({ method: 'DELETE', url: '/orders/1', headers: { authorization: `Bearer ${customer}` } });
    expect(response.statusCode).toBe(403);
  });
});
