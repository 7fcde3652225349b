import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, join } from 'node:path';

/**
 * The browser the console's tests drive (Playwright's own downloads need the internet): Debian's
 * Chromium, found or installed once per machine, before the tests start (make browser), never
 * inside a test's timeout.
 */
const NAMES = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'];

async function isExecutable(path: string): Promise<boolean> {
  return access(path, constants.X_OK).then(
    () => true,
    () => false,
  );
}

export type ChromiumSource = 'CHROMIUM_PATH' | 'PATH' | 'installed';

/** CHROMIUM_PATH, else a Chromium or Chrome on PATH; undefined when there is none. */
export async function findChromium(env: NodeJS.ProcessEnv = process.env): Promise<{ path: string; source: ChromiumSource } | undefined> {
  const explicit = env.CHROMIUM_PATH?.trim();
  if (explicit) {
    if (!(await isExecutable(explicit))) throw new Error(`CHROMIUM_PATH=${explicit} is not an executable file`);
    return { path: explicit, source: 'CHROMIUM_PATH' };
  }
  for (const name of NAMES) {
    for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
      const candidate = join(dir, name);
      if (await isExecutable(candidate)) return { path: candidate, source: 'PATH' };
    }
  }
  return undefined;
}

/**
 * Finds Chromium, or installs Debian's package with apt-get (as root, once per machine: a minute or
 * two). Elsewhere it says what to install rather than guess at a package manager.
 */
export async function findOrInstallChromium(
  options: { log?: (line: string) => void; env?: NodeJS.ProcessEnv } = {},
): Promise<{ path: string; source: ChromiumSource }> {
  const env = options.env ?? process.env;
  const log = options.log ?? (() => undefined);
  const found = await findChromium(env);
  if (found) return found;
  const aptGet = (await isExecutable('/usr/bin/apt-get')) ? '/usr/bin/apt-get' : undefined;
  if (!aptGet || process.getuid?.() !== 0) {
    throw new Error('No Chromium found (CHROMIUM_PATH, chromium on PATH). Install it (Debian/Ubuntu: `sudo apt-get install chromium`) or set CHROMIUM_PATH.');
  }
  log('Installing Chromium with apt-get (once per machine) for the console browser tests');
  await run(aptGet, ['update', '-qq'], env);
  await run(aptGet, ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], { ...env, DEBIAN_FRONTEND: 'noninteractive' });
  const installed = await findChromium(env);
  if (!installed) throw new Error('apt-get installed chromium, but no chromium executable is on PATH');
  return { ...installed, source: 'installed' };
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`))));
  });
}
