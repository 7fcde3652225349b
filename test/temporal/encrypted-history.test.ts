/**
 * Payload encryption end to end, on the real Temporal dev server: what Temporal stores, what the
 * codec server and the Temporal CLI show an operator, a key rotation in the middle of an order, and
 * the replay of encrypted histories.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import type { Payload } from '@temporalio/common';
import proto from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { resolveTemporalCli } from '../../src/dev/temporal-cli.js';
import { EncryptionCodec, KEY_ID_METADATA, parseKeyRing } from '../../src/temporal/payload-encryption.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { createOrder, stockedSku, untilFinished, untilStage } from '../support/saga.js';

type History = proto.temporal.api.history.v1.IHistory;

const key = () => randomBytes(32).toString('base64');
const OLD_KEY = `2026-06:${key()}`;
const NEW_KEY = `2026-12:${key()}`;
const MARKER = `pm_secret_${randomBytes(6).toString('hex')}`;
const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString();
const codecFor = (keys: string) => new EncryptionCodec(parseKeyRing(keys, 'keys').ring!);

/** Every payload in a history, with where it sits (search attributes are Temporal's index: never encrypted). */
function payloadsOf(value: unknown, path = ''): { path: string; payload: Payload }[] {
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return [];
  const object = value as Record<string, unknown>;
  if (object.metadata && typeof object.metadata === 'object' && 'data' in object) return [{ path, payload: object as Payload }];
  return Object.entries(object).flatMap(([name, child]) => payloadsOf(child, `${path}/${name}`));
}
/**
 * What Temporal and the SDK keep readable by design: search attributes (Temporal indexes them), the
 * trace context in headers, and the SDK's own markers: patch names, and a local activity's bookkeeping
 * (sequence, attempt, type, times; its result is a payload of its own, encrypted). None passes through codecs.
 */
const EXEMPT = [
  /\/searchAttributes\//,
  /\/header\/fields\/_tracer-data$/,
  /\/markerRecordedEventAttributes\/details\/patch-data\//,
  /\/markerRecordedEventAttributes\/details\/data\//,
];
const isIndex = (path: string) => EXEMPT.some((pattern) => pattern.test(path));
const asJson = (payload: Payload) => ({
  metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([name, bytes]) => [name, Buffer.from(bytes).toString('base64')])),
  data: Buffer.from(payload.data ?? []).toString('base64'),
});
const decodedText = (payloads: { data?: string }[]) => payloads.map((payload) => Buffer.from(payload.data ?? '', 'base64').toString()).join('\n');

