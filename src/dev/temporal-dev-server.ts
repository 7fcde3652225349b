import { spawn } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from '@temporalio/client';
import { preferredOrFreePort } from './free-port.js';
import { stopOrphan, stopWhenParentDies } from './orphans.js';

export interface RunningTemporal {
  address: string;
  uiUrl: string;
  stop(): Promise<void>;
}

/**
 * Starts `temporal server start-dev` with its web UI, keeping workflow state in `dataDir` so a
 * restart finds running workflows where they were.
 */
export async function startTemporalDevServer(options: {
  executable: string;
  dataDir: string;
  namespace: string;
  port: number;
  uiPort: number;
  log?: (line: string) => void;
}): Promise<RunningTemporal> {
  const log = options.log ?? (() => undefined);
  await mkdir(options.dataDir, { recursive: true });
  const pidFile = join(options.dataDir, 'temporal.pid');
  if (await stopOrphan(pidFile, 'start-dev')) log(`stopped an orphaned Temporal dev server left running from ${options.dataDir}`);

  const port = await preferredOrFreePort(options.port);
  const uiPort = await preferredOrFreePort(options.uiPort);
  const child = spawn(
    options.executable,
    [
      'server',
      'start-dev',
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--ui-port',
      String(uiPort),
      '--db-filename',
      join(options.dataDir, 'temporal.db'),
      '--namespace',
      options.namespace,
      '--log-level',
      'warn',
      // SQLite's default journal syncs the disk on every commit, which made the dev server the
      // slowest part of the pipeline by far (bench/README.md); WAL keeps the file consistent
      // across crashes of the process and syncs far less often.
      '--sqlite-pragma',
      'journal_mode=WAL',
      '--sqlite-pragma',
      'synchronous=NORMAL',
      // Registered at start, so workflows can set them at once (see src/orders/search-attributes.ts).
      '--search-attribute',
      'OrderStatus=Keyword',
      '--search-attribute',
      'CustomerId=Int',
    ],
    // Its own process group: Ctrl-C reaches only us, and we stop the server after the worker.
    { detached: true, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await writeFile(pidFile, `${child.pid}\n`);
  // Stops the server should this process die without stopping it (the pid file covers only the next start).
  const watchdog = stopWhenParentDies(child.pid!, 'TERM');

  const address = `127.0.0.1:${port}`;
  const ready = await waitUntilReachable(address, exited);
  if (!ready) {
    child.kill('SIGKILL');
    watchdog.release();
    throw new Error(`The Temporal dev server did not become ready on ${address}:\n${stderr.trim()}`);
  }

  return {
    address,
    uiUrl: `http://127.0.0.1:${uiPort}`,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timedOut = await Promise.race([exited.then(() => false), sleep(10_000).then(() => true)]);
        if (timedOut) child.kill('SIGKILL');
        await exited;
      }
      watchdog.release();
      await rm(pidFile, { force: true });
    },
  };
}

async function waitUntilReachable(address: string, exited: Promise<unknown>): Promise<boolean> {
  let processExited = false;
  void exited.then(() => (processExited = true));
  for (let attempt = 0; attempt < 300 && !processExited; attempt++) {
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      await connection.close();
      return true;
    } catch {
      await sleep(200);
    }
  }
  return false;
}
