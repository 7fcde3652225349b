/**
 * The production topology's Temporal: the real server (src/dev/temporal-server.ts) with its state in
 * two fresh databases of the shared test PostgreSQL, one server per test file. The binaries come from
 * the per-machine cache, built by `make temporal-server` before the tests start, never inside a test.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { freePort } from '../../src/dev/free-port.js';
import { type RunningTemporalServer, startTemporalServer, type TemporalServerOptions } from '../../src/dev/temporal-server.js';
import { resolveTemporalServer, TEMPORAL_SERVER_MISSING } from '../../src/dev/temporal-server-build.js';
import type { TemporalPostgres } from '../../src/dev/temporal-schema.js';

export interface RealTemporal {
  address: string;
  postgres: TemporalPostgres;
  /** Stops the server process; its state stays in PostgreSQL. */
  stop(): Promise<void>;
  /** Starts it again on the same port, databases and configuration. */
  start(): Promise<void>;
  /** Stops it and removes its scratch directory (the databases go with the test PostgreSQL). */
  teardown(): Promise<void>;
}

/** A Temporal server on PostgreSQL; `tls` and `connection` as in startTemporalServer. */
export async function startRealTemporal(options: Pick<TemporalServerOptions, 'tls' | 'connection'> = {}): Promise<RealTemporal> {
  const binaries = await resolveTemporalServer({ build: false });
  if (!binaries) throw new Error(TEMPORAL_SERVER_MISSING);
  const admin = new URL(inject('postgresAdminUrl'));
  const suffix = randomBytes(4).toString('hex');
  const postgres: TemporalPostgres = {
    host: admin.hostname,
    port: Number(admin.port),
    user: decodeURIComponent(admin.username),
    password: decodeURIComponent(admin.password),
    database: `temporal_${suffix}`,
    visibilityDatabase: `temporal_visibility_${suffix}`,
  };
  const dataDir = await mkdtemp(join(tmpdir(), 'order-system-temporal-server-'));
  const port = await freePort();
  let running: RunningTemporalServer | undefined;
  const start = async () => {
    running = await startTemporalServer({
      binaries,
      dataDir,
      postgres,
      namespace: 'default',
      port,
      exactPort: true,
      logLevel: process.env.TEMPORAL_SERVER_LOG_LEVEL ?? 'error',
      ...options,
    });
  };
  const stop = async () => {
    await running?.stop();
    running = undefined;
  };
  await start();
  return {
    address: `127.0.0.1:${port}`,
    postgres,
    start,
    stop,
    async teardown() {
      await stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
