/**
 * Shared by the fault tests: the container roles (`api`, `worker`) as real child processes, a plain
 * HTTP client that reports connection failures as values, direct probes of PostgreSQL and Temporal,
 * and SQL triggers that record (and slow down) writes to the orders table of a test's own database.
 *
 * Everything talks to 127.0.0.1 only, and every wait is bounded.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { expect } from 'vitest';
import { freePort } from '../../src/dev/free-port.js';
import { ensureCompiled } from '../support/compiled.js';
import { createTestDatabase, eventually } from '../support/harness.js';
import { signedToken } from '../support/tokens.js';

export { eventually, sleep };

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The api role verifies every token: the fault tests' requests come from an operator with this key. */
const JWT_SECRET = `fault-tests-${randomBytes(16).toString('hex')}`;
const operatorAuthorization = signedToken(JWT_SECRET, { subject: 'fault-tests', role: 'operator' }, { expiresIn: '2h' }).then((token) => `Bearer ${token}`);

export type Role = 'api' | 'worker';

export interface RoleProcess {
  role: Role;
  child: ChildProcess;
  /** Where the API listens (api) or where the worker serves /metrics (worker). */
  base: string;
  /** Resolves when the process has exited, with its exit code or the signal that ended it. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  running(): boolean;
  output(): string;
}

const started: RoleProcess[] = [];

/** What both roles of one deployment share: database, Temporal, task queue and processing delay. */
export interface Deployment {
  databaseUrl: string;
  temporalAddress: string;
  taskQueue: string;
  processingDelay: string;
  env?: Record<string, string>;
}

export function uniqueTaskQueue(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/**
 * Spawns `node dist/main.js <role>`, the image's entry point (compiled: a worker under tsx would bundle
 * its workflows again at every start), and waits until it
 * serves HTTP (the API's /healthz, the worker's /metrics, which starts after the worker polls).
 */
export async function startRole(role: Role, deployment: Deployment, extraEnv: Record<string, string> = {}): Promise<RoleProcess> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // These tests are about faults, not tokens or rate limits: every request is an operator's, unlimited.
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.FAULT_LOG_LEVEL ?? 'warn',
    HOST: '127.0.0.1',
    DATABASE_URL: deployment.databaseUrl,
    TEMPORAL_ADDRESS: deployment.temporalAddress,
    TEMPORAL_TASK_QUEUE: deployment.taskQueue,
    TEMPORAL_RPC_TIMEOUT: '2s',
    ORDER_PROCESSING_DELAY: deployment.processingDelay,
    RATE_LIMIT_PER_MINUTE: '0',
    AUTH_JWT_SECRET: JWT_SECRET,
    OTEL_SDK_DISABLED: 'true',
    OTEL_EXPORTER_OTLP_ENDPOINT: '',
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: '',
    ...(role === 'api'
      ? { PORT: String(port), API_METRICS_PORT: String(await freePort()) }
      : { WORKER_METRICS_PORT: String(port), PORT: String(await freePort()) }),
    ...deployment.env,
    ...extraEnv,
  };
  const child = spawn(process.execPath, ['--enable-source-maps', ensureCompiled(), role], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-5_000_000);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const proc: RoleProcess = {
    role,
    child,
    base: `http://127.0.0.1:${port}`,
    exited,
    running: () => child.exitCode === null && child.signalCode === null,
    output: () => output,
  };
  started.push(proc);
  const probe = role === 'api' ? '/healthz' : '/metrics';
  await eventually(
    async () => {
      if (!proc.running()) throw new Error(`${role} exited during start-up:\n${output}`);
      const response = await request(proc.base, 'GET', probe);
      return 'status' in response && response.status === 200 ? true : undefined;
    },
    90_000,
    `the ${role} process to serve ${probe}`,
  );
  return proc;
}

/** SIGKILLs every role process these tests started that is still running (for afterAll). */
export async function killAllRoles(): Promise<void> {
  const running = started.filter((p) => p.running());
  for (const p of running) p.child.kill('SIGKILL');
  await Promise.all(running.map((p) => within(p.exited, 10_000)));
}

/** Waits (bounded) for a process to exit. */
export async function exitOf(proc: RoleProcess, timeoutMs = 30_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const result = await within(proc.exited, timeoutMs);
  if (!result) throw new Error(`${proc.role} did not exit within ${timeoutMs} ms:\n${proc.output().slice(-5000)}`);
  return result;
}

/** `promise`'s value, or undefined once `timeoutMs` has passed (and no timer is left behind). */
export async function within<T>(promise: Promise<T>, timeoutMs: number): Promise<T | undefined> {
  const timer = new AbortController();
  try {
    return await Promise.race([promise, sleep(timeoutMs, undefined, { signal: timer.signal }).then(() => undefined)]);
  } finally {
    timer.abort();
  }
}

