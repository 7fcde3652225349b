/**
 * `make run` (the `dev` command with its embedded PostgreSQL and Temporal dev server) stopped as a
 * terminal stops it (docs/operations.md "Health, logs and shutdown"):
 *
 * - Ctrl-C sends SIGINT to the whole foreground process group. The dev servers run in groups of their
 *   own, so they keep serving while the app drains (an order's payment step is running, and finishes),
 *   and the app stops them last: exit 0, no dependency errors logged during the drain, nothing left.
 * (A SIGKILLed one leaves nothing running either, through the dev servers' watchdogs: test/e2e/dev-stack.test.ts.)
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/dev/free-port.js';
import { eventually, within } from './support.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Generous: the deadline the app is held to, far above what a drain takes on an idle machine (a few seconds). */
const SHUTDOWN_TIMEOUT_MS = 40_000;

let dataDir: string;

interface DevProcess {
  child: ChildProcess;
  base: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
}

/** `src/main.ts dev` in a process group of its own (as a shell starts a foreground job), once it answers HTTP. */
async function startDev(): Promise<DevProcess> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env };
  // Dev mode as `make run` on a fresh clone: it starts its own PostgreSQL and Temporal and admits anonymous operators.
  for (const name of Object.keys(env))
    if (/^(AUTH_JWT|DATABASE_URL|TEMPORAL_(ADDRESS|API_KEY|TLS|PROFILE|NAMESPACE)|METRICS_TOKEN|API_METRICS_PORT)/.test(name)) delete env[name];
  Object.assign(env, {
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATA_DIR: dataDir,
    TEMPORAL_DEV_PORT: String(await freePort()),
    TEMPORAL_DEV_UI_PORT: String(await freePort()),
    TEMPORAL_TASK_QUEUE: 'dev-shutdown',
    ORDER_PROCESSING_DELAY: '0s',
    // The payment steps take this long: a step is running when the signal comes.
    PAYMENT_PROVIDER_LATENCY: '3s',
    SHUTDOWN_TIMEOUT: `${SHUTDOWN_TIMEOUT_MS}ms`,
    OTEL_SDK_DISABLED: 'true',
    OTEL_EXPORTER_OTLP_ENDPOINT: '',
  });
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'dev'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  const collect = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-5_000_000));
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const dev: DevProcess = { child, base: `http://127.0.0.1:${port}`, exited, output: () => output };
  await eventually(
    async () => {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`dev exited during start-up:\n${output.slice(-5000)}`);
      const response = await fetch(`${dev.base}/readyz`).catch(() => undefined);
      return response?.status === 200 ? true : undefined;
    },
    150_000,
    'the dev command to be ready',
  );
  return dev;
}

/** Processes whose command line names this test's data directory: the embedded PostgreSQL and the Temporal dev server. */
async function devServerProcesses(): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    const commandLine = await readFile(`/proc/${entry}/cmdline`, 'utf8').then(
      (text) => text.replaceAll('\0', ' '),
      () => '',
    );
    if (commandLine.includes(dataDir)) found.push(`${entry}: ${commandLine.slice(0, 200)}`);
  }
  return found;
}

async function createOrder(base: string): Promise<number> {
  const response = await fetch(`${base}/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ customer_id: 1, total_amount: 12.5 }),
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return ((await response.json()) as { id: number }).id;
}

async function stageOf(base: string, id: number): Promise<string | undefined> {
  const response = await fetch(`${base}/orders/${id}`);
  return ((await response.json()) as { progress?: { stage: string } }).progress?.stage;
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'order-system-dev-shutdown-'));
});

afterAll(async () => {
  // Whatever a failed test left behind.
  for (const line of await devServerProcesses().catch(() => [])) {
    try {
      process.kill(Number(line.split(':')[0]), 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
  await rm(dataDir, { recursive: true, force: true });
});

describe('the dev command stopped from a terminal', () => {
  it('Ctrl-C (SIGINT to the process group) drains the app before stopping PostgreSQL and Temporal, exits 0 and leaves nothing running', async () => {
    const dev = await startDev();
    expect(await devServerProcesses(), 'PostgreSQL and Temporal running').not.toEqual([]);
    const id = await createOrder(dev.base);
    await eventually(async () => ((await stageOf(dev.base, id)) === 'authorizing_payment' ? true : undefined), 60_000, 'the payment step to run');
    const logBefore = dev.output().length;

    process.kill(-dev.child.pid!, 'SIGINT');
    const exit = await within(dev.exited, SHUTDOWN_TIMEOUT_MS + 20_000);
    const drain = dev.output().slice(logBefore);
    expect(exit, drain.slice(-5000)).toEqual({ code: 0, signal: null });

    // Nothing used PostgreSQL or Temporal after they were gone: no dependency errors, no error lines at all.
    const lines = drain.split('\n').filter((line) => line.startsWith('{'));
    const complaints = lines.filter(
      (line) => (JSON.parse(line) as { level: number }).level >= 50 || /unavailable|ECONNREFUSED|terminat|Connection (ended|closed)/i.test(line),
    );
    expect(complaints, drain.slice(-5000)).toEqual([]);
    expect(lines.some((line) => line.includes('"msg":"stopped"'))).toBe(true);
    expect(await devServerProcesses()).toEqual([]);
  }, 300_000);
});
