import { join } from 'node:path';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';
import { resolveTemporalCli } from './temporal-cli.js';
import { startTemporalDevServer } from './temporal-dev-server.js';

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
    if (!temporalAddress) {
      const cli = await resolveTemporalCli({ log: (line) => logger.info(line) });
      if (!cli) {
        throw new Error(
          'No Temporal CLI found (TEMPORAL_CLI_PATH, `temporal` on PATH, cache) and no Go toolchain to build one. Install the Temporal CLI or set TEMPORAL_ADDRESS.',
        );
      }
      logger.info({ executable: cli.path, source: cli.source }, 'starting the Temporal dev server');
      const temporal = await startTemporalDevServer({
        executable: cli.path,
        dataDir: join(config.dataDir, 'temporal'),
        namespace: config.temporal.namespace,
        port: config.temporal.devServerPort,
        uiPort: config.temporal.devUiPort,
        log: (line) => logger.info(line),
      });
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
