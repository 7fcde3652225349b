/**
 * How the operator console's reads cost at 1M orders (README "Operator console"): seeds a throwaway
 * PostgreSQL with 1,000,000 orders over five statuses, then times, in process (app.inject, no
 * network), the pages the console asks for. Run: npx tsx scripts/measure-console-list.ts
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { migrateUp } from '../src/db/migrate.js';
import { startThrowawayPostgres } from '../src/dev/embedded-postgres.js';
import { createLogger } from '../src/logger.js';
import { createMetrics } from '../src/observability/metrics.js';
import { createTracing } from '../src/observability/tracing.js';

const ROWS = Number(process.env.ROWS ?? 1_000_000);
const REPEAT = 200;

const postgres = await startThrowawayPostgres();
try {
  await postgres.createDatabase('measure');
  const databaseUrl = postgres.urlFor('measure');
  await migrateUp(databaseUrl);
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }, 'dev');
  const app = createApp(
    config,
    { databaseUrl, temporalAddress: '127.0.0.1:1' },
    { logger: createLogger(config), metrics: createMetrics(), tracing: createTracing({}, { serviceName: 'measure' }) },
  );
  const seeded = performance.now();
  // Its own connection: the app's pool has a statement timeout made for requests, not for a seed.
  const seeder = new pg.Client({ connectionString: databaseUrl });
  await seeder.connect();
  await seeder.query(
    `INSERT INTO orders (customer_id, status, total_amount)
     SELECT 1 + g % 1000, (ARRAY['pending','processing','completed','cancelled','failed']::order_status[])[1 + (g * 7) % 5], (g % 100000) / 100.0
     FROM generate_series(1, $1::int) g`,
    [ROWS],
  );
  await seeder.query('VACUUM ANALYZE orders');
  console.log(`${ROWS.toLocaleString('en')} orders seeded in ${((performance.now() - seeded) / 1000).toFixed(1)} s (one INSERT … SELECT, triggers included)`);
  const http = await app.buildHttpServer();
  const { rows } = await app.pool.query<{ max: string }>('SELECT max(id) FROM orders');
  const maxId = Number(rows[0]!.max);
  const paths = [
    '/orders/counts',
    '/orders?limit=25',
    '/orders?limit=25&status=failed',
    `/orders?limit=25&status=failed&after=${maxId - 200}`,
    '/orders?limit=25&customer_id=42',
    `/orders?limit=25&customer_id=42&after=${maxId - 50_000}`,
  ];
  for (const url of paths) {
    const times: number[] = [];
    for (let i = 0; i < REPEAT + 20; i++) {
      const began = performance.now();
      const response = await http.inject({ method: 'GET', url });
      if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode} ${response.body}`);
      if (i >= 20) times.push(performance.now() - began);
    }
    times.sort((a, b) => a - b);
    const at = (q: number) => times[Math.floor(q * (times.length - 1))]!.toFixed(2);
    console.log(`${url.padEnd(50)} p50 ${at(0.5)} ms  p99 ${at(0.99)} ms`);
  }
  // What the summary saves: the same answer counted from the table.
  const scan: number[] = [];
  for (let i = 0; i < 5; i++) {
    const began = performance.now();
    await seeder.query('SELECT status, count(*) FROM orders GROUP BY status');
    scan.push(performance.now() - began);
  }
  console.log(`${'SELECT status, count(*) FROM orders GROUP BY status'.padEnd(50)} median ${scan.sort((a, b) => a - b)[2]!.toFixed(2)} ms (for comparison)`);
  await seeder.end();
  await http.close();
  await app.close();
} finally {
  await postgres.stop();
}
