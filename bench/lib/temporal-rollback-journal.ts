/**
 * A second Temporal dev server, for one diagnostic ceiling: the same CLI and the same file-backed
 * SQLite as src/dev/temporal-dev-server.ts, but with the CLI's default journal (rollback journal, a
 * disk sync per commit) instead of the write-ahead log that `make run` uses. The gap between the two
 * ceilings is what that choice is worth.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from '@temporalio/client';
import { freePort } from './processes.js';
import type { Cleanup, Infrastructure } from './stack.js';

export const ROLLBACK_JOURNAL_PRAGMAS = ['journal_mode=DELETE', 'synchronous=FULL'];

export async function startRollbackJournalTemporal(infra: Infrastructure, cleanup: Cleanup): Promise<{ address: string; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn(
    infra.temporalCli,
    [
      'server',
      'start-dev',
      '--headless',
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--namespace',
      'default',
      '--log-level',
      'error',
      '--db-filename',
      join(infra.scratch, 'temporal-rollback-journal.db'),
      ...ROLLBACK_JOURNAL_PRAGMAS.flatMap((pragma) => ['--sqlite-pragma', pragma]),
    ],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timedOut = await Promise.race([exited.then(() => false), sleep(10_000, true, { ref: false })]);
    if (timedOut) child.kill('SIGKILL');
    await exited;
  };
  cleanup.add('Temporal dev server (rollback journal)', stop);
  const address = `127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 150; attempt++) {
    try {
      await (await Connection.connect({ address, connectTimeout: 1000 })).close();
      return { address, stop };
    } catch {
      await sleep(200);
    }
  }
  await stop();
  throw new Error(`the rollback-journal Temporal dev server did not become ready on ${address}`);
}
