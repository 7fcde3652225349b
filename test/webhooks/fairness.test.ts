/**
 * One dead endpoint must not starve the others, and the claim must not slow down as the backlog
 * grows. A blackholed receiver (accepts TCP, never answers) and a healthy one get the same 2,000
 * events; the real dispatcher, real HTTP, real PostgreSQL.
 */
import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pool } from '../../src/db/pool.js';
import { WebhookRepository } from '../../src/webhooks/repository.js';
import { eventually, startTestApp, type TestApp } from '../support/harness.js';
import { type Receiver, startReceiver } from './receiver.js';

const ENDPOINT_CONCURRENCY = 4;
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({
    webhooks: true,
    worker: false,
    // A timeout far longer than the test: a blackholed attempt never ends by itself while it runs.
    env: { WEBHOOK_TIMEOUT: '5m', WEBHOOK_CONCURRENCY: '8', WEBHOOK_ENDPOINT_CONCURRENCY: String(ENDPOINT_CONCURRENCY), WEBHOOK_POLL_INTERVAL: '50ms' },
  });
});
afterAll(async () => {
  await t?.close();
});

const json = { 'content-type': 'application/json' };

async function register(url: string): Promise<number> {
  const response = await t.http.inject({ method: 'POST', url: '/webhooks', headers: json, payload: { url } });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: number }>().id;
}

