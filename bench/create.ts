/**
 * `make bench-create`: POST /orders against its workflow.start ceiling alone, the slice of
 * `make bench` that the create path answers to (phase 2's create rows), without the rest. With
 * BENCH_CREATE_BEFORE=<another checkout>, that checkout's API runs turn about with this one
 * against the same PostgreSQL and dev server: a before/after comparison in one run.
 *
 *   BENCH_LEVELS=16,64 BENCH_CREATE_BEFORE=/tmp/main-checkout make bench-create
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { buildOnce } from './lib/build.js';
import { REPO_ROOT } from './lib/processes.js';
import { formatRun, interleaved, type Measure, withCpu } from './lib/series.js';
import { type RunningApi, startApi } from './lib/services.js';
import { Cleanup, type Infrastructure, startInfrastructure } from './lib/stack.js';
import { temporalStartLoop } from './lib/temporal-start.js';
import type { RunResult } from './lib/stats.js';
import { CREATE_ORDER_BODY, settings } from './settings.js';

const SETTLE_MS = 2000;

function createLoad(infra: Infrastructure, api: RunningApi): Measure {
  const pids = { API: api.child.pid, Temporal: infra.temporalPid, PostgreSQL: infra.postgresPid };
  return withCpu(pids, (connections, seconds) => api.load({ method: 'POST', path: '/orders', body: CREATE_ORDER_BODY, connections, seconds }));
}

function cores(result: RunResult): string {
  return Object.entries(result.cpu ?? {})
    .map(([name, value]) => `${name} ${value.toFixed(2)}`)
    .join(', ');
}

async function main(cleanup: Cleanup): Promise<void> {
  const [infra] = await Promise.all([startInfrastructure(cleanup), buildOnce(REPO_ROOT)]);
  const before = process.env.BENCH_CREATE_BEFORE?.trim();
  const current = await startApi(infra, cleanup, { taskQueue: 'bench-create', processingDelay: '5s' }, 'create');
  const previous = before
    ? await startApi(infra, cleanup, { taskQueue: 'bench-create-before', processingDelay: '5s', root: before }, 'create-before')
    : undefined;
  await sleep(SETTLE_MS);

  const plain = await temporalStartLoop(infra.temporalAddress);
  const withAttributes = await temporalStartLoop(infra.temporalAddress, { searchAttributes: true });
  try {
    const results = await interleaved({
      'Temporal workflow.start': plain.measure,
      'start + search attributes': withAttributes.measure,
      ...(previous ? { 'POST /orders (before)': createLoad(infra, previous) } : {}),
      'POST /orders': createLoad(infra, current),
      // The dev server drifts within a run: the earlier version again, after, brackets the new one.
      ...(previous ? { 'POST /orders (before, again)': createLoad(infra, previous) } : {}),
    });
    console.log('\nShare of the workflow.start ceiling, level by level:');
    settings.concurrency.forEach((level, index) => {
      const ceiling = results['Temporal workflow.start']![index]!.rps;
      for (const [name, runs] of Object.entries(results)) {
        const run = runs[index]!;
        console.log(`  c=${String(level).padEnd(4)} ${name.padEnd(26)} ${(run.rps / ceiling).toFixed(2)}×  ${formatRun(run)}  ${cores(run)}`);
      }
    });
  } finally {
    await Promise.allSettled([plain.close(), withAttributes.close()]);
  }
}

const cleanup = new Cleanup();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void cleanup.run().finally(() => process.exit(130)));
}
try {
  await main(cleanup);
} catch (error) {
  process.exitCode = 1;
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
} finally {
  await cleanup.run();
}
