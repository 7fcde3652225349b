/**
 * A bounded load on loopback, then an audit of what it left behind: 200 concurrent clients over
 * real HTTP, some retrying with the same Idempotency-Key (as a client whose connection dropped
 * would), some cancelling what they created.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestApp, type TestApp } from '../support/harness.js';

const CLIENTS = 200;
const ORDERS_PER_CLIENT = 3;

let t: TestApp;
let base: string;
beforeAll(async () => {
  t = await startTestApp({ env: { ORDER_PROCESSING_DELAY: '500ms', DATABASE_POOL_SIZE: '20' } });
  await t.http.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(t.http.server.address() as AddressInfo).port}`;
});
afterAll(() => t.close());

interface Outcome {
  created: Map<string, number>; // idempotency key → order id
  replays: number;
  conflicts: number;
  cancelled: Set<number>;
  unconfirmedCancels: Set<number>;
  refusedCancels: number;
  unexpected: string[];
}

async function client(n: number, outcome: Outcome): Promise<void> {
  for (let i = 0; i < ORDERS_PER_CLIENT; i++) {
    const key = `load-${n}-${i}`;
    const body = JSON.stringify({ customer_id: 1 + (n % 50), total_amount: Number(`${n}.${String(i).padStart(2, '0')}`) });
    // Every fourth order is sent twice at once with the same key, like a retry racing the original.
    const attempts = i % 4 === 0 ? 2 : 1;
    const responses = await Promise.all(
      Array.from({ length: attempts }, () =>
        fetch(`${base}/orders`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': key }, body }),
      ),
    );
    for (const response of responses) {
      const json = (await response.json()) as { id?: number };
      if (response.status === 201) {
        const known = outcome.created.get(key);
        if (known !== undefined && known !== json.id) outcome.unexpected.push(`key ${key} created two orders: ${known} and ${json.id}`);
        outcome.created.set(key, json.id!);
        if (response.headers.get('idempotent-replayed') === 'true') outcome.replays++;
      } else if (response.status === 409) {
        outcome.conflicts++;
      } else {
        outcome.unexpected.push(`POST ${key}: ${response.status}`);
      }
    }
    // Every third client cancels its first order straight away.
    const id = outcome.created.get(key);
    if (n % 3 === 0 && i === 0 && id !== undefined) {
      const response = await fetch(`${base}/orders/${id}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"status":"cancelled"}' });
      // 202: accepted, its compensations still running; it ends cancelled all the same.
      if (response.status === 200 || response.status === 202) outcome.cancelled.add(id);
      else if (response.status === 409)
        outcome.refusedCancels++; // it completed first: legal
      // The busy worker did not confirm it in time: it may or may not take effect (legal, and said so).
      else if (response.status === 503 && /may still take effect/.test(await response.clone().text())) outcome.unconfirmedCancels.add(id);
      else outcome.unexpected.push(`cancel ${id}: ${response.status}`);
      await response.arrayBuffer();
    }
  }
}

describe('load without loss', () => {
  it('200 concurrent clients: every accepted order exists once, has one workflow, and reaches a final state', async () => {
    const outcome: Outcome = {
      created: new Map(),
      replays: 0,
      conflicts: 0,
      cancelled: new Set(),
      unconfirmedCancels: new Set(),
      refusedCancels: 0,
      unexpected: [],
    };
    const started = Date.now();
    await Promise.all(Array.from({ length: CLIENTS }, (_, n) => client(n, outcome)));
    const loadSeconds = (Date.now() - started) / 1000;
    expect(outcome.unexpected).toEqual([]);

    const ids = [...outcome.created.values()];
    expect(new Set(ids).size).toBe(CLIENTS * ORDERS_PER_CLIENT); // one order per key, whatever the retries

    // Every accepted order exists exactly once, and nothing else was stored.
    const { rows } = await t.db.query<{ id: string }>('SELECT id FROM orders');
    expect(rows.map((r) => Number(r.id)).sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));

    // Every order reaches a final state; a successful cancel is never overridden by the workflow.
    const final = await eventually(
      async () => {
        const { rows: open } = await t.db.query("SELECT count(*)::int AS n FROM orders WHERE status IN ('pending', 'processing')");
        if (open[0].n > 0) return undefined;
        return (await t.db.query<{ id: string; status: string }>('SELECT id, status FROM orders')).rows;
      },
      120_000,
      'every order to reach a final state',
    );
    for (const row of final) {
      const id = Number(row.id);
      const allowed = outcome.cancelled.has(id) ? ['cancelled'] : outcome.unconfirmedCancels.has(id) ? ['cancelled', 'completed'] : ['completed'];
      expect(allowed, `order ${row.id} is ${row.status}`).toContain(row.status);
    }

    // Exactly one workflow per order.
    let workflows = 0;
    const seen = new Set<string>();
    for await (const execution of t.temporal.workflow.list({ query: `TaskQueue = "${t.config.temporal.taskQueue}"` })) {
      workflows++;
      seen.add(execution.workflowId);
    }
    expect(workflows).toBe(ids.length);
    expect([...seen].sort()).toEqual(ids.map((id) => `order-${id}`).sort());

    console.log(
      `load audit: ${CLIENTS} clients, ${outcome.created.size} orders accepted in ${loadSeconds.toFixed(1)} s, ` +
        `${outcome.replays} idempotent replays, ${outcome.conflicts} in-progress conflicts (409), ` +
        `${outcome.cancelled.size} cancelled, ${outcome.refusedCancels} cancels refused after completion, ` +
        `${outcome.unconfirmedCancels.size} cancels not confirmed in time (503), ` +
        `${final.length} orders in final states, ${workflows} workflows`,
    );
    // A liveness bound, not a timing assertion: 200 clients on 2 cores take 45 s alone, more when busy.
  }, 180_000);
});
