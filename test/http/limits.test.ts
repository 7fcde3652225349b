import { setTimeout as sleep } from 'node:timers/promises';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/auth/principal.js';
import { startTestApp, type TestApp } from '../support/harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ worker: false, env: { RATE_LIMIT_PER_MINUTE: '5', CORS_ORIGINS: 'https://shop.example' } });
});
afterAll(() => t.close());

/** The limit counts per minute of the wall clock: start a sequence well inside one, so it never straddles two. */
async function awayFromWindowEdge(): Promise<void> {
  const intoMinute = Date.now() % 60_000;
  if (intoMinute > 55_000) await sleep(60_000 - intoMinute + 50);
}

let addressCounter = 0;
/** A client address no other test has used. */
const freshAddress = () => `10.9.${Math.floor(++addressCounter / 250)}.${(addressCounter % 250) + 1}`;

const statusesOf = async (count: number, request: InjectOptions, app = t) => {
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) statuses.push((await app.http.inject(request)).statusCode);
  return statuses;
};

const bearer = async (principal: Principal, app = t) => `Bearer ${await app.app.tokens.issue!(principal, '5m')}`;

describe('the rate limit', () => {
  it('answers a client over its limit with 429 problem+json and Retry-After; other clients are unaffected', async () => {
    await awayFromWindowEdge();
    const address = freshAddress();
    const responses = [];
    for (let i = 0; i < 7; i++) responses.push(await t.http.inject({ method: 'GET', url: '/orders', remoteAddress: address }));
    expect(responses.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200, 429, 429]);
    expect(responses.map((r) => r.headers['x-ratelimit-remaining'])).toEqual(['4', '3', '2', '1', '0', '0', '0']);
    const limited = responses[5]!;
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(limited.json().type).toBe('https://problems.orders.example/rate-limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.headers['x-ratelimit-limit']).toBe('5');
    expect((await t.http.inject({ method: 'GET', url: '/orders', remoteAddress: freshAddress() })).statusCode).toBe(200);
    // Load balancers' probes are never limited: a 429 would take a healthy replica out.
    expect(await statusesOf(3, { method: 'GET', url: '/healthz', remoteAddress: address })).toEqual([200, 200, 200]);
  });

  it('counts requests refused for their token: a flood of bad tokens is limited, 401 then 429', async () => {
    await awayFromWindowEdge();
    const address = freshAddress();
    const statuses = [];
    for (let i = 0; i < 50; i++) {
      statuses.push(
        (await t.http.inject({ method: 'GET', url: '/orders', remoteAddress: address, headers: { authorization: `Bearer junk-${i}` } })).statusCode,
      );
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(new Set(statuses.slice(5))).toEqual(new Set([429]));
  });

  it('counts requests refused for their role (403) against the verified subject', async () => {
    await awayFromWindowEdge();
    const authorization = await bearer({ subject: 'limited-customer-403', role: 'customer', customerId: 3 });
    const statuses = await statusesOf(7, { method: 'DELETE', url: '/orders/1', remoteAddress: freshAddress(), headers: { authorization } });
    expect(statuses).toEqual([403, 403, 403, 403, 403, 429, 429]);
  });

  it('keys a signed-in client by its verified subject: new tokens or addresses do not reset it; other subjects at its address are separate', async () => {
    await awayFromWindowEdge();
    const address = freshAddress();
    const carol: Principal = { subject: 'carol', role: 'customer', customerId: 61 };
    // Six different tokens (their expiries differ) for one subject.
    const tokens = await Promise.all(Array.from({ length: 6 }, (_, i) => t.app.tokens.issue!(carol, `${5 + i}m`).then((token) => `Bearer ${token}`)));
    const statuses = [];
    for (const [i, authorization] of tokens.entries()) {
      statuses.push(
        (await t.http.inject({ method: 'GET', url: '/orders', remoteAddress: i % 2 ? address : freshAddress(), headers: { authorization } })).statusCode,
      );
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const dave = await bearer({ subject: 'dave', role: 'customer', customerId: 62 });
    expect((await t.http.inject({ method: 'GET', url: '/orders', remoteAddress: address, headers: { authorization: dave } })).statusCode).toBe(200);
  });

  it('limits the public routes too: the contract, the docs and /metrics', async () => {
    await awayFromWindowEdge();
    for (const url of ['/openapi.yaml', '/docs/', '/metrics']) {
      expect(await statusesOf(6, { method: 'GET', url, remoteAddress: freshAddress() }), url).toEqual([200, 200, 200, 200, 200, 429]);
    }
  });

  it('counts an IPv6 client by its /64, which one client usually holds whole', async () => {
    await awayFromWindowEdge();
    const statuses = [];
    for (let i = 1; i <= 6; i++) statuses.push((await t.http.inject({ method: 'GET', url: '/orders', remoteAddress: `2001:db8:77:1::${i}` })).statusCode);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    expect((await t.http.inject({ method: 'GET', url: '/orders', remoteAddress: '2001:db8:77:2::1' })).statusCode).toBe(200);
  });
});

describe('the rate limit under a flood of new clients', () => {
  let flooded: TestApp;
  beforeAll(async () => {
    flooded = await startTestApp({ worker: false, env: { RATE_LIMIT_PER_MINUTE: '5', RATE_LIMIT_MAX_CLIENTS: '100' } });
  });
  afterAll(() => flooded.close());

  it('never starves a newcomer: a flood of new addresses takes only the places of quieter clients, signed-in clients are untouched', async () => {
    await awayFromWindowEdge();
    const regular = '192.0.2.10';
    const erin = await bearer({ subject: 'erin', role: 'operator' }, flooded);
    expect(await statusesOf(6, { method: 'GET', url: '/orders', remoteAddress: regular }, flooded)).toEqual([200, 200, 200, 200, 200, 429]);
    await flooded.http.inject({ method: 'GET', url: '/orders', remoteAddress: '192.0.2.11', headers: { authorization: erin } });

    // Ten times as many new addresses as the table holds, while the limited client keeps trying.
    for (let i = 0; i < 1000; i++) {
      expect((await flooded.http.inject({ method: 'GET', url: '/healthz/nope', remoteAddress: `198.18.${i >> 8}.${i & 255}` })).statusCode).toBe(404);
      if (i % 20 === 0) expect((await flooded.http.inject({ method: 'GET', url: '/orders', remoteAddress: regular })).statusCode).toBe(429);
    }
    // A client arriving after the flood has a counter of its own (a shared overflow bucket would be exhausted).
    expect((await flooded.http.inject({ method: 'GET', url: '/orders', remoteAddress: '192.0.2.99' })).statusCode).toBe(200);
    expect((await flooded.http.inject({ method: 'GET', url: '/orders', remoteAddress: '192.0.2.11', headers: { authorization: erin } })).statusCode).toBe(200);
  });

  it("lets one IPv6 /48 send 16 clients' worth in all, however many /64s it uses", async () => {
    await awayFromWindowEdge();
    const statuses = [];
    for (let i = 1; i <= 120; i++)
      statuses.push((await flooded.http.inject({ method: 'GET', url: '/orders', remoteAddress: `2001:db8:99:${i.toString(16)}::1` })).statusCode);
    expect(statuses.filter((status) => status === 200)).toHaveLength(16 * 5);
    expect(statuses.slice(16 * 5).every((status) => status === 429)).toBe(true);
    expect((await flooded.http.inject({ method: 'GET', url: '/orders', remoteAddress: '2001:db8:98:1::1' })).statusCode).toBe(200);
  });

  it("keys a signed-in client by role and subject: a customer named like an operator does not use up the operator's limit", async () => {
    await awayFromWindowEdge();
    const customer = await bearer({ subject: 'frank', role: 'customer', customerId: 5 }, flooded);
    const operator = await bearer({ subject: 'frank', role: 'operator' }, flooded);
    const asCustomer = { method: 'GET' as const, url: '/orders', remoteAddress: '192.0.2.50', headers: { authorization: customer } };
    expect(await statusesOf(6, asCustomer, flooded)).toEqual([200, 200, 200, 200, 200, 429]);
    expect((await flooded.http.inject({ method: 'GET', url: '/orders', remoteAddress: '192.0.2.50', headers: { authorization: operator } })).statusCode).toBe(
      200,
    );
  });
});

describe('the rate limit behind a load balancer', () => {
  let proxied: TestApp;
  beforeAll(async () => {
    proxied = await startTestApp({ worker: false, env: { RATE_LIMIT_PER_MINUTE: '5', TRUST_PROXY: '10.1.0.1' } });
  });
  afterAll(() => proxied.close());

  it('takes the client address from X-Forwarded-For set by the trusted proxy, and from nobody else', async () => {
    await awayFromWindowEdge();
    const viaProxy = (client: string): InjectOptions => ({ method: 'GET', url: '/orders', remoteAddress: '10.1.0.1', headers: { 'x-forwarded-for': client } });
    expect(await statusesOf(6, viaProxy('203.0.113.1'), proxied)).toEqual([200, 200, 200, 200, 200, 429]);
    expect((await proxied.http.inject(viaProxy('203.0.113.2'))).statusCode).toBe(200);
    // A client that claims other addresses itself still has one counter.
    const spoofed = [];
    for (let i = 0; i < 6; i++) {
      spoofed.push(
        (await proxied.http.inject({ method: 'GET', url: '/orders', remoteAddress: '198.51.100.9', headers: { 'x-forwarded-for': `203.0.113.${50 + i}` } }))
          .statusCode,
      );
    }
    expect(spoofed).toEqual([200, 200, 200, 200, 200, 429]);
  });
});

describe('headers', () => {
  it('sends security headers', async () => {
    const response = await t.http.inject({ method: 'GET', url: '/healthz' });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['strict-transport-security']).toBeDefined();
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  it('answers CORS only for configured origins, and lets their scripts read the rate limit headers', async () => {
    const allowed = await t.http.inject({
      method: 'OPTIONS',
      url: '/orders',
      headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' },
    });
    expect(allowed.headers['access-control-allow-origin']).toBe('https://shop.example');
    const read = await t.http.inject({ method: 'GET', url: '/orders', remoteAddress: freshAddress(), headers: { origin: 'https://shop.example' } });
    const exposed = String(read.headers['access-control-expose-headers'])
      .split(',')
      .map((name) => name.trim());
    expect(exposed).toEqual(expect.arrayContaining(['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'retry-after']));
    const other = await t.http.inject({ method: 'GET', url: '/healthz', headers: { origin: 'https://evil.example' } });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});
