/**
 * The one shared test harness. Each test file gets its own database (migrated), its own Temporal
 * task queue, and the app wired by the same composition root as production (src/app.ts).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { Runtime } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { inject } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { type Config, loadConfig, type ProcessRole } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createMetrics, type Metrics } from '../../src/observability/metrics.js';
import { createTracing } from '../../src/observability/tracing.js';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { DestinationStream } from 'pino';
import { installTemporalRuntime } from '../../src/temporal/runtime.js';

const uniqueSuffix = () => randomBytes(4).toString('hex');

/** A fresh database on the shared test server: migrated (a copy of the run's migrated template), or empty. */
export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<{ name: string; url: string }> {
  const name = `test_${uniqueSuffix()}`;
  const migrate = options.migrate !== false;
  const admin = new pg.Client({ connectionString: inject('postgresAdminUrl') });
  await admin.connect();
  try {
    await admin.query(migrate ? `CREATE DATABASE ${name} TEMPLATE ${inject('migratedTemplate')}` : `CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(inject('postgresAdminUrl'));
  url.pathname = `/${name}`;
  if (migrate) {
    // Test files share one Temporal namespace, and workflow ids come from order ids (order-<id>);
    // each database starts its ids at its own random offset so files never collide.
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    await client.query(`ALTER TABLE orders ALTER COLUMN id RESTART WITH ${1 + randomBytes(4).readUInt32BE() * 1000}`);
    // Likewise return-<id>.
    await client.query(`ALTER TABLE returns ALTER COLUMN id RESTART WITH ${1 + randomBytes(4).readUInt32BE() * 1000}`);
    await client.end();
  }
  return { name, url: url.toString() };
}

/**
 * The configuration a test app runs with: by default as the dev command would (no key, so requests
 * without a token act as the development operator); `role: 'api'` for what the API entry point enforces.
 */
export function testConfig(env: Record<string, string> = {}, role: ProcessRole = 'dev'): Config {
  return loadConfig(
    {
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      TEMPORAL_TASK_QUEUE: `test-${uniqueSuffix()}`,
      ORDER_PROCESSING_DELAY: '1s',
      TEMPORAL_RPC_TIMEOUT: '2s',
      // Tests place many orders for a few customers; the fraud screening has a test of its own.
      FRAUD_MAX_ORDERS_PER_HOUR: '1000000',
      // The local carrier reports a parcel in transit and then delivered within a fraction of a second.
      LOCAL_CARRIER_TRANSIT_DELAY: '100ms',
      LOCAL_CARRIER_DELIVERY_DELAY: '100ms',
      // Return parcels arrive when a test says so (or an operator receives them).
      LOCAL_CARRIER_RETURN_PARCEL_DELAY: '0s',
      LOCAL_CARRIER_POLL_INTERVAL: '50ms',
      ...env,
    },
    role,
  );
}

export interface TestApp {
  app: App;
  http: FastifyInstance;
  metrics: Metrics;
  config: Config;
  /** A separate pool for assertions straight on the database. */
  db: pg.Pool;
  databaseUrl: string;
  /** A Temporal client for assertions on workflows. */
  temporal: Client;
  /** With `listen: true`: the API on a real port (for a browser), e.g. `http://127.0.0.1:41234`. */
  baseUrl: string | undefined;
  close(): Promise<void>;
}

/**
 * Builds the app against the shared PostgreSQL and Temporal servers (or the endpoints given, to
 * simulate an outage), with a worker on its own task queue unless `worker: false`.
 */
export async function startTestApp(
  options: {
    env?: Record<string, string>;
    /** What the app is configured as (testConfig); `dev` unless a test is about the API entry point's rules. */
    role?: ProcessRole;
    worker?: boolean;
    databaseUrl?: string;
    temporalAddress?: string;
    /** Turns tracing on, exporting to this (an InMemorySpanExporter in tests). */
    spanExporter?: SpanExporter;
    /** Where log lines go (JSON), for tests that read them; with LOG_LEVEL in env. */
    logStream?: DestinationStream;
    /** Runs the webhook dispatcher with the app, as the worker role does (stopped by close()). */
    webhooks?: boolean;
    /** Listens on a free loopback port (app.inject needs none; a browser does). */
    listen?: boolean;
    /** The Temporal UI the console links to. */
    temporalUiUrl?: string;
    /**
     * Runs the local carrier's reporter, as the API roles do: it posts its parcels' progress to this
     * app's carrier webhook over real HTTP (so the app listens on a loopback port). Default true.
     */
    carrier?: boolean;
  } = {},
): Promise<TestApp> {
  const config = testConfig(options.env, options.role);
  const logger = createLogger(config, options.logStream);
  const metrics = createMetrics();
  const tracing = createTracing({}, { serviceName: 'order-test', exporter: options.spanExporter });
  const databaseUrl = options.databaseUrl ?? (await createTestDatabase()).url;
  const temporalAddress = options.temporalAddress ?? inject('temporalAddress');
  const app = createApp(config, { databaseUrl, temporalAddress }, { logger, metrics, tracing });
  const http = await app.buildHttpServer(options.temporalUiUrl ? { temporalUiUrl: options.temporalUiUrl } : {});
  await http.ready();
  const baseUrl = options.listen ? await http.listen({ host: '127.0.0.1', port: 0 }) : undefined;
  // The carrier posts over real HTTP: to the app's own port when it listens, else to a loopback
  // server of its own that hands each request to the same Fastify instance (tests may listen later).
  let carrierServer: Server | undefined;
  if (options.carrier !== false) {
    let carrierUrl = baseUrl;
    if (!carrierUrl) {
      carrierServer = createServer((request, response) => http.routing(request, response));
      await new Promise<void>((resolve) => carrierServer!.listen(0, '127.0.0.1', resolve));
      carrierUrl = `http://127.0.0.1:${(carrierServer.address() as AddressInfo).port}`;
    }
    app.startLocalCarrierReporter(carrierUrl);
  }

  let stopWorker = async () => undefined as void;
  if (options.worker !== false) {
    if (!Runtime._instance) installTemporalRuntime(logger);
    const { worker, close } = await app.createWorker({ workflowBundle: { codePath: inject('workflowBundlePath') } });
    const running = worker.run();
    stopWorker = async () => {
      worker.shutdown();
      await running;
      await close();
    };
  }

  if (options.webhooks) app.webhookDispatcher.start();

  const db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  // Lazy: a test of an unreachable Temporal (temporalAddress pointing nowhere) must still get its app.
  const temporal = new Client({ connection: Connection.lazy({ address: temporalAddress }), namespace: config.temporal.namespace });
  return {
    app,
    http,
    metrics,
    config,
    db,
    databaseUrl,
    temporal,
    baseUrl,
    async close() {
      await stopWorker();
      await app.close();
      await http.close();
      if (carrierServer) await new Promise((resolve) => carrierServer!.close(resolve));
      await tracing.shutdown();
      await db.end();
      await temporal.connection.close();
    },
  };
}

/** Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 15_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function countOrders(db: pg.Pool): Promise<number> {
  const { rows } = await db.query<{ count: string }>('SELECT count(*) FROM orders');
  return Number(rows[0]!.count);
}
