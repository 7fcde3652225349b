/**
 * End to end, the way a person runs it: `make run` executes `node --import tsx src/main.ts dev`,
 * which starts an embedded PostgreSQL, a Temporal dev server, the API and the worker. This test
 * starts that same command as a child process and talks to it over real HTTP.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/dev/free-port.js';
import { isAlive } from '../../src/dev/orphans.js';
import { eventually } from '../support/harness.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
let dataDir: string;
let env: NodeJS.ProcessEnv;
let base: string;

interface Running {
  child: ChildProcess;
  exit: Promise<number | null>;
  output: () => string;
}

async function startDev(): Promise<Running> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'dev'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let exited = false;
  void exit.then(() => (exited = true));
  await eventually(
    async () => {
      if (exited) throw new Error(`dev stack exited during start-up:\n${output}`);
      return output.includes('Order processing is ready') ? true : undefined;
    },
    150_000,
    'the ready banner',
  );
  return { child, exit, output: () => output };
}

async function serverPids(): Promise<number[]> {
  const read = (file: string) =>
    readFile(join(dataDir, file), 'utf8').then(
      (text) => Number(text.split('\n')[0]),
      () => NaN,
    );
  return (await Promise.all([read('postgres/postmaster.pid'), read('temporal/temporal.pid')])).filter(Number.isInteger);
}

/** The watchdog shells (src/dev/orphans.ts) watching these servers: their arguments end with the marker, the signal and the pid. */
async function watchdogsOf(pids: number[]): Promise<number[]> {
  const found: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const args = (await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '')).split('\0');
    const marker = args.indexOf('order-system-watchdog');
    if (marker >= 0 && pids.includes(Number(args[marker + 2]))) found.push(Number(entry));
  }
  return found;
}

async function http(method: string, path: string, body?: unknown) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'order-system-e2e-'));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  env = {
    ...process.env,
    NODE_ENV: 'development',
    PORT: String(port),
    DATA_DIR: dataDir,
    TEMPORAL_DEV_PORT: String(await freePort()),
    TEMPORAL_DEV_UI_PORT: String(await freePort()),
    ORDER_PROCESSING_DELAY: '3s',
    // The parcel's reports still come from the dev command's own carrier, sooner than its 3 s + 5 s defaults.
    LOCAL_CARRIER_TRANSIT_DELAY: '500ms',
    LOCAL_CARRIER_DELIVERY_DELAY: '500ms',
    DATABASE_URL: '',
    TEMPORAL_ADDRESS: '',
  };
});
afterAll(async () => {
  for (const pid of await serverPids()) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  await rm(dataDir, { recursive: true, force: true });
});

describe('the dev stack (make run)', () => {
  it('serves the README walkthrough, and the workflow completes the order', async () => {
    const dev = await startDev();
    try {
      // Stock a product, order two of it, and watch the saga ship it.
      expect([200, 201]).toContain((await http('PUT', '/inventory/SKU-MUG', { on_hand: 10 })).status);
      const created = await http('POST', '/orders', {
        customer_id: 1,
        items: [{ sku: 'SKU-MUG', quantity: 2, unit_price: 12.5 }],
        shipping_address: { name: 'Ada Lovelace', line1: '12 St James Square', city: 'London', postal_code: 'SW1Y 4JH', country: 'GB' },
      });
      expect(created.status).toBe(201);
      const id = created.body.id as number;
      expect(created.headers.get('location')).toBe(`/orders/${id}`);
      expect(created.body).toMatchObject({ status: 'pending', total_amount: 25 });

      const list = await http('GET', '/orders');
      expect(list.status).toBe(200);
      expect(list.body.map((o: { id: number }) => o.id)).toContain(id);
      expect((await http('GET', `/orders/${id}`)).body).toMatchObject({ id, status: 'pending', progress: { stage: 'waiting' } });

      await eventually(
        async () => ((await http('GET', `/orders/${id}`)).body.status === 'completed' ? true : undefined),
        30_000,
        'the saga to complete the order',
      );
      const events = (await http('GET', `/orders/${id}/events`)).body.map((e: { type: string }) => e.type);
      // The dev command runs the local carrier's reporter: the order completes when the parcel is delivered.
      expect(events).toEqual(
        expect.arrayContaining(['inventory.reserved', 'payment.captured', 'shipment.handed_over', 'shipment.delivered', 'order.delivered']),
      );
      expect((await http('GET', '/inventory/SKU-MUG')).body).toMatchObject({ reserved: 0 });

      // The original design's order, with only a total, amended while it waits.
      const legacy = await http('POST', '/orders', { customer_id: 1, total_amount: 100.5 });
      const updated = await http('PUT', `/orders/${legacy.body.id}`, { total_amount: 150.75 });
      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({ status: 'pending', total_amount: 150.75 });
      const completed = await eventually(
        async () => {
          const { body } = await http('GET', `/orders/${legacy.body.id}`);
          return body.status === 'completed' ? body : undefined;
        },
        30_000,
        'the workflow to complete the order',
      );
      expect(completed.total_amount).toBe(150.75);

      // Cancelling a finished order is refused; deleting it is allowed.
      expect((await http('POST', `/orders/${id}/cancel`)).status).toBe(409);
      expect((await http('DELETE', `/orders/${id}`)).status).toBe(204);
      expect((await http('GET', `/orders/${id}`)).status).toBe(404);
    } finally {
      dev.child.kill('SIGTERM');
      expect(await dev.exit).toBe(0);
    }
  });

  it('stops cleanly on SIGTERM, and a restart finds the order and its workflow where they were', async () => {
    let dev = await startDev();
    const { body: order } = await http('POST', '/orders', { customer_id: 2, total_amount: 42 });
    const pids = await serverPids();
    expect(pids).toHaveLength(2);
    dev.child.kill('SIGTERM');
    expect(await dev.exit).toBe(0);
    expect(pids.filter(isAlive)).toEqual([]); // no orphaned PostgreSQL or Temporal

    dev = await startDev();
    try {
      const { body } = await http('GET', `/orders/${order.id}`);
      expect(body.customer_id).toBe(2);
      // The workflow's durable timer survived the restart and completes the order.
      await eventually(
        async () => ((await http('GET', `/orders/${order.id}`)).body.status === 'completed' ? true : undefined),
        30_000,
        'completion after restart',
      );
    } finally {
      dev.child.kill('SIGTERM');
      expect(await dev.exit).toBe(0);
    }
  });

  it('leaves no servers behind when SIGKILLed (their watchdogs stop them); servers orphaned together with their watchdogs are stopped by the next start', async () => {
    let dev = await startDev();
    const servers = await serverPids();
    expect(servers).toHaveLength(2);
    dev.child.kill('SIGKILL');
    await dev.exit;
    await eventually(async () => (servers.filter(isAlive).length === 0 ? true : undefined), 40_000, 'the watchdogs to stop PostgreSQL and Temporal');

    // Killed with its watchdogs too (as `kill -9` of everything but the servers would): only the pid files remain.
    dev = await startDev();
    const orphans = await serverPids();
    for (const pid of await watchdogsOf(orphans)) process.kill(pid, 'SIGKILL');
    dev.child.kill('SIGKILL');
    await dev.exit;
    expect(orphans.filter(isAlive)).toHaveLength(2);

    dev = await startDev();
    try {
      expect(orphans.filter(isAlive)).toEqual([]);
      expect((await http('GET', '/readyz')).status).toBe(200);
    } finally {
      dev.child.kill('SIGTERM');
      expect(await dev.exit).toBe(0);
    }
  }, 300_000);
});
