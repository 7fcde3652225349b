import { join } from 'node:path';
import { goInstall, isExecutable, onPath, orderSystemCacheDir } from './go-install.js';

/**
 * The Temporal CLI contains the dev server and its web UI. v1.5.1 is the newest release that
 * `go install` can build (later ones carry a `replace` directive in go.mod).
 */
export const TEMPORAL_CLI_VERSION = 'v1.5.1';
const MODULE = 'github.com/temporalio/cli/cmd/temporal';

/** Outside the clone, keyed by version, so every fresh clone on this machine reuses one build. */
export function temporalCliCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(orderSystemCacheDir(env), 'temporal-cli', TEMPORAL_CLI_VERSION);
}

export type TemporalCliSource = 'TEMPORAL_CLI_PATH' | 'PATH' | 'cache' | 'built';

/**
 * Finds the Temporal CLI binary, in this order: TEMPORAL_CLI_PATH, `temporal` on PATH, the cached build,
 * a fresh build with `go install` (minutes, once per machine). Returns undefined when none of these
 * is possible; the caller may then let the Temporal SDK download the binary (machines with internet).
 */
export async function resolveTemporalCli(
  options: { log?: (line: string) => void; env?: NodeJS.ProcessEnv } = {},
): Promise<{ path: string; source: TemporalCliSource } | undefined> {
  const env = options.env ?? process.env;
  const log = options.log ?? (() => undefined);

  const explicit = env.TEMPORAL_CLI_PATH?.trim();
  if (explicit) {
    if (!(await isExecutable(explicit))) throw new Error(`TEMPORAL_CLI_PATH=${explicit} is not an executable file`);
    return { path: explicit, source: 'TEMPORAL_CLI_PATH' };
  }
  const fromPath = await onPath('temporal', env);
  if (fromPath) return { path: fromPath, source: 'PATH' };

  const cacheDir = temporalCliCacheDir(env);
  const cached = join(cacheDir, 'temporal');
  if (await isExecutable(cached)) return { path: cached, source: 'cache' };

  const go = await onPath('go', env);
  if (!go) return undefined;
  log(`Building the Temporal CLI ${TEMPORAL_CLI_VERSION} with go install (once per machine, takes a few minutes) into ${cacheDir}`);
  await goInstall({ go, packages: { [MODULE]: 'temporal' }, version: TEMPORAL_CLI_VERSION, cacheDir, env, log, what: 'the Temporal CLI' });
  return { path: cached, source: 'built' };
}
