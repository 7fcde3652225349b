/**
 * `make run TEMPORAL=server`: the one-command start, with the Temporal server on the embedded
 * PostgreSQL instead of the dev server. The same command as `make run` (`src/main.ts dev`, with
 * TEMPORAL_DEV_SERVER=server), started as a child process: the same banner, an order completed,
 * and a clean stop on SIGTERM that leaves neither PostgreSQL nor the Temporal server behind.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/dev/free-port.js';
import { isAlive } from '../../src/dev/orphans.js';
import { eventually } from '../support/harness.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
let dataDir: string | undefined;

afterAll(async () => {
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const pidIn = (file: string) => readFile(file, 'utf8').then((text) => Number(text.split('\n')[0]));

describe('make run TEMPORAL=server', () => {
  it('starts everything on the Temporal server on PostgreSQL, completes an order, and stops cleanly', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'order-system-dev-server-'));
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const env = {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(port),
      DATA_DIR: dataDir,
      TEMPORAL_DEV_SERVER: 'server',
      TEMPORAL_DEV_PORT: String(await freePort()),
      ORDER_PROCESSING_DELAY: '1s',
      DATABASE_URL: '',
      TEMPORAL_ADDRESS: '',
    };
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'dev'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await eventually(
        async () => {
          if (child.exitCode !== null) throw new Error(`exited during start-up:\n${output}`);
          return output.includes('Order processing is ready') ? true : undefined;
        },
        150_000,
        'the ready banner',
      );
      expect(output).toContain(`Temporal      127.0.0.1:${env.TEMPORAL_DEV_PORT} (plain gRPC)`);
      expect(output).not.toContain('Temporal UI');
      const pids = {
        postgres: await pidIn(join(dataDir, 'postgres', 'postmaster.pid')),
        temporal: await pidIn(join(dataDir, 'temporal-server', 'temporal-server.pid')),
      };
      expect((await readFile(`/proc/${pids.temporal}/cmdline`, 'utf8')).replaceAll('\0', ' ')).toMatch(/temporal-server .*start/);

      const created = await fetch(`${base}/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ customer_id: 5, total_amount: 9.5 }),
      });
      expect(created.status).toBe(201);
      const { id } = (await created.json()) as { id: number };
      await eventually(
        async () => ((await (await fetch(`${base}/orders/${id}`)).json()) as { status: string }).status === 'completed' || undefined,
        60_000,
        'the order to be completed',
      );

      child.kill('SIGTERM');
      expect(await exit).toBe(0);
      expect(output).toMatch(/"msg":"stopped"/);
      expect([isAlive(pids.postgres), isAlive(pids.temporal)]).toEqual([false, false]);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 240_000);
});
