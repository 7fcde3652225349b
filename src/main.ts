/**
 * Entry point.
 *   dev      (make run) everything in one process: embedded PostgreSQL and Temporal dev server unless
 *            DATABASE_URL / TEMPORAL_ADDRESS are set, migrations, the API and the worker
 *   api      the HTTP API alone (applies migrations first)
 *   worker   the Temporal worker alone
 *   migrate  up | down [--force]   (down destroys data and refuses without --force)
 *   temporal-cli   resolve (and if needed build) the Temporal CLI, print its path
 *   temporal-server  resolve (and if needed build) the Temporal server and temporal-sql-tool, print their paths
 */
import type { Worker } from '@temporalio/worker';
import { type App, createApp, type Endpoints } from './app.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { ADVISORY_LOCK, withAdvisoryLock } from './db/advisory-lock.js';
import { DownMigrationRefused, migrateDown, migrateUp } from './db/migrate.js';
import { freePort } from './dev/free-port.js';
import { createLogger, type Logger } from './logger.js';
import { createMetrics, renderMetrics } from './observability/metrics.js';
import { startMetricsServer } from './observability/metrics-server.js';
import { createTracing } from './observability/tracing.js';
import { installTemporalRuntime } from './temporal/runtime.js';
import { describeTemporalSecurity } from './temporal/connection.js';
import { ensureSearchAttributes } from './temporal/search-attributes.js';
import { workerHealth } from './temporal/worker-health.js';

type Command = 'dev' | 'api' | 'worker' | 'migrate' | 'temporal-cli' | 'temporal-server' | 'chromium';

async function main(argv: string[]): Promise<void> {
  const command = (argv[0] ?? 'dev') as Command;
  const config = loadConfig(process.env, command === 'dev' || command === 'api' || command === 'worker' ? command : 'tool');
  const logger = createLogger(config);

  switch (command) {
    case 'dev':
      return runDev(config, logger);
    case 'api':
      return runServices(config, logger, requireEndpoints(config), { api: true, worker: false });
    case 'worker':
      return runServices(config, logger, requireEndpoints(config), { api: false, worker: true });
    case 'migrate': {
      const { databaseUrl } = requireEndpoints(config);
      const [direction = 'up', ...flags] = argv.slice(1);
      if (direction !== 'up' && direction !== 'down') throw new ConfigError([`migrate takes "up" or "down [--force]" (got "${direction}")`]);
      const unknown = flags.filter((flag) => !(direction === 'down' && flag === '--force'));
      if (unknown.length > 0) throw new ConfigError([`migrate ${direction} does not take ${unknown.join(' ')}`]);
      const result = direction === 'up' ? await migrateUp(databaseUrl) : await migrateDown(databaseUrl, { force: flags.includes('--force') });
      logger.info(result, `migrated ${direction}: version ${result.from} → ${result.to}`);
      return;
    }
    case 'temporal-cli': {
      const { resolveTemporalCli } = await import('./dev/temporal-cli.js');
      const cli = await resolveTemporalCli({ log: (line) => process.stderr.write(`${line}\n`) });
      if (!cli) throw new Error('No Temporal CLI and no Go toolchain to build one.');
      process.stdout.write(`${cli.path}\n`);
      return;
    }
    case 'temporal-server': {
      const { resolveTemporalServer } = await import('./dev/temporal-server-build.js');
      const binaries = await resolveTemporalServer({ log: (line) => process.stderr.write(`${line}\n`) });
      if (!binaries) throw new Error('No Temporal server build and no Go toolchain to build one.');
      process.stdout.write(`${binaries.server}\n${binaries.sqlTool}\n`);
      return;
    }
    case 'chromium': {
      const { findOrInstallChromium } = await import('./dev/chromium.js');
      const chromium = await findOrInstallChromium({ log: (line) => process.stderr.write(`${line}\n`) });
      process.stdout.write(`${chromium.path}\n`);
      return;
    }
    default:
      throw new ConfigError([`unknown command "${String(command)}"; use dev, api, worker, migrate, temporal-cli, temporal-server or chromium`]);
  }
}

