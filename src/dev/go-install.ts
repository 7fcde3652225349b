import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

/** The per-machine cache outside every clone: `$XDG_CACHE_HOME/order-system` (or `~/.cache/order-system`). */
export function orderSystemCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'order-system');
}

export async function isExecutable(path: string): Promise<boolean> {
  return access(path, constants.X_OK).then(
    () => true,
    () => false,
  );
}

export async function onPath(command: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, command);
    if (await isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/**
 * `go install <package>@<version>` for each package into `cacheDir`, each binary under the name
 * given (`go install` names it after the last element of the package path). Builds into a scratch directory
 * and moves the results in, so an interrupted build never leaves a half-written binary where the
 * next run would pick it up.
 */
export async function goInstall(options: {
  go: string;
  /** Package path → the binary's name in `cacheDir`. */
  packages: Record<string, string>;
  version: string;
  cacheDir: string;
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
  /** For the progress lines ("...still building <what>"). */
  what: string;
}): Promise<void> {
  const { go, packages, version, cacheDir, env, log, what } = options;
  await mkdir(cacheDir, { recursive: true });
  const scratch = await mkdtemp(join(cacheDir, '.build-'));
  const targets = Object.keys(packages).map((pkg) => `${pkg}@${version}`);
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(go, ['install', ...targets], {
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
      const progress = setInterval(() => log(`  ...still building ${what}`), 30_000);
      child.on('error', (error) => {
        clearInterval(progress);
        reject(error);
      });
      child.on('close', (code) => {
        clearInterval(progress);
        if (code === 0) resolve();
        else reject(new Error(`go install ${targets.join(' ')} failed with exit code ${code}:\n${output.trim()}`));
      });
    });
    for (const [pkg, name] of Object.entries(packages)) await rename(join(scratch, pkg.slice(pkg.lastIndexOf('/') + 1)), join(cacheDir, name));
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
