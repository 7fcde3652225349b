/**
 * A hostile body as large as the server accepts (1 MiB), of every shape that makes a validator or a
 * parser work hard, is answered with a small problem and a short log line, and costs little CPU.
 * The CPU per request is printed (process.cpuUsage around each inject, so light-my-request's share
 * is in it too) for comparison between versions; it is never asserted, because a test on a shared
 * machine cannot time anything reliably. What is asserted is what bounds the work: validation
 * stops at the first violated rule (one error, `maxItems` before any element).
 */
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/harness.js';
import { TEST_ADDRESS } from '../support/saga.js';

const MiB = 1024 * 1024;
/** What the issue asks of every answer, whatever was sent. */
const MAX_ANSWER_BYTES = 16 * 1024;
const MAX_LOG_LINE_BYTES = 4 * 1024;
const MAX_LISTED_ERRORS = 5;

const stream = new PassThrough();
const lines: string[] = [];
stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ worker: false, logStream: stream, env: { LOG_LEVEL: 'info', HTTP_BODY_LIMIT_BYTES: String(MiB) } });
});
afterAll(() => t?.close());

/** A JSON text of just under `bytes` bytes: `head`, then `unit` repeated, then `tail`. */
function filled(head: string, unit: string, tail: string, bytes = MiB - 64): string {
  const times = Math.floor((bytes - head.length - tail.length) / Buffer.byteLength(unit));
  return head + unit.repeat(times) + tail;
}

/** `{"f0":0,"f1":0,…}`: as many distinct unknown members as fit. */
function manyMembers(value: string): string {
  const members: string[] = [];
  let size = 2;
  for (let i = 0; size < MiB - 64; i++) {
    const member = `"f${i}":${value}`;
    members.push(member);
    size += member.length + 1;
  }
  members.pop();
  return `{${members.join(',')}}`;
}

const ITEM = '{"sku":"SKU-RED-MUG","quantity":1,"unit_price":1}';

const BODIES: Record<string, string> = {
  'items: 500,000 zeros': filled('{"items":[', '0,', '0]}'),
  'items: valid lines, ten thousand times too many': filled('{"customer_id":1,"items":[', `${ITEM},`, `${ITEM}]}`),
  'items: lines of the wrong shape': filled('{"customer_id":1,"items":[', '{"sku":1,"x":[]},', '{"sku":1}]}'),
  'unknown members': manyMembers('0'),
  'unknown members with wrong-typed values': manyMembers('"x"'),
  'one huge string value': filled('{"customer_id":1,"total_amount":1,"payment_method":"', 'x', '"}'),
  'one huge unknown key': filled('{"', 'k', '":1}'),
  'one huge number': filled('{"customer_id":1,"total_amount":', '1', '}'),
  'a long non-ASCII string': filled('{"customer_id":1,"total_amount":1,"payment_method":"', '😀', '"}'),
  'deeply nested arrays': filled('{"items":', '[', ''),
  'deeply nested arrays, closed': `{"items":${'['.repeat(300_000)}${']'.repeat(300_000)}}`,
  'deeply nested objects': filled('', '{"a":', '1'),
  'a huge array of huge numbers': filled('{"items":[', '1e400,', '1]}'),
  'not JSON after 1 MiB': filled('{"customer_id":1,"total_amount":1,"payment_method":"', 'x', '"x'),
};

function cpuMillis(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

async function send(method: 'POST' | 'PUT', url: string, payload: string) {
  const logged = lines.length;
  const start = process.cpuUsage();
  const response = await t.http.inject({ method, url, headers: { 'content-type': 'application/json' }, payload });
  const cpu = cpuMillis(start);
  // The request's own log lines (pino writes synchronously to the stream in this process).
  const logLines = lines.slice(logged);
  return { response, cpu, logLines };
}

describe('errors that stay small', () => {
  const cpu: string[] = [];
  afterAll(() => console.log(`CPU per 1 MiB request (ms, inject included):\n  ${cpu.join('\n  ')}`));

  for (const [shape, body] of Object.entries(BODIES)) {
    for (const [method, url] of [
      ['POST', '/orders'],
      ['PUT', '/inventory/SKU-RED-MUG'],
    ] as const) {
      it(`answers ${method} ${url} with ${shape} (${(Buffer.byteLength(body) / MiB).toFixed(2)} MiB) with a small problem and a short log line`, async () => {
        expect(Buffer.byteLength(body)).toBeLessThanOrEqual(MiB);
        const { response, cpu: ms, logLines } = await send(method, url, body);
        cpu.push(`${ms.toFixed(1).padStart(7)}  ${method} ${url} ${shape}`);
        expect(response.statusCode, response.body.slice(0, 300)).toBeGreaterThanOrEqual(400);
        expect(response.statusCode).toBeLessThan(500);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(response.rawPayload.length).toBeLessThan(MAX_ANSWER_BYTES);
        const problem = response.json<{ status: number; errors?: unknown[]; error_count?: number }>();
        expect(problem.status).toBe(response.statusCode);
        expect(problem.errors?.length ?? 0).toBeLessThanOrEqual(MAX_LISTED_ERRORS);
        expect(logLines.length).toBeGreaterThan(0);
        for (const line of logLines) expect(Buffer.byteLength(line), line.slice(0, 300)).toBeLessThan(MAX_LOG_LINE_BYTES);
      });
    }
  }

  it('checks maxItems before any element and stops at the first violated rule', async () => {
    // With an address, so that the first rule the body breaks is the items' bound.
    const body = `{"shipping_address":${JSON.stringify(TEST_ADDRESS)},"items":[${'0,'.repeat(200_000)}0]}`;
    const { response } = await send('POST', '/orders', body);
    const problem = response.json<{ errors: { pointer: string; message: string }[]; error_count: number }>();
    expect(problem.errors).toEqual([{ pointer: '/items', message: 'must NOT have more than 100 items' }]);
    expect(problem.error_count).toBe(1);
  });

  it('says how many errors there were when it lists only some (a query string of many unknown parameters)', async () => {
    const query = Array.from({ length: 1_000 }, (_, i) => `p${i}=1`).join('&');
    const response = await t.http.inject({ method: 'GET', url: `/orders?${query}` });
    expect(response.statusCode).toBe(400);
    const problem = response.json<{ errors: { pointer: string; message: string }[]; error_count: number; detail: string }>();
    expect(problem.errors).toHaveLength(MAX_LISTED_ERRORS);
    expect(problem.error_count).toBe(1_000);
    expect(problem.detail).toMatch(/and 995 more/);
    expect(response.rawPayload.length).toBeLessThan(MAX_ANSWER_BYTES);
  });

  it('clips what a problem repeats of the request (a 100 kB unknown key) in the answer and in the log', async () => {
    const key = 'k'.repeat(100_000);
    const { response, logLines } = await send('PUT', '/inventory/SKU-RED-MUG', JSON.stringify({ on_hand: 1, [key]: 1 }));
    expect(response.statusCode).toBe(400);
    expect(response.rawPayload.length).toBeLessThan(2_048);
    expect(response.json<{ detail: string }>().detail).toMatch(/^body must not have the unknown property "k+…/);
    for (const line of logLines) expect(line.length).toBeLessThan(MAX_LOG_LINE_BYTES);
  });
});
