/**
 * `make bench-two-apis`: would a second API process raise read throughput on this machine (issue 11
 * §3)? GET /orders/{id} at 16 connections against one API process, then 8 + 8 against two processes
 * (what node:cluster or SO_REUSEPORT would give, without their distribution cost), turn about, twice.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { buildOnce } from './lib/build.js';
import { CpuMeter } from './lib/cpu.js';
import { REPO_ROOT } from './lib/processes.js';
import { type RunningApi, startApi } from './lib/services.js';
import { Cleanup, startInfrastructure } from './lib/stack.js';
import { CREATE_ORDER_BODY, settings } from './settings.js';

const cleanup = new Cleanup();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void cleanup.run().finally(() => process.exit(130)));
try {
  const [infra] = await Promise.all([startInfrastructure(cleanup), buildOnce(REPO_ROOT)]);
  const service = { taskQueue: 'bench-two-apis', processingDelay: '5s' };
  const [first, second] = await Promise.all([startApi(infra, cleanup, service, 'first'), startApi(infra, cleanup, service, 'second')]);
  await first.load({ method: 'POST', path: '/orders', body: CREATE_ORDER_BODY, connections: 4, amount: 200 });
  const { rows } = await infra.db.query<{ id: string }>('SELECT id FROM orders');
  const ids = rows.map((row) => Number(row.id));
  const nextPath = () => `/orders/${ids[Math.floor(Math.random() * ids.length)]}`;
  const read = (api: RunningApi, connections: number, seconds: number) => api.load({ nextPath, connections, seconds });
  await sleep(1000);
  await Promise.all([read(first, 8, settings.warmUpSeconds), read(second, 8, settings.warmUpSeconds)]);
  for (let round = 1; round <= 2; round++) {
    let meter = new CpuMeter({ first: first.child.pid, second: second.child.pid, PostgreSQL: infra.postgresPid });
    const one = await read(first, 16, settings.seconds);
    console.log(`round ${round}: one process  ${one.rps.toFixed(0)} req/s, p50 ${one.latencyMs.p50.toFixed(1)} ms`, JSON.stringify(meter.stop()));
    meter = new CpuMeter({ first: first.child.pid, second: second.child.pid, PostgreSQL: infra.postgresPid });
    const two = await Promise.all([read(first, 8, settings.seconds), read(second, 8, settings.seconds)]);
    const rps = two[0].rps + two[1].rps;
    console.log(`round ${round}: two processes ${rps.toFixed(0)} req/s (${(rps / one.rps).toFixed(2)}×)`, JSON.stringify(meter.stop()));
  }
} catch (error) {
  process.exitCode = 1;
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
} finally {
  await cleanup.run();
}