export interface HttpResponse {
  status: number;
  contentType: string;
  body: unknown;
  text: string;
}

export interface HttpFailure {
  /** The socket error (ECONNREFUSED, ECONNRESET, ...) or "incomplete" when the response was cut off. */
  error: string;
  /** True when the request had been fully written to an open connection before the failure. */
  written: boolean;
}

export type HttpOutcome = HttpResponse | HttpFailure;

export const isResponse = (outcome: HttpOutcome): outcome is HttpResponse => 'status' in outcome;

/** Connections kept open between requests, as a load balancer or an HTTP client library keeps them. */
const keepAliveAgent = new http.Agent({ keepAlive: true, maxSockets: 256 });

/**
 * One HTTP request, by default on its own connection (`Connection: close`) so that every failure
 * belongs to exactly one request; with `keepAlive`, on a pooled connection reused between requests.
 * Sent as an operator unless `headers` carry an authorization of their own. Never rejects: a
 * connection failure is a value.
 */
export async function request(
  base: string,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string>; timeoutMs?: number; keepAlive?: boolean; onWritten?: () => void } = {},
): Promise<HttpOutcome> {
  const { body, timeoutMs = 20_000, onWritten } = options;
  const authorization = await operatorAuthorization;
  return new Promise((resolve) => {
    let written = false;
    let settled = false;
    const settle = (outcome: HttpOutcome) => {
      if (!settled) {
        settled = true;
        resolve(outcome);
      }
    };
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(`${base}${path}`, {
      method,
      agent: options.keepAlive ? keepAliveAgent : false,
      headers: {
        authorization,
        ...options.headers,
        ...(options.keepAlive ? {} : { connection: 'close' }),
        ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
      },
      timeout: timeoutMs,
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('client timeout'), { code: 'CLIENT_TIMEOUT' })));
    req.on('error', (error: NodeJS.ErrnoException) => settle({ error: error.code ?? error.message, written }));
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('aborted', () => settle({ error: 'incomplete', written }));
      res.on('error', (error: NodeJS.ErrnoException) => settle({ error: error.code ?? 'incomplete', written }));
      res.on('end', () => {
        if (!res.complete) return settle({ error: 'incomplete', written });
        let parsed: unknown;
        try {
          parsed = text ? JSON.parse(text) : undefined;
        } catch {
          parsed = undefined;
        }
        settle({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), body: parsed, text });
      });
    });
    req.end(payload, () => {
      written = true;
      onWritten?.();
    });
  });
}

/** POST /orders; on a 201, the new order's id. */
export async function createOrder(base: string, customerId = 1, amount = 10.5): Promise<HttpOutcome & { id?: number }> {
  const outcome = await request(base, 'POST', '/orders', { body: { customer_id: customerId, total_amount: amount } });
  if (isResponse(outcome) && outcome.status === 201) return { ...outcome, id: (outcome.body as { id: number }).id };
  return outcome;
}

/**
 * Creates `count` orders at once (customers and amounts counting up from the first) and returns
 * their ids in ascending order; fails with the response of the first one that was not created.
 */
export async function createOrders(base: string, count: number, firstCustomerId: number, firstAmount: number): Promise<number[]> {
  const outcomes = await Promise.all(Array.from({ length: count }, (_, i) => createOrder(base, firstCustomerId + i, firstAmount + i)));
  const failed = outcomes.find((outcome) => outcome.id === undefined);
  if (failed) throw new Error(`an order was not created: ${describeOutcome(failed)}`);
  return outcomes.map((outcome) => outcome.id!).sort((a, b) => a - b);
}

/** A fresh database for one fault test, with the write audit installed (see installAudit). */
export async function auditedDatabase(): Promise<{ url: string; db: pg.Pool }> {
  const { url } = await createTestDatabase();
  const db = new pg.Pool({ connectionString: url, max: 3 });
  await installAudit(db);
  return { url, db };
}

/** While `down` is unreachable, /readyz must answer 503 and name it (and only it). */
export async function expectNotReady(base: string, down: 'postgres' | 'temporal'): Promise<void> {
  const ready = await request(base, 'GET', '/readyz');
  expect(isResponse(ready) && ready.status, describeOutcome(ready)).toBe(503);
  const checks = { postgres: down === 'postgres' ? 'unavailable' : 'ok', temporal: down === 'temporal' ? 'unavailable' : 'ok' };
  expect(isResponse(ready) && ready.body).toMatchObject({ status: 'unavailable', checks });
}

export function describeOutcome(outcome: HttpOutcome): string {
  return isResponse(outcome) ? `${outcome.status} ${outcome.text.slice(0, 300)}` : `connection failure ${outcome.error}`;
}

// --- PostgreSQL -------------------------------------------------------------------------------

