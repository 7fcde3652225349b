/**
 * `make bench-temporal`: the end-to-end scenario (bench/scenarios/end-to-end.ts) on both Temporal
 * servers in one run: the CLI's dev server (SQLite, what `make run` and the tests use) and the
 * Temporal server on PostgreSQL (`make run TEMPORAL=server`, the production topology), on the same
 * throwaway PostgreSQL, each with an API and a worker process of its own. Rounds go dev, server,
 * server, dev, so that drift on a shared machine weighs on both alike. Prints the rates and their
 * ratio; asserts nothing. BENCH_E2E_ORDERS sets the orders per round (default here 200).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { startTemporalServer } from '../src/dev/temporal-server.js';
import { resolveTemporalServer, TEMPORAL_SERVER_MISSING } from '../src/dev/temporal-server-build.js';
import { startApi, startWorker } from './lib/services.js';
import { Cleanup, type Infrastructure, startInfrastructure } from './lib/stack.js';
import { type EndToEnd, measureEndToEnd } from './scenarios/end-to-end.js';
import { settings } from './settings.js';

if (!process.env.BENCH_E2E_ORDERS) settings.endToEndOrders = 200;

async function main(cleanup: Cleanup): Promise<void> {
  const binaries = await resolveTemporalServer({ build: false });
  if (!binaries) throw new Error(TEMPORAL_SERVER_MISSING);
  const dev = await startInfrastructure(cleanup);
  const url = new URL(dev.databaseUrl);
  const server = await startTemporalServer({
    binaries,
    dataDir: join(dev.scratch, 'temporal-server'),
    postgres: {
      host: url.hostname,
      port: Number(url.port),
      user: url.username,
      password: url.password,
      database: 'temporal',
      visibilityDatabase: 'temporal_visibility',
    },
    namespace: 'default',
    port: 7233,
    log: (line) => console.log(`  ${line}`),
  });
  cleanup.add('Temporal server', () => server.stop());
  const real: Infrastructure = { ...dev, temporalAddress: server.address, temporalPid: server.pid };

  const results: { kind: 'dev server' | 'server on PostgreSQL'; run: EndToEnd }[] = [];
  const rounds = [
    ['dev server', dev],
    ['server on PostgreSQL', real],
    ['server on PostgreSQL', real],
    ['dev server', dev],
  ] as const;
  for (const [index, [kind, infra]] of rounds.entries()) {
    console.log(`\nround ${index + 1}/${rounds.length}: ${settings.endToEndOrders} orders on the ${kind} (${infra.temporalAddress})`);
    const services = { taskQueue: `bench-servers-${index}`, processingDelay: '0ms' };
    const [api, worker] = await Promise.all([startApi(infra, cleanup, services, `round-${index}`), startWorker(infra, cleanup, services, `round-${index}`)]);
    await sleep(2000);
    const run = await measureEndToEnd(infra, api, worker);
    console.log(`  ${run.completed} completed at ${run.completedPerSecond.toFixed(1)}/s, create → completed p50 ${run.createToCompletedMs.p50.toFixed(0)} ms`);
    results.push({ kind, run });
    await Promise.all([api.child.stop(), worker.stop()]);
  }

  const rate = (kind: string) => {
    const runs = results.filter((r) => r.kind === kind).map((r) => r.run);
    return runs.reduce((sum, r) => sum + r.completed, 0) / runs.reduce((sum, r) => sum + r.spanSeconds, 0);
  };
  const devRate = rate('dev server');
  const serverRate = rate('server on PostgreSQL');
  console.log(`\nend to end, ${settings.endToEndOrders} orders per round, 2 rounds each:`);
  console.log(`  dev server (SQLite)          ${devRate.toFixed(1)} orders/s`);
  console.log(`  Temporal server (PostgreSQL) ${serverRate.toFixed(1)} orders/s`);
  console.log(`  server / dev server          ${(serverRate / devRate).toFixed(2)}`);
}

const cleanup = new Cleanup();
process.once('SIGINT', () => void cleanup.run().then(() => process.exit(130)));
main(cleanup)
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => cleanup.run());