describe('with PAYLOAD_ENCRYPTION_KEYS set', () => {
  let before: TestApp;
  let beforeClosed = false;
  let after: TestApp | undefined;
  let completedId: number;
  let reviewedId: number;
  const histories = new Map<number, History>();
  const fetchHistory = async (t: TestApp, id: number) => t.temporal.workflow.getHandle(`order-${id}`).fetchHistory();

  beforeAll(async () => {
    before = await startTestApp({ env: { PAYLOAD_ENCRYPTION_KEYS: OLD_KEY, ORDER_PROCESSING_DELAY: '50ms' } });
    const sku = await stockedSku(before, 100, 'SECRET');
    completedId = (await createOrder(before, { items: [{ sku, quantity: 2, unit_price: 10 }], payment_method: MARKER })).id;
    reviewedId = (await createOrder(before, { items: [{ sku, quantity: 1, unit_price: 1500 }], payment_method: MARKER })).id;
    await untilFinished(before, completedId);
    await untilStage(before, reviewedId, 'awaiting_review');
    histories.set(completedId, await fetchHistory(before, completedId));
  });
  afterAll(async () => {
    await after?.close();
    if (!beforeClosed) await before.close();
  });

  it('the history Temporal stores holds only ciphertext: no order data in any byte of it, every payload sealed with the active key', async () => {
    const history = histories.get(completedId)!;
    const stored = Buffer.from(proto.temporal.api.history.v1.History.encode(history).finish());
    expect(stored.length).toBeGreaterThan(1000);
    expect(stored.includes(MARKER)).toBe(false);
    expect(stored.includes('SECRET-')).toBe(false);

    const payloads = payloadsOf(history).filter(({ path }) => !isIndex(path));
    expect(payloads.length).toBeGreaterThanOrEqual(5);
    // The exempt ones hold no order data: trace ids, patch names, the customer id and status indexed for search.
    const exempt = payloadsOf(history).filter(({ path }) => isIndex(path));
    expect(exempt.map(({ payload }) => text(payload.data)).join('\n')).not.toMatch(/SECRET-|pm_|unit_price|sku/);
    const encodings = new Set(payloads.map(({ payload }) => text(payload.metadata?.encoding)));
    expect([...encodings]).toEqual(['binary/encrypted']);
    expect(new Set(payloads.map(({ payload }) => text(payload.metadata?.[KEY_ID_METADATA])))).toEqual(new Set(['2026-06']));
    // The app itself reads its orders as before: the workflow's result and progress went through the codec.
    expect((await before.http.inject({ method: 'GET', url: `/orders/${completedId}` })).json()).toMatchObject({ status: 'completed' });
  });

  it('the codec server decodes the stored payloads for an operator, and encodes what it is given', async () => {
    const payloads = payloadsOf(histories.get(completedId)!)
      .filter(({ path }) => !isIndex(path))
      .map(({ payload }) => asJson(payload));
    const response = await before.http.inject({ method: 'POST', url: '/codec/decode', payload: { payloads } });
    expect(response.statusCode, response.body).toBe(200);
    const decoded = response.json<{ payloads: { metadata: Record<string, string>; data: string }[] }>().payloads;
    expect(decoded).toHaveLength(payloads.length);
    expect(decodedText(decoded)).toContain(MARKER);
    expect(decodedText(decoded)).toContain('SECRET-');
    expect(new Set(decoded.map((payload) => Buffer.from(payload.metadata.encoding!, 'base64').toString()))).not.toContain('binary/encrypted');

    const plain = { metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from('{"hello":"operator"}').toString('base64') };
    const encoded = (await before.http.inject({ method: 'POST', url: '/codec/encode', payload: { payloads: [plain] } })).json<{ payloads: unknown[] }>();
    expect(Buffer.from(JSON.stringify(encoded)).includes('operator')).toBe(false);
    const roundTrip = await before.http.inject({ method: 'POST', url: '/codec/decode', payload: encoded });
    expect(roundTrip.json()).toEqual({ payloads: [plain] });
  });

  it('the Temporal CLI shows the order in clear through the codec server (--codec-endpoint), and only ciphertext without it', async () => {
    const address = await before.http.listen({ host: '127.0.0.1', port: 0 });
    const cli = (await resolveTemporalCli())!.path;
    const show = async (...extra: string[]) =>
      (
        await promisify(execFile)(
          cli,
          ['workflow', 'show', '--workflow-id', `order-${completedId}`, '--address', inject('temporalAddress'), '--output', 'json', ...extra],
          {
            maxBuffer: 32 * 1024 * 1024,
          },
        )
      ).stdout;
    // The CLI's JSON prints payload data as base64 (proto JSON), decoded or not.
    const shown = (output: string) => decodedText(payloadsOf(JSON.parse(output)).map(({ payload }) => payload as unknown as { data?: string }));
    const withCodec = await show('--codec-endpoint', `${address}/codec`);
    expect(shown(withCodec)).toContain(MARKER);
    const without = await show();
    expect(shown(without)).not.toContain(MARKER);
    expect(without).toContain(Buffer.from('binary/encrypted').toString('base64'));
  });

  it('after a key rotation (new key first, old one kept) an order started under the old key finishes, and every history still decodes', async () => {
    await before.close();
    beforeClosed = true;
    const rotated = `${NEW_KEY},${OLD_KEY}`;
    after = await startTestApp({
      databaseUrl: before.databaseUrl,
      env: { PAYLOAD_ENCRYPTION_KEYS: rotated, ORDER_PROCESSING_DELAY: '50ms', TEMPORAL_TASK_QUEUE: before.config.temporal.taskQueue },
    });
    const approved = await after.http.inject({ method: 'POST', url: `/orders/${reviewedId}/approve` });
    expect(approved.statusCode, approved.body).toBeLessThan(300);
    expect((await untilFinished(after, reviewedId)).status).toBe('completed');

    const history = await fetchHistory(after, reviewedId);
    histories.set(reviewedId, history);
    const sealed = payloadsOf(history).filter(({ path }) => !isIndex(path));
    expect(new Set(sealed.map(({ payload }) => text(payload.metadata?.[KEY_ID_METADATA])))).toEqual(new Set(['2026-06', '2026-12']));

    for (const [id, old] of histories) {
      const payloads = payloadsOf(old)
        .filter(({ path }) => !isIndex(path))
        .map(({ payload }) => asJson(payload));
      const response = await after.http.inject({ method: 'POST', url: '/codec/decode', payload: { payloads } });
      expect(response.statusCode, `order ${id}: ${response.body}`).toBe(200);
      expect(decodedText(response.json().payloads)).toContain(MARKER);
    }
  });

  it('once the old key is dropped its payloads are refused by name, with the payload pointed at', async () => {
    const withoutOld = await startTestApp({ worker: false, env: { PAYLOAD_ENCRYPTION_KEYS: NEW_KEY } });
    try {
      const payloads = payloadsOf(histories.get(completedId)!)
        .filter(({ path }) => !isIndex(path))
        .map(({ payload }) => asJson(payload));
      const response = await withoutOld.http.inject({ method: 'POST', url: '/codec/decode', payload: { payloads } });
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json().errors[0]).toMatchObject({ pointer: '/payloads/0' });
      expect(response.json().detail).toContain('key "2026-06"');
    } finally {
      await withoutOld.close();
    }
  });

  it('encrypted histories replay with the current workflow code through the rotated key ring, and not without it', async () => {
    const replay = async (codecs: EncryptionCodec[]) => {
      const failures: string[] = [];
      const inputs = [...histories].map(([id, history]) => ({ workflowId: `order-${id}`, history }));
      const options = { workflowBundle: { codePath: inject('workflowBundlePath') }, dataConverter: { payloadCodecs: codecs } };
      for await (const result of Worker.runReplayHistories(options, inputs)) if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
      return failures;
    };
    expect(histories.size).toBe(2);
    expect(await replay([codecFor(`${NEW_KEY},${OLD_KEY}`)])).toEqual([]);
    expect(await replay([codecFor(NEW_KEY)])).toHaveLength(2);
    expect(await replay([])).toHaveLength(2);
  });
});
