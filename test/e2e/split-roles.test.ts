/**
 * The container entry points: `api` and `worker` as two processes of the compiled code (`node
 * dist/main.js <role>`, as the image and docker-compose run them), against real PostgreSQL and
 * Temporal, talking over real HTTP.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../../src/dev/free-port.js';
import { ensureCompiled } from '../support/compiled.js';
import { createTestDatabase, eventually } from '../support/harness.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const processes: { child: ChildProcess; exit: Promise<number | null>; output: () => string }[] = [];
let apiBase: string;
let apiMetrics: string;
let workerMetrics: string;
let authorization: string;
let baseEnv: NodeJS.ProcessEnv;
let main: string;
const SECRET = 'split-roles-test-secret-0123456789abcdef';
const METRICS_TOKEN = 'split-roles-metrics-token-0123456789abcdef';
const scrape = { authorization: `Bearer ${METRICS_TOKEN}` };

function start(role: 'api' | 'worker', env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, ['--enable-source-maps', main, role], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const entry = { child, exit: new Promise<number | null>((resolve) => child.once('exit', resolve)), output: () => output };
  processes.push(entry);
  return entry;
}

async function reachable(url: string, headers: Record<string, string> = {}): Promise<true | undefined> {
  return fetch(url, { headers }).then(
    (r) => (r.ok ? true : undefined),
    () => undefined,
  );
}

beforeAll(async () => {
  main = ensureCompiled();
  const { url } = await createTestDatabase();
  const [apiPort, apiMetricsPort, metricsPort] = [await freePort(), await freePort(), await freePort()];
  apiBase = `http://127.0.0.1:${apiPort}`;
  apiMetrics = `http://127.0.0.1:${apiMetricsPort}/metrics`;
  workerMetrics = `http://127.0.0.1:${metricsPort}/metrics`;
  baseEnv = { ...process.env };
  // Not production: what protects the API is its entry point, whatever NODE_ENV says.
  delete baseEnv.NODE_ENV;
  const env = {
    ...baseEnv,
    AUTH_JWT_SECRET: SECRET,
    METRICS_TOKEN,
    API_METRICS_PORT: String(apiMetricsPort),
    LOG_LEVEL: 'warn',
    DATABASE_URL: url,
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    TEMPORAL_TASK_QUEUE: `split-${randomBytes(4).toString('hex')}`,
    ORDER_PROCESSING_DELAY: '200ms',
    PORT: String(apiPort),
    WORKER_METRICS_PORT: String(metricsPort),
  };
  const token = await new SignJWT({ role: 'operator' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('e2e')
    .setExpirationTime('10m')
    .sign(new TextEncoder().encode(SECRET));
  authorization = `Bearer ${token}`;
  start('worker', env);
  start('api', env);
  await eventually(() => reachable(`${apiBase}/readyz`), 60_000, `the API (${processes.map((p) => p.output()).join('\n')})`);
  await eventually(() => reachable(workerMetrics, scrape), 60_000, 'the worker metrics endpoint');
});

afterAll(async () => {
  for (const { child } of processes) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('api and worker as separate processes', () => {
  it('process an order end to end, each exporting its own metrics, and stop with exit code 0 on SIGTERM', async () => {
    // No NODE_ENV, and still: no token, no access.
    expect((await fetch(`${apiBase}/orders`)).status).toBe(401);
    const created = await fetch(`${apiBase}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: '{"customer_id": 3, "total_amount": 19.99}',
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: number };
    await eventually(
      async () => {
        const order = (await (await fetch(`${apiBase}/orders/${id}`, { headers: { authorization } })).json()) as { status: string };
        return order.status === 'completed' ? true : undefined;
      },
      20_000,
      'the worker to complete the order',
    );

    // Metrics: on their own ports, to bearers of the metrics token only; not on the API's port at all.
    expect((await fetch(`${apiBase}/metrics`, { headers: scrape })).status).toBe(404);
    for (const url of [apiMetrics, workerMetrics]) {
      expect((await fetch(url)).status, url).toBe(401);
      expect((await fetch(url, { headers: { authorization } })).status, url).toBe(401);
    }
    const apiText = await (await fetch(apiMetrics, { headers: scrape })).text();
    expect(apiText).toMatch(/^orders_created_total 1$/m);
    expect(apiText).toMatch(/^http_requests_total\{method="POST",route="\/orders",status_code="201"\} 1$/m);

    const workerText = await (await fetch(workerMetrics, { headers: scrape })).text();
    expect(workerText).toMatch(/^orders_terminal_total\{status="completed"\} 1$/m);
    expect(workerText).toMatch(/^order_step_duration_seconds_count\{step="settleOrder",outcome="success"\} 1$/m);
    // The Temporal SDK's worker metrics, merged in from the SDK runtime's Prometheus endpoint.
    expect(workerText).toMatch(/^temporal_worker_task_slots_available\{/m);
    expect(workerText).toMatch(/^temporal_activity_execution_latency_bucket\{/m);
    expect(workerText).not.toMatch(/^http_requests_total/m);

    // The worker's probes (the Helm chart's) on its metrics port.
    const probes = workerMetrics.replace(/\/metrics$/, '');
    for (const path of ['/healthz', '/readyz']) {
      const probe = await fetch(`${probes}${path}`);
      expect(probe.status, path).toBe(200);
      expect(await probe.json()).toEqual({ status: 'ok', worker: 'RUNNING' });
    }

    for (const { child } of processes) child.kill('SIGTERM');
    expect(await Promise.all(processes.map((p) => p.exit))).toEqual([0, 0]);
  });
});

describe('the api entry point', () => {
  it('refuses to start without a token key or with /metrics public on its port, whatever NODE_ENV says', async () => {
    const { url } = await createTestDatabase({ migrate: false });
    const common = {
      ...baseEnv,
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      DATABASE_URL: url,
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      PORT: String(await freePort()),
    };
    const withoutKey = start('api', { ...common, METRICS_TOKEN });
    expect(await withoutKey.exit).toBe(1);
    expect(withoutKey.output()).toMatch(/the api role needs a token key/);
    const publicMetrics = start('api', { ...common, AUTH_JWT_SECRET: SECRET });
    expect(await publicMetrics.exit).toBe(1);
    expect(publicMetrics.output()).toMatch(/API_METRICS_PORT .* or METRICS_TOKEN/);
  });
});
