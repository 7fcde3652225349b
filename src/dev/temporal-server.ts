import { spawn } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Connection, type ConnectionOptions } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time.js';
import { isPortFree, preferredOrFreePort } from './free-port.js';
import { stopOrphan, stopWhenParentDies } from './orphans.js';
import { setUpTemporalSchema, type TemporalPostgres } from './temporal-schema.js';
import { temporalServerConfig, type TemporalServerPorts, type TemporalServerTls } from './temporal-server-config.js';

export interface RunningTemporalServer {
  address: string;
  pid: number;
  ports: TemporalServerPorts;
  stop(): Promise<void>;
}

export interface TemporalServerOptions {
  binaries: { server: string; sqlTool: string };
  /** Holds the rendered configuration and the pid file; the state itself lives in PostgreSQL. */
  dataDir: string;
  postgres: TemporalPostgres;
  namespace: string;
  /** The frontend's port when free (any free port otherwise); `exactPort` refuses the fallback. */
  port: number;
  exactPort?: boolean;
  tls?: TemporalServerTls;
  /** How this process reaches its own frontend to wait for it and create the namespace (TLS, client certificate). */
  connection?: Pick<ConnectionOptions, 'tls' | 'apiKey'>;
  logLevel?: string;
  log?: (line: string) => void;
}

/**
 * The production topology on this machine: `temporal-server start` with every service (frontend,
 * history, matching, worker) in one process, its state in PostgreSQL, as docker-compose.yml's
 * `temporal` service runs it. Applies the schema first and creates the namespace (72 h retention, as
 * compose's `temporal-namespace` does), so what it returns is ready for a worker to poll.
 */
export async function startTemporalServer(options: TemporalServerOptions): Promise<RunningTemporalServer> {
  const log = options.log ?? (() => undefined);
  await mkdir(join(options.dataDir, 'config'), { recursive: true });
  const pidFile = join(options.dataDir, 'temporal-server.pid');
  if (await stopOrphan(pidFile, 'temporal-server')) log(`stopped an orphaned Temporal server left running from ${options.dataDir}`);

  await setUpTemporalSchema(options.binaries.sqlTool, options.postgres, log);
  const ports = await choosePorts(options.port, options.exactPort ?? false);
  // The server reads <root>/<config dir>/<env>.yaml; written at each start, so a change of port or TLS applies.
  const configYaml = temporalServerConfig({ postgres: options.postgres, ports, tls: options.tls, logLevel: options.logLevel });
  await writeFile(join(options.dataDir, 'config', 'development.yaml'), configYaml, { mode: 0o600 });

  const child = spawn(options.binaries.server, ['--root', options.dataDir, '--config', 'config', '--env', 'development', '--allow-no-auth', 'start'], {
    // Its own process group: Ctrl-C reaches only us, and we stop the server after the worker.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Its log (JSON on stdout, at `logLevel`), kept for the error message of a failed start.
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8000);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await writeFile(pidFile, `${child.pid}\n`);
  // Stops the server should this process die without stopping it (the pid file covers only the next start).
  const watchdog = stopWhenParentDies(child.pid!, 'TERM');

  const address = `127.0.0.1:${ports.frontend}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      // SIGTERM: the server leaves its membership ring and closes its shards; give it time to.
      child.kill('SIGTERM');
      const timer = new AbortController();
      const timedOut = await Promise.race([exited.then(() => false), sleep(20_000, true, { signal: timer.signal })]);
      timer.abort();
      if (timedOut) child.kill('SIGKILL');
      await exited;
    }
    watchdog.release();
    await rm(pidFile, { force: true });
  };
  try {
    await waitForNamespace({ address, ...options.connection }, options.namespace, exited);
  } catch (error) {
    await stop();
    throw new Error(`The Temporal server did not become ready on ${address}: ${(error as Error).message}\n${output.trim()}`);
  }
  return { address, pid: child.pid!, ports, stop };
}

async function choosePorts(frontendPort: number, exact: boolean): Promise<TemporalServerPorts> {
  const frontend = exact ? frontendPort : await preferredOrFreePort(frontendPort);
  // The server records membership ports in a SMALLINT column, so below 32768, where the OS's own
  // ephemeral range (which freePort draws from) usually begins. Each one distinct.
  const taken = new Set([frontend]);
  const another = async () => {
    for (;;) {
      const port = 10_000 + Math.floor(Math.random() * (32_767 - 10_000));
      if (!taken.has(port) && (await isPortFree(port))) return (taken.add(port), port);
    }
  };
  return {
    frontend,
    frontendHttp: await another(),
    frontendMembership: await another(),
    history: await another(),
    historyMembership: await another(),
    matching: await another(),
    matchingMembership: await another(),
    worker: await another(),
    workerMembership: await another(),
  };
}

const RETENTION = '72h';

/**
 * The frontend's port opens before it serves, and a fresh cluster has no namespace: wait for the
 * frontend, create the namespace unless it exists, and wait until the frontend knows it.
 */
async function waitForNamespace(connectionOptions: ConnectionOptions, namespace: string, exited: Promise<unknown>): Promise<void> {
  let processExited = false;
  void exited.then(() => (processExited = true));
  const deadline = Date.now() + 120_000;
  let lastError: unknown;
  while (Date.now() < deadline && !processExited) {
    let connection: Connection | undefined;
    try {
      connection = await Connection.connect({ ...connectionOptions, connectTimeout: 2000 });
      const service = connection.workflowService;
      const known = await service.describeNamespace({ namespace }).then(
        () => true,
        (error: { code?: number }) => {
          if (error.code === 5 /* NOT_FOUND */) return false;
          throw error;
        },
      );
      // Listing resolves the namespace through the frontend's namespace cache (refreshed every few
      // seconds), as polls and starts do; describing reads the database.
      if (known && (await service.listWorkflowExecutions({ namespace, pageSize: 1 }).then(() => true))) return;
      if (!known)
        await service.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs(RETENTION) }).catch((error: { code?: number }) => {
          if (error.code !== 6 /* ALREADY_EXISTS */) throw error;
        });
    } catch (error) {
      lastError = error;
    } finally {
      await connection?.close().catch(() => undefined);
    }
    await sleep(500);
  }
  throw processExited ? new Error('the process exited') : (lastError ?? new Error('timed out'));
}