/** Accepts connections and never answers; counts them. */
async function startBlackhole() {
  const sockets = new Set<Socket>();
  let accepted = 0;
  let mostOpen = 0;
  const server = createServer((socket) => {
    accepted++;
    sockets.add(socket);
    mostOpen = Math.max(mostOpen, sockets.size);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.resume();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    stats: () => ({ accepted, open: sockets.size, mostOpen }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

describe('fairness between endpoints', () => {
  it('delivers all 2,000 events to a healthy endpoint while a blackholed one holds only its share of the slots', async () => {
    const blackhole = await startBlackhole();
    const healthy: Receiver = await startReceiver();
    const arrivals = new Map<number, number>();
    const originalPush = healthy.received.push.bind(healthy.received);
    healthy.received.push = (...items) => {
      for (const item of items) arrivals.set(item.json.id, Date.now());
      return originalPush(...items);
    };
    const deadId = await register(blackhole.url);
    const healthyId = await register(healthy.url);
    try {
      // 400 orders × 5 events, in one statement (the fan-out gives each endpoint 2,000 deliveries).
      const base = 700_000_000 + Math.floor(Math.random() * 1_000_000);
      const written = Date.now();
      const { rows } = await t.db.query<{ id: string; order_id: string }>(
        `INSERT INTO order_events (order_id, type, source, details)
         SELECT $1::bigint + o, 'order.test_step_' || s, 'workflow', jsonb_build_object('step', s)
         FROM generate_series(1, 5) AS s, generate_series(1, 400) AS o ORDER BY s, o
         RETURNING id, order_id`,
        [base],
      );
      expect(rows).toHaveLength(2000);
      await eventually(async () => (healthy.received.length >= 2000 ? true : undefined), 90_000, '2,000 deliveries to the healthy endpoint');
      const done = Date.now();

      // Every event reached the healthy endpoint once, in order per order...
      expect(new Set(healthy.received.map((x) => x.json.id)).size).toBe(2000);
      for (const orderId of [base + 1, base + 200, base + 400]) {
        const want = rows.filter((row) => Number(row.order_id) === orderId).map((row) => Number(row.id));
        expect(healthy.forOrder(orderId).map((x) => x.json.id)).toEqual(want);
      }
      // ...while the blackholed endpoint never had more than its share in flight, and not one of
      // its attempts ended (none could: they wait for a 5-minute timeout). Without a per-endpoint
      // share its attempts would fill all 8 slots within the first batches and the healthy
      // endpoint would wait for those timeouts: it could not get its 2,000 first.
      const dead = blackhole.stats();
      expect(dead.mostOpen).toBeLessThanOrEqual(ENDPOINT_CONCURRENCY);
      expect(dead.accepted).toBeLessThanOrEqual(ENDPOINT_CONCURRENCY);
      const deadAttempts = await t.db.query(
        'SELECT count(*)::int AS n FROM webhook_delivery_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id WHERE d.endpoint_id = $1',
        [deadId],
      );
      expect(deadAttempts.rows[0].n).toBe(0);
      const healthyState = await t.db.query("SELECT count(*)::int AS n FROM webhook_deliveries WHERE endpoint_id = $1 AND state = 'delivered'", [healthyId]);
      expect(healthyState.rows[0].n).toBe(2000);

      const latencies = [...arrivals.values()].map((at) => at - written).sort((a, b) => a - b);
      console.log(
        `webhook fairness: 2,000 events to a healthy endpoint beside a blackholed one in ${done - written} ms; ` +
          `latency p50 ${quantile(latencies, 0.5)} ms, p95 ${quantile(latencies, 0.95)} ms, max ${latencies.at(-1)} ms; ` +
          `blackhole: ${dead.accepted} connections accepted, at most ${dead.mostOpen} open`,
      );
    } finally {
      await t.http.inject({ method: 'DELETE', url: `/webhooks/${deadId}` });
      await t.http.inject({ method: 'DELETE', url: `/webhooks/${healthyId}` });
      await blackhole.close(); // the hanging attempts fail now, so the dispatcher can stop
      await healthy.close();
    }
  }, 150_000);
});

/** The plan of one claim, by running it under EXPLAIN (ANALYZE, BUFFERS) in a transaction that is rolled back. */
async function explainClaim(busy: Map<number, number> = new Map()): Promise<{ plan: Record<string, unknown>; blocks: number; claimed: number }> {
  const client = new pg.Client({ connectionString: t.databaseUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    let explained: { Plan: Record<string, unknown> } | undefined;
    const explaining = {
      query: async (text: string, values: unknown[]) => {
        const result = await client.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${text}`, values);
        explained = (result.rows[0] as { 'QUERY PLAN': { Plan: Record<string, unknown> }[] })['QUERY PLAN'][0];
        return { rows: [] };
      },
    };
    await new WebhookRepository(explaining as unknown as Pool).claimDue({
      limit: 8,
      leaseSeconds: 60,
      endpointConcurrency: ENDPOINT_CONCURRENCY,
      inFlight: busy,
    });
    const plan = explained!.Plan;
    const blocks = Number(plan['Shared Hit Blocks'] ?? 0) + Number(plan['Shared Read Blocks'] ?? 0);
    return { plan, blocks, claimed: Number(plan['Actual Rows'] ?? 0) };
  } finally {
    await client.query('ROLLBACK');
    await client.end();
  }
}

/** Rows read in the plan, summed over its nodes (what it examined, not what it returned). */
function rowsExamined(node: Record<string, unknown>): number {
  const own =
    Number(node['Actual Rows'] ?? 0) * Number(node['Actual Loops'] ?? 1) + Number(node['Rows Removed by Filter'] ?? 0) * Number(node['Actual Loops'] ?? 1);
  return own + ((node.Plans as Record<string, unknown>[] | undefined) ?? []).reduce((sum, child) => sum + rowsExamined(child), 0);
}

describe('the claim query', () => {
  it('reads about as much with a 80,000-delivery backlog as with a 4,000 one (EXPLAIN ANALYZE)', async () => {
    // Two endpoints' backlog: orders with several events each, their heads tried and backing off,
    // the rest parked behind them; a few heads of each due now. The app's dispatcher is stopped, so
    // the only claims are the measured ones (each rolled back).
    await t.app.webhookDispatcher.stop();
    const endpoints = [await register('http://127.0.0.1:9/a'), await register('http://127.0.0.1:9/b')];
    const measure = async (orders: number) => {
      const base = 600_000_000 + Math.floor(Math.random() * 1_000_000) * 10;
      await t.db.query(
        `INSERT INTO order_events (order_id, type, source, details)
         SELECT $1::bigint + o, 'order.test_step', 'workflow', '{}'::jsonb
         FROM generate_series(1, 4) AS s, generate_series(1, $2::int) AS o ORDER BY s, o`,
        [base, orders],
      );
      // The heads were attempted and are backing off (what claims and failures leave), but ten of each endpoint's.
      await t.db.query(
        `UPDATE webhook_deliveries SET attempts = 1, next_attempt_at = now() + interval '10 minutes'
         WHERE endpoint_id = ANY($1) AND state = 'pending' AND next_attempt_at <= now()`,
        [endpoints],
      );
      await t.db.query(
        `UPDATE webhook_deliveries SET next_attempt_at = now() - interval '1 second'
         WHERE id IN (SELECT id FROM webhook_deliveries WHERE endpoint_id = ANY($1) AND state = 'pending' AND next_attempt_at < 'infinity' ORDER BY id DESC LIMIT 20)`,
        [endpoints],
      );
      await t.db.query('VACUUM ANALYZE webhook_deliveries');
      return explainClaim();
    };
    const small = await measure(500); // 2 × 2,000 deliveries
    const large = await measure(9_500); // 2 × 40,000 in all
    const backlog = Number(
      (await t.db.query("SELECT count(*) FROM webhook_deliveries WHERE endpoint_id = ANY($1) AND state = 'pending'", [endpoints])).rows[0].count,
    );
    expect(backlog).toBe(80_000);
    const shape = [
      'Node Type',
      'Index Name',
      'Relation Name',
      'Actual Rows',
      'Actual Loops',
      'Rows Removed by Filter',
      'Shared Hit Blocks',
      'Plans',
      'Subplan Name',
    ];
    console.log(
      `claim of 8 with 4,000 pending: ${small.blocks} buffers, ${rowsExamined(small.plan)} rows examined; ` +
        `with 80,000: ${large.blocks} buffers, ${rowsExamined(large.plan)} rows examined\n${JSON.stringify(large.plan, shape)}`,
    );
    // Each endpoint offers its share (4) of due heads: 8 claimed, both times.
    expect(small.claimed).toBe(8);
    expect(large.claimed).toBe(8);
    // 20 times the backlog, about the same work: a claim that scanned the waiting deliveries would read ~20×.
    expect(rowsExamined(large.plan)).toBeLessThanOrEqual(rowsExamined(small.plan) * 1.5 + 20);
    expect(large.blocks).toBeLessThanOrEqual(small.blocks * 1.5 + 20);
  });
});