/** The containers' entry points need explicit endpoints; only dev mode starts its own. */
function requireEndpoints(config: Config): Endpoints {
  if (!config.databaseUrl) throw new ConfigError(['DATABASE_URL is required outside dev mode (e.g. postgres://user:pass@host:5432/orders)']);
  return { databaseUrl: config.databaseUrl, temporalAddress: config.temporal.address ?? 'localhost:7233' };
}

async function runDev(config: Config, logger: Logger): Promise<void> {
  // Loaded on demand: the dev tooling (embedded PostgreSQL) is a devDependency, absent from the image.
  const { startDevStack } = await import('./dev/dev-stack.js');
  const stack = await startDevStack(config, logger);
  await runServices(config, logger, stack, { api: true, worker: true }, async () => stack.stop(), stack.temporalUiUrl);
}

/**
 * Runs the API and/or the worker until SIGINT/SIGTERM, then shuts down in order: stop accepting
 * requests and let in-flight ones finish, let the worker finish its running tasks, close
 * connections, and finally stop what dev mode started.
 */
async function runServices(
  config: Config,
  logger: Logger,
  endpoints: Endpoints,
  roles: { api: boolean; worker: boolean },
  afterStop: () => Promise<void> = async () => undefined,
  temporalUiUrl?: string,
): Promise<void> {
  let app: App | undefined;
  const metrics = createMetrics();
  const tracing = createTracing(process.env, { serviceName: roles.api ? 'order-api' : 'order-worker' });
  const shutdownSteps: (() => Promise<void>)[] = [];
  let stopping = false;
  const shutdown = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`shutting down (${reason})`);
    for (const step of shutdownSteps) await step().catch((error: unknown) => logger.error({ err: error }, 'shutdown step failed'));
    await app?.close();
    await tracing.shutdown();
    await afterStop();
    logger.info('stopped');
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      process.once(signal, () => process.exit(130)); // a second Ctrl-C does not wait
      void shutdown(signal).then(() => process.exit(0));
    });
  }

  try {
    if (roles.api && config.migrateOnStart) {
      const migration = await migrateUp(endpoints.databaseUrl);
      if (migration.to !== migration.from) logger.info(`database migrated: version ${migration.from} → ${migration.to}`);
    }
    // The SDK serves its worker metrics on a loopback port of its own; /metrics merges them in.
    const sdkMetricsAddress = roles.worker ? `127.0.0.1:${await freePort()}` : undefined;
    const sdkMetricsUrl = sdkMetricsAddress && `http://${sdkMetricsAddress}/metrics`;
    app = createApp(config, endpoints, { logger, metrics, tracing, sdkMetricsUrl });
    // One process at a time: the server's registration is not safe against concurrent calls (src/temporal/search-attributes.ts).
    const { pool, temporal } = app;
    await withAdvisoryLock(pool, ADVISORY_LOCK.temporalSearchAttributes, () => ensureSearchAttributes(temporal, config.temporal.namespace)).catch(
      (error: unknown) =>
        logger.warn({ err: error }, 'could not check or register the OrderStatus/CustomerId search attributes; starting orders will fail until they exist'),
    );

    let workerRun: Promise<void> | undefined;
    let worker: Worker | undefined;
    if (roles.worker) {
      installTemporalRuntime(logger, { metricsBindAddress: sdkMetricsAddress });
      const { worker: polling, close } = await app.createWorker();
      worker = polling;
      workerRun = polling.run();
      shutdownSteps.push(async () => {
        polling.shutdown();
        await workerRun;
        await close();
      });
      workerRun.catch((error: unknown) => {
        logger.fatal({ err: error }, 'the worker stopped unexpectedly');
        void shutdown('worker failure').then(() => process.exit(1));
      });
    }
    if (roles.worker) {
      // Webhook deliveries run where the worker runs; stopped after the worker, before the pool closes.
      const dispatcher = app.webhookDispatcher;
      dispatcher.start();
      shutdownSteps.push(() => dispatcher.stop());
    }
    if (roles.api) {
      const server = await app.buildHttpServer({ temporalUiUrl });
      await server.listen({ host: config.http.host, port: config.http.port });
      shutdownSteps.unshift(() => server.close());
      const idempotency = app.idempotency;
      const purge = setInterval(() => void idempotency.purgeExpired().catch(() => undefined), 3_600_000);
      purge.unref();
      const host = config.http.host === '0.0.0.0' ? 'localhost' : config.http.host;
      const base = `http://${host}:${config.http.port}`;
      // The local carrier is the carrier: it reports through the API's own carrier webhook.
      const reporter = app.startLocalCarrierReporter(base);
      shutdownSteps.unshift(() => reporter.stop());
      const { apiPort, token } = config.metrics;
      if (apiPort !== undefined) {
        const metricsServer = await startMetricsServer({ host: config.http.host, port: apiPort, token, render: () => renderMetrics(metrics, sdkMetricsUrl) });
        shutdownSteps.push(() => new Promise((resolve) => metricsServer.close(() => resolve())));
      }
      printBanner([
        ['API', base],
        ['Console', `${base}/console/`],
        ['API docs', `${base}/docs`],
        ['OpenAPI spec', `${base}/openapi.yaml`],
        ['Metrics', `${apiPort === undefined ? base : `http://${host}:${apiPort}`}/metrics${token === undefined ? '' : ' (with METRICS_TOKEN)'}`],
        ...(temporalUiUrl ? [['Temporal UI', temporalUiUrl] as [string, string]] : []),
        ['Temporal', `${endpoints.temporalAddress} (${describeTemporalSecurity(config.temporal.connection)})`],
        ['Data', config.dataDir],
      ]);
      if (config.auth.anonymousIsDevelopmentOperator) await printDevelopmentTokens(app);
    } else {
      const metricsServer = await startMetricsServer({
        host: config.http.host,
        port: config.workerMetricsPort,
        token: config.metrics.token,
        render: () => renderMetrics(metrics, sdkMetricsUrl),
        probes: worker && (() => workerHealth(worker)),
      });
      shutdownSteps.push(() => new Promise((resolve) => metricsServer.close(() => resolve())));
      logger.info(
        {
          taskQueue: config.temporal.taskQueue,
          temporal: endpoints.temporalAddress,
          metrics: `http://${config.http.host}:${config.workerMetricsPort}/metrics`,
        },
        'worker running',
      );
    }
  } catch (error) {
    await shutdown('start-up failed');
    throw error;
  }
}

