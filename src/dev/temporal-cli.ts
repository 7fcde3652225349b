import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

/**
 * The Temporal CLI contains the dev server and its web UI. v1.5.1 is the newest release that
 * `go install` can build (later ones carry a `replace` directive in go.mod).
 */
export const TEMPORAL_CLI_VERSION = 'v1.5.1';
const MODULE = 'github.com/temporalio/cli/cmd/temporal';

/** Outside the clone, keyed by version, so every fresh clone on this machine reuses one build. */
export function temporalCliCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const cacheRoot = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cacheRoot, 'order-system', 'temporal-cli', TEMPORAL_CLI_VERSION);
}

async function isExecutable(path: string): Promise<boolean> {
  return access(path, constants.X_OK).then(
    () => true,
    () => false,
  );
}

async function onPath(command: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, command);
    if (await isExecutable(candidate)) return candidate;
  }
  return undefined;
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
  await buildWithGo(go, cacheDir, env, log);
  return { path: cached, source: 'built' };
}

async function buildWithGo(go: string, cacheDir: string, env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<void> {
  await mkdir(cacheDir, { recursive: true });
  // Build into a scratch directory and move the result in, so an interrupted build never leaves
  // a half-written binary where the next run would pick it up.
  const scratch = await mkdtemp(join(cacheDir, '.build-'));
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(go, ['install', `${MODULE}@${TEMPORAL_CLI_VERSION}`], {
        env: { ...env, GOBIN: scratch, GOFLAGS: '-mod=mod', CGO_ENABLED: '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      const collect = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.length > 20_000) output = output.slice(-20_000);
      };
      child.stdout.on('data', collect);
      child.stderr.on('data', collect);
      const progress = setInterval(() => log('  ...still building the Temporal CLI'), 30_000);
      child.on('error', (error) => {
        clearInterval(progress);
        reject(error);
      });
      child.on('close', (code) => {
        clearInterval(progress);
        if (code === 0) resolve();
        else reject(new Error(`go install ${MODULE}@${TEMPORAL_CLI_VERSION} failed with exit code ${code}:\n${output.trim()}`));
      });
    });
    await rename(join(scratch, 'temporal'), join(cacheDir, 'temporal'));
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
