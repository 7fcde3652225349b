import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { goInstall, isExecutable, onPath, orderSystemCacheDir } from './go-install.js';

/**
 * The chart's validation tools, once per machine outside every clone: Helm built from the Go module
 * proxy (v3.19.0's go.mod has no `replace`, so `go install` works), and kubernetes-validate (the
 * Kubernetes API schemas, from PyPI) in a virtual environment of its own.
 */
export const HELM_VERSION = 'v3.19.0';
export const KUBERNETES_VALIDATE_VERSION = '1.37.0';
/** The Kubernetes version whose API schemas the rendered chart must satisfy (the newest kubernetes-validate ships). */
export const KUBERNETES_VERSION = '1.37.0';

type Log = (line: string) => void;

export const helmPath = (env: NodeJS.ProcessEnv = process.env) => join(orderSystemCacheDir(env), 'helm', HELM_VERSION, 'helm');
export const kubernetesValidatePath = (env: NodeJS.ProcessEnv = process.env) =>
  join(orderSystemCacheDir(env), 'kubernetes-validate', KUBERNETES_VALIDATE_VERSION, 'venv', 'bin', 'kubernetes-validate');

/** Finds Helm (HELM_PATH, else the cached build), building it when `build` is set (minutes, once per machine). */
export async function resolveHelm(options: { build: boolean; log?: Log; env?: NodeJS.ProcessEnv }): Promise<string | undefined> {
  const env = options.env ?? process.env;
  const explicit = env.HELM_PATH?.trim();
  if (explicit) return explicit;
  const cached = helmPath(env);
  if (await isExecutable(cached)) return cached;
  if (!options.build) return undefined;
  const go = await onPath('go', env);
  if (!go) throw new Error(`Helm ${HELM_VERSION} is not in ${cached}, and there is no Go toolchain to build it.`);
  const log = options.log ?? (() => undefined);
  log(`Building Helm ${HELM_VERSION} with go install (once per machine, takes a few minutes) into ${cached}`);
  await goInstall({ go, packages: { 'helm.sh/helm/v3/cmd/helm': 'helm' }, version: HELM_VERSION, cacheDir: join(cached, '..'), env, log, what: 'Helm' });
  return cached;
}

/** Finds kubernetes-validate in its cached virtual environment, creating it when `install` is set. */
export async function resolveKubernetesValidate(options: { install: boolean; log?: Log; env?: NodeJS.ProcessEnv }): Promise<string | undefined> {
  const env = options.env ?? process.env;
  const executable = kubernetesValidatePath(env);
  if (await isExecutable(executable)) return executable;
  if (!options.install) return undefined;
  const python = (await onPath('python3', env)) ?? (await onPath('python', env));
  if (!python) throw new Error('kubernetes-validate needs Python 3 (python3 on PATH) to install into its virtual environment.');
  const venv = join(executable, '..', '..');
  const log = options.log ?? (() => undefined);
  log(`Installing kubernetes-validate ${KUBERNETES_VALIDATE_VERSION} from PyPI into ${venv}`);
  try {
    await run(python, ['-m', 'venv', venv], env);
    await run(
      join(venv, 'bin', 'python'),
      ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', `kubernetes-validate==${KUBERNETES_VALIDATE_VERSION}`],
      env,
    );
  } catch (error) {
    // A half-made environment would be found next time and fail there; leave nothing behind instead.
    await rm(venv, { recursive: true, force: true });
    throw error;
  }
  return executable;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${output.trim()}`))));
  });
}
