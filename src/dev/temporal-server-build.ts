import { join } from 'node:path';
import { goInstall, isExecutable, onPath, orderSystemCacheDir } from './go-install.js';

/**
 * The Temporal server itself (`temporal-server`, all services in one binary) and its SQL schema tool
 * (`temporal-sql-tool`): the production topology, with its state in PostgreSQL. v1.29.1 is the
 * server inside the pinned CLI (src/dev/temporal-cli.ts), so the dev server and this one behave
 * alike; its go.mod has no `replace` directive, so `go install` builds it from the module proxy.
 */
export const TEMPORAL_SERVER_VERSION = 'v1.29.1';
const PACKAGES = {
  'go.temporal.io/server/cmd/server': 'temporal-server',
  'go.temporal.io/server/cmd/tools/sql': 'temporal-sql-tool',
};

export interface TemporalServerBinaries {
  server: string;
  sqlTool: string;
  source: 'cache' | 'built';
}

/** Outside the clone, next to the CLI's cache, keyed by version. */
export function temporalServerCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(orderSystemCacheDir(env), 'temporal-server', TEMPORAL_SERVER_VERSION);
}

/**
 * Finds the cached build, or (unless `build: false`) builds both binaries with `go install`: several
 * minutes on a small machine, once per machine. `make temporal-server` runs this before the tests,
 * so that no test ever waits for a build inside its timeout. Returns undefined when there is no
 * cached build and it may not or cannot build one (no Go toolchain).
 */
export async function resolveTemporalServer(
  options: { build?: boolean; log?: (line: string) => void; env?: NodeJS.ProcessEnv } = {},
): Promise<TemporalServerBinaries | undefined> {
  const env = options.env ?? process.env;
  const log = options.log ?? (() => undefined);
  const cacheDir = temporalServerCacheDir(env);
  const binaries = { server: join(cacheDir, 'temporal-server'), sqlTool: join(cacheDir, 'temporal-sql-tool') };
  if ((await isExecutable(binaries.server)) && (await isExecutable(binaries.sqlTool))) return { ...binaries, source: 'cache' };
  if (options.build === false) return undefined;

  const go = await onPath('go', env);
  if (!go) return undefined;
  log(`Building the Temporal server ${TEMPORAL_SERVER_VERSION} and temporal-sql-tool with go install (once per machine, several minutes) into ${cacheDir}`);
  const startedAt = Date.now();
  await goInstall({ go, packages: PACKAGES, version: TEMPORAL_SERVER_VERSION, cacheDir, env, log, what: 'the Temporal server' });
  log(`Built the Temporal server in ${Math.round((Date.now() - startedAt) / 1000)} s`);
  return { ...binaries, source: 'built' };
}

/** For messages: how to get the binaries when resolveTemporalServer({ build: false }) found none. */
export const TEMPORAL_SERVER_MISSING = `No Temporal server build in the cache; \`make temporal-server\` builds it (go install, once per machine, several minutes).`;
