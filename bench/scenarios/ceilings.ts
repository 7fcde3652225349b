/**
 * The ceilings the endpoints are compared with, measured at the same concurrency levels in the
 * same run: what Fastify, pg and the Temporal client manage alone on this machine, each driven like
 * the API drives it (same pool size, one Temporal connection). The Temporal ceiling against the
 * dev server the API uses is measured turn about with POST /orders, in endpoints.ts.
 */
import { join } from 'node:path';
import pg from 'pg';
import { AUTH_HEADERS } from '../lib/auth.js';
import { closedLoop, httpLoad } from '../lib/load.js';
import { freePort, startNode, waitForHttp } from '../lib/processes.js';
import { series, withCpu } from '../lib/series.js';
import type { Cleanup, Infrastructure } from '../lib/stack.js';
import { temporalStartLoop } from '../lib/temporal-start.js';
import { startRollbackJournalTemporal } from '../lib/temporal-rollback-journal.js';
import type { RunResult } from '../lib/stats.js';
import { CREATE_ORDER_BODY, settings } from '../settings.js';

export interface Ceilings {
  http: RunResult[];
  pgInsert: RunResult[];
  pgSelect: RunResult[];
  /** Measured turn about with POST /orders (see endpoints.ts), against the same dev server. */
  temporalStart: RunResult[];
  /** Diagnostic: the same, against a dev server whose SQLite keeps the CLI's default rollback journal. */
  temporalStartRollbackJournal: RunResult[];
}

const ORDER_COLUMNS = 'id, customer_id, status, total_amount, created_at, updated_at';

export async function measureCeilings(infra: Infrastructure, cleanup: Cleanup): Promise<Omit<Ceilings, 'temporalStart'>> {
  const { pgInsert, pgSelect } = await measurePostgres(infra);
  const rollback = await startRollbackJournalTemporal(infra, cleanup);
  const loop = await temporalStartLoop(rollback.address);
  const temporalStartRollbackJournal = await series('Temporal start, SQLite rollback journal', loop.measure).finally(() =>
    Promise.allSettled([loop.close(), rollback.stop()]),
  );
  const http = await measureHttp(infra, cleanup);
  return { http, pgInsert, pgSelect, temporalStartRollbackJournal };
}

/** Bare pg, not the app's composition root: a ceiling is the library alone, with the API's pool size. */
async function measurePostgres(infra: Infrastructure): Promise<Pick<Ceilings, 'pgInsert' | 'pgSelect'>> {
  const pool = new pg.Pool({ connectionString: infra.databaseUrl, max: settings.poolSize });
  try {
    // A copy of the orders table (columns, defaults, checks, indexes) so the API's table stays empty.
    await infra.db.query('CREATE TABLE bench_ceiling_orders (LIKE orders INCLUDING ALL)');
    const insert = `INSERT INTO bench_ceiling_orders (customer_id, total_amount) VALUES ($1, $2) RETURNING ${ORDER_COLUMNS}`;
    // PostgreSQL's cores, and the load generator's (this process: the pg client), per request.
    const pids = { PostgreSQL: infra.postgresPid };
    const pgInsert = await series(
      'pg INSERT',
      withCpu(pids, (c, seconds) => closedLoop(c, seconds, () => pool.query(insert, [42, '100.50']))),
    );

    const { rows } = await infra.db.query<{ max: string }>('SELECT max(id) FROM bench_ceiling_orders');
    const maxId = Number(rows[0]!.max);
    const select = `SELECT ${ORDER_COLUMNS} FROM bench_ceiling_orders WHERE id = $1`;
    const selectRandom = () => pool.query(select, [1 + Math.floor(Math.random() * maxId)]);
    const pgSelect = await series(
      'pg SELECT by id',
      withCpu(pids, (c, seconds) => closedLoop(c, seconds, selectRandom)),
    );
    return { pgInsert, pgSelect };
  } finally {
    await pool.end();
  }
}

async function measureHttp(infra: Infrastructure, cleanup: Cleanup): Promise<RunResult[]> {
  const port = await freePort();
  const server = startNode({
    name: 'bare Fastify',
    script: 'bench/servers/bare-fastify.ts',
    env: { PORT: String(port) },
    logPath: join(infra.scratch, 'bare-fastify.log'),
  });
  cleanup.add(server.name, () => server.stop());
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(server, `${url}/healthz`);
  try {
    // The API's request, bearer token included, so both parse the same bytes.
    return await series(
      'bare Fastify POST',
      withCpu({ 'bare Fastify': server.pid }, (connections, seconds) =>
        httpLoad({ url, method: 'POST', path: '/orders', body: CREATE_ORDER_BODY, headers: AUTH_HEADERS, connections, seconds }),
      ),
    );
  } finally {
    await server.stop();
  }
}