/**
 * The dev command without a configured key only: requests without a token act as an operator, which
 * must be impossible to miss; and ready-made tokens, signed with the secret this process made up.
 */
async function printDevelopmentTokens(app: App): Promise<void> {
  const issue = app.tokens.issue;
  const lines = ['  !! DEV MODE: requests WITHOUT a token act as an OPERATOR (only `make run` without AUTH_JWT_* keys; never `api`).'];
  if (issue) {
    const customer = await issue({ subject: 'demo-customer', role: 'customer', customerId: 1 }, '24h');
    const operator = await issue({ subject: 'demo-operator', role: 'operator' }, '24h');
    lines.push('  Tokens valid for 24 h, e.g. curl -H "Authorization: Bearer $TOKEN" ...', `  customer 1:  ${customer}`, `  operator:    ${operator}`);
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
}

/** For the person at the terminal, whatever the log format: where everything is. */
function printBanner(lines: [string, string][]): void {
  const width = Math.max(...lines.map(([label]) => label.length));
  process.stdout.write(
    `\nOrder processing is ready\n${lines.map(([label, url]) => `  ${label.padEnd(width)}  ${url}`).join('\n')}\n  Press Ctrl-C to stop.\n\n`,
  );
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const expected = error instanceof ConfigError || error instanceof DownMigrationRefused;
  process.stderr.write(`${expected ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
