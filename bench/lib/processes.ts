/**
 * The processes under test run as children (`node dist/main.js api|worker`), as they
 * would in containers: their CPU and resident memory are then theirs alone, readable from /proc,
 * and separate from the load generator in this process.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface NodeChild {
  name: string;
  pid: number;
  logPath: string;
  /** Stops with SIGTERM (the entry point's graceful shutdown), SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  /** The end of its log, for error messages. */
  logTail(): Promise<string>;
}

/** Starts `node [nodeArgs] <script> [args]` in the repository, output appended to `logPath`; a `.ts` script runs under tsx. */
export function startNode(options: {
  name: string;
  script: string;
  args?: string[];
  nodeArgs?: string[];
  env: Record<string, string>;
  logPath: string;
  /** The checkout to run in; this repository by default (bench/lib/baseline.ts gives another). */
  cwd?: string;
}): NodeChild {
  const log = openSync(options.logPath, 'a');
  let child: ChildProcess;
  try {
    const tsx = options.script.endsWith('.ts') ? ['--import', 'tsx'] : [];
    child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...tsx, options.script, ...(options.args ?? [])], {
      cwd: options.cwd ?? REPO_ROOT,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', log, log],
    });
  } finally {
    closeSync(log);
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    name: options.name,
    pid: child.pid!,
    logPath: options.logPath,
    async stop(graceMs = 15_000) {
      if (!running()) return;
      child.kill('SIGTERM');
      const timedOut = await Promise.race([exited.then(() => false), sleep(graceMs, true, { ref: false })]);
      if (timedOut && running()) child.kill('SIGKILL');
      await exited;
    },
    async logTail() {
      return (await readFile(options.logPath, 'utf8').catch(() => '')).split('\n').slice(-30).join('\n');
    },
  };
}

/** Waits until `url` answers 200, failing early when the child died. */
export async function waitForHttp(child: NodeChild, url: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(child.pid)) throw new Error(`${child.name} exited during start:\n${await child.logTail()}`);
    const ok = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await sleep(200);
  }
  throw new Error(`${child.name} did not answer ${url} within ${timeoutMs} ms:\n${await child.logTail()}`);
}

/** Waits until the child's log contains `text` (the worker has no HTTP endpoint to poll). */
export async function waitForLog(child: NodeChild, text: string, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await readFile(child.logPath, 'utf8').catch(() => '')).includes(text)) return;
    if (!isAlive(child.pid)) throw new Error(`${child.name} exited during start:\n${await child.logTail()}`);
    await sleep(250);
  }
  throw new Error(`${child.name} did not log "${text}" within ${timeoutMs} ms:\n${await child.logTail()}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A loopback port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
