import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/harness.js';
import { loadContract } from './openapi-operations.js';

let t: TestApp;
let port: number;
beforeAll(async () => {
  t = await startTestApp({ worker: false });
  await t.http.listen({ port: 0, host: '127.0.0.1' });
  port = (t.http.server.address() as { port: number }).port;
});
afterAll(() => t?.close());

/** The methods the contract declares at `path`, with the HEAD every GET also answers. */
function declaredMethods(path: string): string[] {
  const methods = loadContract()
    .operations.filter((op) => op.path === path)
    .map((op) => op.method);
  return [...new Set(methods.includes('GET') ? [...methods, 'HEAD'] : methods)].sort();
}

/** One request on a fresh connection, written as bytes (for methods `inject` and Node's client cannot send). */
function rawRequest(text: string): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const [head = '', body = ''] = raw.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body });
    });
  });
}

describe('methods a path does not answer', () => {
  for (const [method, url, path] of [
    ['TRACE', '/orders', '/orders'],
    ['PATCH', '/orders/1', '/orders/{id}'],
    ['PROPFIND', '/orders/1/cancel', '/orders/{id}/cancel'],
    ['OPTIONS', '/inventory/SKU-RED-MUG', '/inventory/{sku}'],
    ['DELETE', '/healthz', '/healthz'],
    ['QUERY', '/webhooks', '/webhooks'],
    // A parameter longer than the router reads: it is refused before the method is looked at, and still a 405.
    ['DELETE', `/webhooks/${'x'.repeat(10_000)}/deliveries`, '/webhooks/{id}/deliveries'],
  ] as const) {
    it(`answers ${method} ${url.slice(0, 40)} with 405 problem+json and Allow: the methods the contract declares for ${path}`, async () => {
      // QUERY carries a body (Fastify refuses one without a Content-Type before routing).
      const body = method === 'QUERY' ? { headers: { 'content-type': 'application/json' }, payload: '{}' } : {};
      const response = await t.http.inject({ method: method as 'GET', url, ...body });
      expect(response.statusCode, response.body).toBe(405);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(String(response.headers.allow).split(', ')).toEqual(declaredMethods(path));
      expect(response.json()).toMatchObject({ status: 405, type: 'https://problems.orders.example/method-not-allowed' });
    });
  }

  it('answers a method Node does not know (FOO /orders) with the same 405 and Allow, over a real socket', async () => {
    const response = await rawRequest('FOO /orders?limit=1 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    expect(response.status).toBe(405);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.headers.allow).toBe(declaredMethods('/orders').join(', '));
    expect(JSON.parse(response.body)).toMatchObject({ status: 405 });
  });

  it('answers TRACE over a real socket with 405 and Allow', async () => {
    const response = await rawRequest('TRACE /orders/1 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe(declaredMethods('/orders/{id}').join(', '));
  });

  it('refuses the method before it reads the body (PATCH /orders with a text/plain body is 405, not 415)', async () => {
    const response = await t.http.inject({ method: 'PATCH', url: '/orders', headers: { 'content-type': 'text/plain' }, payload: 'x' });
    expect(response.statusCode).toBe(405);
  });

  it('still answers an unknown path with 404, whatever the method', async () => {
    expect((await t.http.inject({ method: 'TRACE', url: '/nowhere' })).statusCode).toBe(404);
    expect((await t.http.inject({ method: 'GET', url: '/orders/1/nowhere' })).statusCode).toBe(404);
    expect((await rawRequest('FOO /nowhere HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n')).status).toBe(404);
  });

  it('still answers a malformed request line with 400', async () => {
    expect((await rawRequest('G E T /orders HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n')).status).toBe(400);
  });
});
