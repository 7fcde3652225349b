import { join } from 'node:path';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';
import { resolveTemporalCli } from './temporal-cli.js';
import { startTemporalDevServer } from './temporal-dev-server.js';
import { startTemporalServer } from './temporal-server.js';
import { resolveTemporalServer } from './temporal-server-build.js';
import type { TemporalPostgres } from './temporal-schema.js';

export interface DevStack {
  databaseUrl: string;
  temporalAddress: string;
  /** The Temporal web UI, when this stack started the dev server. */
  temporalUiUrl: string | undefined;
  stop(): Promise<void>;
}

/**
 * Starts what DATABASE_URL and TEMPORAL_ADDRESS do not point at: an embedded PostgreSQL and a Temporal
 * dev server with its UI, both keeping their data under DATA_DIR so a restart resumes where it stopped.
 * With TEMPORAL_DEV_SERVER=server (`make run TEMPORAL=server`), the Temporal server itself instead,
 * keeping its state in that same PostgreSQL: the topology of docker-compose.yml, without containers.
 */
export async function startDevStack(config: Config, logger: Logger): Promise<DevStack> {
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const stopOne of stops.reverse()) await stopOne().catch((error: unknown) => logger.warn({ err: error }, 'stopping a dev dependency failed'));
  };
  try {
    let databaseUrl = config.databaseUrl;
    if (!databaseUrl) {
      logger.info('starting embedded PostgreSQL');
      const postgres = await startEmbeddedPostgres({ dataDir: join(config.dataDir, 'postgres'), log: (line) => logger.info(line) });
      stops.push(() => postgres.stop());
      databaseUrl = postgres.url;
    }

    let temporalAddress = config.temporal.address;
    let temporalUiUrl: string | undefined;
    if (!temporalAddress && config.temporal.devServer === 'server') {
      const temporal = await startServerOnPostgres(config, logger, databaseUrl);
      stops.push(() => temporal.stop());
      temporalAddress = temporal.address;
    } else if (!temporalAddress) {
      const temporal = await startDevServer(config, logger);
      stops.push(() => temporal.stop());
      temporalAddress = temporal.address;
      temporalUiUrl = temporal.uiUrl;
    }
    return { databaseUrl, temporalAddress, temporalUiUrl, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function startDevServer(config: Config, logger: Logger) {
  const cli = await resolveTemporalCli({ log: (line) => logger.info(line) });
  if (!cli) {
    throw new Error(
      'No Temporal CLI found (TEMPORAL_CLI_PATH, `temporal` on PATH, cache) and no Go toolchain to build one. Install the Temporal CLI or set TEMPORAL_ADDRESS.',
    );
  }
  logger.info({ executable: cli.path, source: cli.source }, 'starting the Temporal dev server');
  return startTemporalDevServer({
    executable: cli.path,
    dataDir: join(config.dataDir, 'temporal'),
    namespace: config.temporal.namespace,
    port: config.temporal.devServerPort,
    uiPort: config.temporal.devUiPort,
    log: (line) => logger.info(line),
  });
}

/** The Temporal server with its `temporal` and `temporal_visibility` databases on the app's PostgreSQL server, as in docker-compose.yml. */
async function startServerOnPostgres(config: Config, logger: Logger, databaseUrl: string) {
  const binaries = await resolveTemporalServer({ log: (line) => logger.info(line) });
  if (!binaries) throw new Error('No Temporal server build and no Go toolchain to build one (`make temporal-server`). Or set TEMPORAL_ADDRESS.');
  const url = new URL(databaseUrl);
  const postgres: TemporalPostgres = {
    host: url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: 'temporal',
    visibilityDatabase: 'temporal_visibility',
  };
  logger.info({ executable: binaries.server, postgres: `${postgres.host}:${postgres.port}` }, 'starting the Temporal server on PostgreSQL');
  return startTemporalServer({
    binaries,
    dataDir: join(config.dataDir, 'temporal-server'),
    postgres,
    namespace: config.temporal.namespace,
    port: config.temporal.devServerPort,
    log: (line) => logger.info(line),
  });
}