/**
 * Records every row written to `orders` in `fault_audit`, with the values before and after, from a
 * trigger inside PostgreSQL: whatever code path writes, and even if the writer dies before it sees
 * the result, the write is recorded exactly as often as it happened.
 */
export async function installAudit(db: pg.Pool): Promise<void> {
  await db.query(`
    CREATE TABLE IF NOT EXISTS fault_audit (
      seq            BIGSERIAL PRIMARY KEY,
      op             TEXT        NOT NULL,
      order_id       BIGINT      NOT NULL,
      old_status     TEXT,
      new_status     TEXT,
      old_updated_at TIMESTAMPTZ,
      new_updated_at TIMESTAMPTZ,
      backend_pid    INTEGER     NOT NULL DEFAULT pg_backend_pid(),
      at             TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
    );
    CREATE OR REPLACE FUNCTION fault_audit() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        INSERT INTO fault_audit (op, order_id, new_status, new_updated_at) VALUES (TG_OP, NEW.id, NEW.status, NEW.updated_at);
      ELSIF TG_OP = 'UPDATE' THEN
        -- A step's progress mark (stage, completed steps) changes no status, version or updated_at:
        -- it is not one of the order's writes this audit counts.
        IF OLD.status = NEW.status AND OLD.version = NEW.version AND OLD.updated_at = NEW.updated_at THEN RETURN NULL; END IF;
        INSERT INTO fault_audit (op, order_id, old_status, new_status, old_updated_at, new_updated_at)
        VALUES (TG_OP, NEW.id, OLD.status, NEW.status, OLD.updated_at, NEW.updated_at);
      ELSE
        INSERT INTO fault_audit (op, order_id, old_status, old_updated_at) VALUES (TG_OP, OLD.id, OLD.status, OLD.updated_at);
      END IF;
      RETURN NULL;
    END $$;
    DROP TRIGGER IF EXISTS fault_audit ON orders;
    CREATE TRIGGER fault_audit AFTER INSERT OR UPDATE OR DELETE ON orders FOR EACH ROW EXECUTE FUNCTION fault_audit();
  `);
}

/** Makes each completion (the workflow's one side effect) take `seconds` inside PostgreSQL, so a fault can land while activities run. */
export async function slowDownCompletions(db: pg.Pool, seconds: number): Promise<void> {
  await db.query(`
    CREATE OR REPLACE FUNCTION fault_slow_completion() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.status = 'completed' AND OLD.status <> 'completed' THEN
        -- Visible in pg_stat_activity until the transaction ends: this backend is completing an order.
        PERFORM set_config('application_name', 'fault-completing', true);
        PERFORM pg_sleep(${Number(seconds)});
      END IF;
      RETURN NEW;
    END $$;
    DROP TRIGGER IF EXISTS fault_slow_completion ON orders;
    CREATE TRIGGER fault_slow_completion BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION fault_slow_completion();
  `);
}

/** Makes each INSERT into orders take `seconds`, so that many create requests are in flight at once. */
export async function slowDownInserts(db: pg.Pool, seconds: number): Promise<void> {
  await db.query(`
    CREATE OR REPLACE FUNCTION fault_slow_insert() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN PERFORM pg_sleep(${Number(seconds)}); RETURN NEW; END $$;
    DROP TRIGGER IF EXISTS fault_slow_insert ON orders;
    CREATE TRIGGER fault_slow_insert BEFORE INSERT ON orders FOR EACH ROW EXECUTE FUNCTION fault_slow_insert();
  `);
}

/** Completions currently executing inside PostgreSQL (sleeping in fault_slow_completion). */
export async function completionsInFlight(db: pg.Pool): Promise<number> {
  const { rows } = await db.query<{ n: string }>(
    `SELECT count(*) AS n FROM pg_stat_activity
     WHERE datname = current_database() AND state = 'active' AND wait_event = 'PgSleep' AND application_name = 'fault-completing'`,
  );
  return Number(rows[0]!.n);
}

export async function orderRows(db: pg.Pool): Promise<{ id: number; status: string; updatedAt: Date }[]> {
  const { rows } = await db.query<{ id: string; status: string; updated_at: Date }>('SELECT id, status, updated_at FROM orders ORDER BY id');
  return rows.map((r) => ({ id: Number(r.id), status: r.status, updatedAt: r.updated_at }));
}

export interface AuditRow {
  op: string;
  orderId: number;
  oldStatus: string | null;
  newStatus: string | null;
  oldUpdatedAt: Date | null;
  newUpdatedAt: Date | null;
}

