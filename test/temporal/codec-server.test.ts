/**
 * The codec server as the Temporal UI and an attacker meet it: who may call it, what a browser on
 * the UI's origin is allowed, and what malformed or oversized input gets.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/auth/principal.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { signedToken } from '../support/tokens.js';

const SECRET = 'a-codec-test-secret-that-is-long-enough-123';
const UI = 'https://temporal-ui.example.com';
const b64 = (value: string) => Buffer.from(value).toString('base64');
const plain = { metadata: { encoding: b64('json/plain') }, data: b64('{"sku":"SKU-1"}') };

describe('the codec server', () => {
  let t: TestApp;
  const bearer = async (principal: Principal) => `Bearer ${await signedToken(SECRET, principal)}`;
  const operator = () => bearer({ subject: 'olga', role: 'operator' });
  const post = async (url: string, payload: unknown, headers: Record<string, string> = {}) =>
    t.http.inject({
      method: 'POST',
      url,
      payload: payload as object,
      headers: { authorization: await operator(), 'content-type': 'application/json', ...headers },
    });

  beforeAll(async () => {
    t = await startTestApp({
      worker: false,
      env: {
        NODE_ENV: 'production',
        AUTH_JWT_SECRET: SECRET,
        RATE_LIMIT_PER_MINUTE: '0',
        PAYLOAD_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
        CODEC_CORS_ORIGINS: `${UI}, http://localhost:8233`,
      },
    });
  });
  afterAll(() => t.close());

  it('is open to operators and admins only: no token is 401, a customer 403', async () => {
    for (const url of ['/codec/encode', '/codec/decode']) {
      const anonymous = await t.http.inject({ method: 'POST', url, payload: { payloads: [plain] } });
      expect(anonymous.statusCode, url).toBe(401);
      expect(anonymous.headers['content-type']).toMatch(/^application\/problem\+json/);
      const customer = await post(url, { payloads: [plain] }, { authorization: await bearer({ subject: 'c', role: 'customer', customerId: 1 }) });
      expect(customer.statusCode, url).toBe(403);
      for (const principal of [
        { subject: 'olga', role: 'operator' },
        { subject: 'root', role: 'admin' },
      ] as Principal[]) {
        expect((await post(url, { payloads: [plain] }, { authorization: await bearer(principal) })).statusCode, `${url} ${principal.role}`).toBe(200);
      }
    }
  });

  it("answers the Temporal UI's preflight for its origin, with the headers the UI sends (its user's token, the namespace)", async () => {
    const preflight = await t.http.inject({
      method: 'OPTIONS',
      url: '/codec/decode',
      headers: { origin: UI, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,x-namespace' },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(UI);
    expect(String(preflight.headers['access-control-allow-headers']).split(/,\s*/)).toEqual(
      expect.arrayContaining(['authorization', 'content-type', 'x-namespace']),
    );
    expect(preflight.headers['access-control-allow-methods']).toBe('POST');
    expect(preflight.headers['access-control-allow-credentials']).toBe('true');

    const decoded = await post('/codec/decode', { payloads: [plain] }, { origin: UI, 'x-namespace': 'default' });
    expect(decoded.statusCode).toBe(200);
    expect(decoded.headers['access-control-allow-origin']).toBe(UI);
    // A refusal reaches the UI's page as a 401 (with CORS headers), not as an opaque network error.
    const refused = await t.http.inject({ method: 'POST', url: '/codec/decode', payload: { payloads: [plain] }, headers: { origin: UI } });
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['access-control-allow-origin']).toBe(UI);
  });

  it('gives other origins nothing, and gives the UI origin nothing on the rest of the API', async () => {
    const stranger = await t.http.inject({
      method: 'OPTIONS',
      url: '/codec/decode',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(stranger.headers['access-control-allow-origin']).toBeUndefined();
    const decode = await post('/codec/decode', { payloads: [plain] }, { origin: 'https://evil.example' });
    expect(decode.headers['access-control-allow-origin']).toBeUndefined();
    const orders = await t.http.inject({ method: 'GET', url: '/orders', headers: { origin: UI, authorization: await operator() } });
    expect(orders.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses malformed input with a problem, and stores nothing', async () => {
    const cases: [unknown, number, RegExp?][] = [
      [{}, 400],
      [{ payloads: 'x' }, 400],
      [{ payloads: [{ data: 'not base64!' }] }, 400],
      [{ payloads: [{ metadata: { encoding: 7 } }] }, 400],
      [{ payloads: [plain], extra: true }, 400],
      [{ payloads: [{ ...plain, unknown: 'x' }] }, 400],
      [{ payloads: Array.from({ length: 1001 }, () => plain) }, 400],
      // Claims to be encrypted with our key, but is not ciphertext.
      [
        { payloads: [plain, { metadata: { encoding: b64('binary/encrypted'), 'encryption-key-id': b64('k1') }, data: b64('x'.repeat(40)) }] },
        400,
        /payloads\/1/,
      ],
      [{ payloads: [{ metadata: { encoding: b64('binary/encrypted'), 'encryption-key-id': b64('k9') }, data: b64('x'.repeat(40)) }] }, 400, /key "k9"/],
    ];
    for (const [body, status, detail] of cases) {
      const response = await post('/codec/decode', body);
      expect(response.statusCode, JSON.stringify(body).slice(0, 120)).toBe(status);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body.length).toBeLessThan(4096);
      if (detail) expect(response.json().detail).toMatch(detail);
    }
    const broken = await t.http.inject({
      method: 'POST',
      url: '/codec/decode',
      payload: '{"payloads": [',
      headers: { authorization: await operator(), 'content-type': 'application/json' },
    });
    expect(broken.statusCode).toBe(400);
    const text = await t.http.inject({
      method: 'POST',
      url: '/codec/decode',
      payload: 'payloads',
      headers: { authorization: await operator(), 'content-type': 'text/plain' },
    });
    expect(text.statusCode).toBe(415);
  });

  it('refuses a body over its limit (8 MiB) with 413, and takes one under it that the API would refuse elsewhere (1 MiB)', async () => {
    const big = (bytes: number) => ({ payloads: [{ metadata: plain.metadata, data: Buffer.alloc(bytes, 'a').toString('base64') }] });
    const tooBig = await post('/codec/encode', big(7 * 1024 * 1024));
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.headers['content-type']).toMatch(/^application\/problem\+json/);
    const large = await post('/codec/encode', big(3 * 1024 * 1024));
    expect(large.statusCode).toBe(200);
    const roundTrip = await post('/codec/decode', large.json());
    expect(roundTrip.json().payloads[0].data).toBe(big(3 * 1024 * 1024).payloads[0]!.data);
  });

  it('does not exist when no keys are configured', async () => {
    const plainApp = await startTestApp({ worker: false });
    try {
      expect((await plainApp.http.inject({ method: 'POST', url: '/codec/decode', payload: { payloads: [plain] } })).statusCode).toBe(404);
    } finally {
      await plainApp.close();
    }
  });
});
