/**
 * What every scenario shares: a throwaway PostgreSQL, a Temporal dev server in a temporary
 * directory, and a registry of everything started, stopped in reverse order at the end, on error
 * and on Ctrl-C, so a benchmark never leaves a process or a directory behind.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { migrateUp } from '../../src/db/migrate.js';
import { startThrowawayPostgres } from '../../src/dev/embedded-postgres.js';
import { resolveTemporalCli } from '../../src/dev/temporal-cli.js';
import { startTemporalDevServer } from '../../src/dev/temporal-dev-server.js';
import { freePort } from './processes.js';

export class Cleanup {
  private readonly steps: { name: string; run: () => Promise<unknown> }[] = [];

  add(name: string, run: () => Promise<unknown>): void {
    this.steps.push({ name, run });
  }

  /** Runs (once) every step added, newest first; one failing step does not skip the others. */
  async run(): Promise<void> {
    for (const step of this.steps.splice(0).reverse()) {
      await step.run().catch((error: unknown) => console.error(`cleanup: ${step.name} failed: ${String(error)}`));
    }
  }
}

export interface Infrastructure {
  databaseUrl: string;
  temporalAddress: string;
  temporalCli: string;
  temporalCliVersion: string;
  /** For CPU accounting: the Temporal dev server and the PostgreSQL postmaster (its backends are children). */
  temporalPid: number;
  postgresPid: number;
  postgresVersion: string;
  /** Scratch space for logs and profiles, deleted at the end. */
  scratch: string;
  /** A small pool for the benchmark's own setup and read-back queries. */
  db: pg.Pool;
  /** An empty database of its own for the baseline checkout, which migrates it itself. */
  baselineDatabaseUrl: string;
}

export async function startInfrastructure(cleanup: Cleanup): Promise<Infrastructure> {
  const scratch = await mkdtemp(join(tmpdir(), 'order-system-bench-'));
  cleanup.add('scratch directory', () => rm(scratch, { recursive: true, force: true }));

  const cli = await resolveTemporalCli({ log: (line) => console.log(line) });
  if (!cli) throw new Error('No Temporal CLI (TEMPORAL_CLI_PATH, PATH, cache) and no Go toolchain to build one; run `make temporal-cli`.');

  const [postgres, temporal] = await Promise.all([
    startThrowawayPostgres().then((server) => (cleanup.add('PostgreSQL', () => server.stop()), server)),
    Promise.all([freePort(), freePort()]).then(async ([port, uiPort]) => {
      const server = await startTemporalDevServer({ executable: cli.path, dataDir: join(scratch, 'temporal'), namespace: 'default', port, uiPort });
      cleanup.add('Temporal dev server', () => server.stop());
      return server;
    }),
  ]);

  await postgres.createDatabase('bench');
  await postgres.createDatabase('bench_baseline');
  const databaseUrl = postgres.urlFor('bench');
  await migrateUp(databaseUrl);
  const db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  cleanup.add('benchmark pool', () => db.end());

  const { rows } = await db.query<{ server_version: string; backend: number }>('SELECT current_setting($1) AS server_version, pg_backend_pid() AS backend', [
    'server_version',
  ]);
  const { stdout } = await promisify(execFile)(cli.path, ['--version']);
  return {
    databaseUrl,
    temporalAddress: temporal.address,
    temporalCli: cli.path,
    temporalCliVersion: stdout.trim(),
    // startTemporalDevServer writes the server's pid next to its data; a backend's parent is the postmaster.
    temporalPid: Number((await readFile(join(scratch, 'temporal', 'temporal.pid'), 'utf8')).trim()),
    postgresPid: parentPid(rows[0]!.backend),
    postgresVersion: rows[0]!.server_version,
    scratch,
    db,
    baselineDatabaseUrl: postgres.urlFor('bench_baseline'),
  };
}

function parentPid(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}
