/**
 * `make bench-memory`: the memory phase of `make bench` alone (bench/scenarios/memory.ts): the API
 * and the worker compiled and under tsx, idle and at their peak, then the worker with
 * BENCH_REVIEW_ORDERS orders waiting in review at its default sticky cache, and its shutdown time;
 * the same backlog at a cache of 250 and with tracing on, to show what each of them costs.
 * Writes bench/results/memory.json when every step finished.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { buildOnce } from './lib/build.js';
import { REPO_ROOT } from './lib/processes.js';
import { Cleanup, type Infrastructure, startInfrastructure } from './lib/stack.js';
import { describeEnvironment } from './lib/versions.js';
import { measureReviewBacklog, measureRuntime } from './scenarios/memory.js';
import { settings } from './settings.js';

async function measureAll(infra: Infrastructure, startedAt: string, loadAverageAtStart: number[]): Promise<void> {
  const runtimes = [];
  for (const runtime of ['dist', 'tsx'] as const) {
    const row = await measureRuntime(infra, cleanup, runtime, settings.memoryOrders);
    console.log(JSON.stringify(row));
    runtimes.push(row);
  }
  // The default, then each of the two things that set the worker's memory on its own: the sticky
  // cache at the previous default (250), and tracing on (the traced workflow bundle).
  const review = await measureReviewBacklog(infra, cleanup, settings.reviewOrders);
  console.log(JSON.stringify(review));
  const reviewVariants = [];
  for (const variant of [{ maxCachedWorkflows: 250 }, { tracing: true }]) {
    const row = await measureReviewBacklog(infra, cleanup, settings.reviewOrders, variant);
    console.log(JSON.stringify(row));
    reviewVariants.push(row);
  }
  const results = {
    startedAt,
    command: 'make bench-memory',
    environment: describeEnvironment(infra),
    loadAverageAtStart,
    loadAverageAtEnd: loadavg(),
    runtimes,
    review,
    reviewVariants,
  };
  await writeFile(join(REPO_ROOT, 'bench', 'results', 'memory.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log('bench/results/memory.json written');
}

const cleanup = new Cleanup();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void cleanup.run().finally(() => process.exit(130)));
try {
  const startedAt = new Date().toISOString();
  const loadAverageAtStart = loadavg();
  const [infra] = await Promise.all([startInfrastructure(cleanup), buildOnce(REPO_ROOT)]);
  // BENCH_REVIEW_CACHE=<n>: only the review backlog, at that cache size, printed (how RSS follows the cache).
  const cache = process.env.BENCH_REVIEW_CACHE ? Number(process.env.BENCH_REVIEW_CACHE) : undefined;
  if (cache !== undefined) console.log(JSON.stringify(await measureReviewBacklog(infra, cleanup, settings.reviewOrders, { maxCachedWorkflows: cache })));
  else await measureAll(infra, startedAt, loadAverageAtStart);
} catch (error) {
  process.exitCode = 1;
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
} finally {
  await cleanup.run();
}
