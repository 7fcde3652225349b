import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ worker: false, env: { RATE_LIMIT_PER_MINUTE: '5', CORS_ORIGINS: 'https://shop.example' } });
});
afterAll(() => t.close());

describe('limits and headers', () => {
  it('a client over its rate limit gets 429 problem+json with Retry-After; other clients are unaffected', async () => {
    const statuses: number[] = [];
    let limited;
    for (let i = 0; i < 7; i++) {
      const response = await t.http.inject({ method: 'GET', url: '/orders', remoteAddress: '10.0.0.1' });
      statuses.push(response.statusCode);
      if (response.statusCode === 429) limited = response;
    }
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    expect(limited!.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(limited!.headers['retry-after'])).toBeGreaterThan(0);
    expect((await t.http.inject({ method: 'GET', url: '/orders', remoteAddress: '10.0.0.2' })).statusCode).toBe(200);
    // Probes are never limited.
    expect((await t.http.inject({ method: 'GET', url: '/healthz', remoteAddress: '10.0.0.1' })).statusCode).toBe(200);
  });

  it('sends security headers', async () => {
    const response = await t.http.inject({ method: 'GET', url: '/healthz' });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['strict-transport-security']).toBeDefined();
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  it('answers CORS only for configured origins', async () => {
    const allowed = await t.http.inject({
      method: 'OPTIONS',
      url: '/orders',
      headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' },
    });
    expect(allowed.headers['access-control-allow-origin']).toBe('https://shop.example');
    const other = await t.http.inject({ method: 'GET', url: '/healthz', headers: { origin: 'https://evil.example' } });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});
