/**
 * Keyset pagination's promise: a page deep in the table costs what the first page costs. The table
 * is grown to each size with one INSERT … SELECT generate_series, then a page near its end is
 * fetched over HTTP, back to back on one connection, unfiltered and filtered by customer or status;
 * and the counts per status the operator console shows above its list.
 */
import type { RunningApi } from '../lib/services.js';
import type { Infrastructure } from '../lib/stack.js';
import type { RunResult } from '../lib/stats.js';
import { settings } from '../settings.js';

/** Customers the bulk rows are spread over: 100 keeps a full page of one customer's orders even at 10k rows. */
const CUSTOMERS = 100;
const CUSTOMER = 42;
const PAGE = 50;

export interface ListPoint {
  rows: number;
  query: 'deep page' | 'deep page, one customer' | 'deep page, one status' | 'counts per status';
  path: string;
  run: RunResult;
}

export async function measureListScaling(infra: Infrastructure, api: RunningApi): Promise<ListPoint[]> {
  const points: ListPoint[] = [];
  // Start from an empty table; identities are not reset, so ids never repeat an earlier workflow's.
  await infra.db.query('TRUNCATE orders CASCADE');
  let rows = 0;
  for (const target of settings.listSizes) {
    const began = Date.now();
    await infra.db.query(
      `INSERT INTO orders (customer_id, status, total_amount)
       SELECT 1 + g % ${CUSTOMERS}, 'completed', (g % 100000) / 100.0
       FROM generate_series($1::int, $2::int - 1) AS g`,
      [rows, target],
    );
    // A live table has statistics; without them the planner's choice here would be arbitrary.
    await infra.db.query('VACUUM ANALYZE orders');
    rows = target;
    console.log(`  ${rows.toLocaleString('en')} orders in the table (bulk insert + VACUUM ANALYZE ${((Date.now() - began) / 1000).toFixed(1)} s)`);

    const {
      rows: [last],
    } = await infra.db.query<{ max: string }>('SELECT max(id) FROM orders');
    const maxId = Number(last!.max);
    const queries = [
      // The 50 orders just before the last 50: a full page, as deep as the table goes.
      { query: 'deep page' as const, path: `/orders?limit=${PAGE}&after=${maxId - 2 * PAGE}` },
      // That customer's last full pages: every CUSTOMERS-th id is theirs, so start 1.5 pages of theirs before the end.
      { query: 'deep page, one customer' as const, path: `/orders?limit=${PAGE}&customer_id=${CUSTOMER}&after=${maxId - Math.round(1.5 * PAGE * CUSTOMERS)}` },
      // The operator console's views: a status filter, and the counts above the list (from the summary of migration 0011).
      { query: 'deep page, one status' as const, path: `/orders?limit=${PAGE}&status=completed&after=${maxId - 2 * PAGE}` },
      { query: 'counts per status' as const, path: '/orders/counts' },
    ];
    for (const { query, path } of queries) {
      const body = await api.getJson(path);
      if (query === 'counts per status') {
        if ((body as { completed: number }).completed !== rows) throw new Error(`${path} counted ${JSON.stringify(body)}, not ${rows} completed orders`);
      } else if ((body as unknown[]).length !== PAGE) throw new Error(`${path} returned ${(body as unknown[]).length} orders, not a full page of ${PAGE}`);
      await api.load({ path, connections: 1, seconds: settings.warmUpSeconds });
      const run = await api.load({ path, connections: 1, seconds: settings.listSeconds });
      console.log(`    ${query.padEnd(24)} p50 ${run.latencyMs.p50.toFixed(2)} ms  p99 ${run.latencyMs.p99.toFixed(2)} ms  (${path})`);
      points.push({ rows, query, path, run });
    }
  }
  return points;
}
