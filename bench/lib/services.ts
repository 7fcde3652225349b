/** The API and the worker as separate processes, configured the way a deployment would be. */
import { join } from 'node:path';
import { buildOnce, DEFAULT_RUNTIME, entryPoint, type Runtime } from './build.js';
import { AUTH_HEADERS, JWT_SECRET } from './auth.js';
import { type HttpLoad, httpLoad } from './load.js';
import { type NodeChild, REPO_ROOT, freePort, startNode, waitForHttp, waitForLog } from './processes.js';
import type { Cleanup, Infrastructure } from './stack.js';
import type { RunResult } from './stats.js';

export interface ServiceSettings {
  taskQueue: string;
  processingDelay: string;
  /** Extra flags for node, e.g. --cpu-prof. */
  nodeArgs?: string[];
  /** Compiled dist/ (the default, what the image runs) or src/ under tsx. */
  runtime?: Runtime;
  /** More environment, e.g. WORKER_MAX_CACHED_WORKFLOWS. */
  env?: Record<string, string>;
  /** Another checkout (the baseline of a before/after comparison) and its own database. */
  root?: string;
  databaseUrl?: string;
}

/** Production settings except where a scenario says otherwise; LOG_LEVEL stays at its default, info. */
function serviceEnv(infra: Infrastructure, settings: ServiceSettings): Record<string, string> {
  return {
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    DATABASE_URL: settings.databaseUrl ?? infra.databaseUrl,
    DATABASE_POOL_SIZE: '10',
    TEMPORAL_ADDRESS: infra.temporalAddress,
    TEMPORAL_TASK_QUEUE: settings.taskQueue,
    ORDER_PROCESSING_DELAY: settings.processingDelay,
    HOST: '127.0.0.1',
    AUTH_JWT_SECRET: JWT_SECRET,
    // The api role keeps /metrics off its public port; behind a token it stays on the same port.
    METRICS_TOKEN: `bench-metrics-${JWT_SECRET}`,
    // The limiter is per client, and the load generator is one client: keep it (and its per-request
    // cost) but at its highest setting, far above anything this machine can send.
    RATE_LIMIT_PER_MINUTE: '1000000',
    // Every benchmark order is for one customer; the fraud check's per-customer velocity limit
    // would otherwise fail them after the first 50.
    FRAUD_MAX_ORDERS_PER_HOUR: '1000000',
    ...settings.env,
  };
}

export interface RunningApi {
  child: NodeChild;
  url: string;
  /** Load against this API, authenticated like a production client. */
  load(load: Omit<HttpLoad, 'url' | 'headers'>): Promise<RunResult>;
  /** One authenticated GET, parsed as JSON. */
  getJson(path: string): Promise<unknown>;
}

/** Script and node flags for the settings' runtime; dist/ is built (once per run and checkout) before its first start. */
async function launch(settings: ServiceSettings): Promise<{ script: string; nodeArgs: string[] }> {
  const runtime = settings.runtime ?? DEFAULT_RUNTIME;
  if (runtime === 'dist') await buildOnce(settings.root ?? REPO_ROOT);
  const { script, nodeArgs } = entryPoint(runtime);
  return { script, nodeArgs: [...nodeArgs, ...(settings.nodeArgs ?? [])] };
}

export async function startApi(infra: Infrastructure, cleanup: Cleanup, settings: ServiceSettings, label: string): Promise<RunningApi> {
  const port = await freePort();
  const child = startNode({
    name: `API (${label})`,
    ...(await launch(settings)),
    args: ['api'],
    env: { ...serviceEnv(infra, settings), PORT: String(port) },
    logPath: join(infra.scratch, `api-${label}.log`),
    ...(settings.root ? { cwd: settings.root } : {}),
  });
  cleanup.add(child.name, () => child.stop());
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(child, `${url}/readyz`);
  return {
    child,
    url,
    load: (load) => httpLoad({ ...load, url, headers: AUTH_HEADERS }),
    getJson: async (path) => (await fetch(`${url}${path}`, { headers: AUTH_HEADERS })).json(),
  };
}

export interface RunningWorker extends NodeChild {
  /** Its Prometheus text (the process's own metrics, heap included), read with the bench's token. */
  metrics(): Promise<string>;
}

export async function startWorker(infra: Infrastructure, cleanup: Cleanup, settings: ServiceSettings, label: string): Promise<RunningWorker> {
  const metricsPort = await freePort();
  const child = startNode({
    name: `worker (${label})`,
    ...(await launch(settings)),
    args: ['worker'],
    // The worker serves /metrics on a port of its own; a free one, so no fixed port can clash.
    env: { ...serviceEnv(infra, settings), WORKER_METRICS_PORT: String(metricsPort) },
    logPath: join(infra.scratch, `worker-${label}.log`),
    ...(settings.root ? { cwd: settings.root } : {}),
  });
  cleanup.add(child.name, () => child.stop());
  // Logged by src/main.ts once the workflow bundle is built and the worker polls.
  await waitForLog(child, 'worker running');
  const authorization = `Bearer ${serviceEnv(infra, settings).METRICS_TOKEN}`;
  return { ...child, metrics: async () => (await fetch(`http://127.0.0.1:${metricsPort}/metrics`, { headers: { authorization } })).text() };
}