export async function auditRows(db: pg.Pool): Promise<AuditRow[]> {
  const { rows } = await db.query<{
    op: string;
    order_id: string;
    old_status: string | null;
    new_status: string | null;
    old_updated_at: Date | null;
    new_updated_at: Date | null;
  }>('SELECT op, order_id, old_status, new_status, old_updated_at, new_updated_at FROM fault_audit ORDER BY seq');
  return rows.map((r) => ({
    op: r.op,
    orderId: Number(r.order_id),
    oldStatus: r.old_status,
    newStatus: r.new_status,
    oldUpdatedAt: r.old_updated_at,
    newUpdatedAt: r.new_updated_at,
  }));
}

/** The UPDATEs the audit recorded, by order id. */
export function updatesByOrder(audit: AuditRow[]): Map<number, AuditRow[]> {
  const byOrder = new Map<number, AuditRow[]>();
  for (const row of audit.filter((r) => r.op === 'UPDATE')) byOrder.set(row.orderId, [...(byOrder.get(row.orderId) ?? []), row]);
  return byOrder;
}

// --- Temporal ---------------------------------------------------------------------------------

/**
 * A TCP proxy on 127.0.0.1 that delays everything the server sends by `delayMs` (in order): a
 * slow network between a process and Temporal. A request reaches Temporal at once; its answer
 * arrives `delayMs` later.
 */
export async function delayingProxy(target: string, delayMs: number): Promise<{ address: string; close(): Promise<void> }> {
  const [host, port] = [target.slice(0, target.lastIndexOf(':')), Number(target.slice(target.lastIndexOf(':') + 1))];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((downstream) => {
    const upstream = net.connect({ host, port });
    for (const socket of [downstream, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    downstream.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk) => setTimeout(() => downstream.writable && downstream.write(chunk), delayMs));
    downstream.on('close', () => upstream.destroy());
    upstream.on('close', () => setTimeout(() => downstream.destroy(), delayMs));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: proxyPort } = server.address() as net.AddressInfo;
  return {
    address: `127.0.0.1:${proxyPort}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

export async function temporalClient(address: string): Promise<Client> {
  return new Client({ connection: await Connection.connect({ address, connectTimeout: 10_000 }), namespace: 'default' });
}

export interface Execution {
  workflowId: string;
  runId: string;
  status: string;
}

/** Every execution (every run) on the task queue, from Temporal's visibility store. */
export async function executionsOnQueue(client: Client, taskQueue: string): Promise<Execution[]> {
  const executions: Execution[] = [];
  for await (const info of client.workflow.list({ query: `TaskQueue = "${taskQueue}"` })) {
    executions.push({ workflowId: info.workflowId, runId: info.runId, status: info.status.name });
  }
  return executions;
}

/** Waits until every execution on the queue has closed and there are at least `atLeast` of them. */
export async function closedExecutionsOnQueue(client: Client, taskQueue: string, atLeast: number, timeoutMs: number): Promise<Execution[]> {
  return eventually(
    async () => {
      const executions = await executionsOnQueue(client, taskQueue);
      return executions.length >= atLeast && executions.every((e) => e.status !== 'RUNNING') ? executions : undefined;
    },
    timeoutMs,
    `${atLeast} closed workflows on ${taskQueue}`,
  );
}

export interface ActivitySummary {
  scheduled: number;
  completed: number;
  failed: number;
  timedOut: number;
  /** The attempt that the recorded ActivityTaskStarted belongs to (retries are not separate events). */
  lastAttempt: number;
}

/** What the workflow's history says about its activities. */
export async function activitySummary(client: Client, workflowId: string): Promise<ActivitySummary> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const summary: ActivitySummary = { scheduled: 0, completed: 0, failed: 0, timedOut: 0, lastAttempt: 0 };
  for (const event of history.events ?? []) {
    if (event.activityTaskScheduledEventAttributes) summary.scheduled++;
    if (event.activityTaskStartedEventAttributes) summary.lastAttempt = Math.max(summary.lastAttempt, event.activityTaskStartedEventAttributes.attempt ?? 0);
    if (event.activityTaskCompletedEventAttributes) summary.completed++;
    if (event.activityTaskFailedEventAttributes) summary.failed++;
    if (event.activityTaskTimedOutEventAttributes) summary.timedOut++;
  }
  return summary;
}

/** The final status a closed workflow reports (bounded). */
export async function workflowResult(client: Client, workflowId: string, timeoutMs = 30_000): Promise<unknown> {
  const result = await within(
    client.workflow
      .getHandle(workflowId)
      .result()
      .then((value) => ({ value })),
    timeoutMs,
  );
  if (!result) throw new Error(`no result for ${workflowId} within ${timeoutMs} ms`);
  // OrderWorkflow returns its outcome ({ status, reason? }); the tests compare the status.
  const value = result.value as { status?: unknown } | null;
  return typeof value === 'object' && value !== null && 'status' in value ? value.status : value;
}

/** Counts occurrences, for the numbers a test prints. */
export function tally(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}
