import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/auth/principal.js';
import { startTestApp, type TestApp } from '../support/harness.js';

const SECRET = 'a-test-secret-that-is-long-enough-1234567890';
const json = { 'content-type': 'application/json' };

describe('in production', () => {
  let t: TestApp;
  const token = (principal: Principal) => t.app.tokens.issue!(principal, '5m');
  const bearer = async (principal: Principal) => ({ ...json, authorization: `Bearer ${await token(principal)}` });
  const alice: Principal = { subject: 'alice', role: 'customer', customerId: 501 };
  const bob: Principal = { subject: 'bob', role: 'customer', customerId: 502 };
  const operator: Principal = { subject: 'olga', role: 'operator' };

  beforeAll(async () => {
    t = await startTestApp({ env: { NODE_ENV: 'production', AUTH_JWT_SECRET: SECRET, ORDER_PROCESSING_DELAY: '1h', RATE_LIMIT_PER_MINUTE: '0' } });
  });
  afterAll(() => t.close());

  it('a request without a token is 401 with WWW-Authenticate: Bearer', async () => {
    const response = await t.http.inject({ method: 'GET', url: '/orders' });
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer');
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
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

  it('health, readiness, metrics and docs need no token', async () => {
    for (const url of ['/healthz', '/readyz', '/metrics', '/docs/', '/openapi.yaml']) {
      expect((await t.http.inject({ method: 'GET', url })).statusCode, url).toBe(200);
    }
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

describe('in development', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ worker: false, env: { NODE_ENV: 'development', ORDER_PROCESSING_DELAY: '1h' } });
  });
  afterAll(() => t.close());

  it('a request without a token acts as the development operator, so the README curl examples work', async () => {
    expect((await t.http.inject({ method: 'GET', url: '/orders' })).statusCode).toBe(200);
  });

  it('a request with a token is still verified and its role enforced', async () => {
    expect((await t.http.inject({ method: 'GET', url: '/orders', headers: { authorization: 'Bearer nonsense' } })).statusCode).toBe(401);
    const customer = await t.app.tokens.issue!({ subject: 'c', role: 'customer', customerId: 77 }, '5m');
    const response = await t.http.inject({ method: 'DELETE', url: '/orders/1', headers: { authorization: `Bearer ${customer}` } });
    expect(response.statusCode).toBe(403);
  });
});
