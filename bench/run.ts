/**
 * `make bench`: starts a throwaway PostgreSQL and Temporal dev server, measures the ceilings of the
 * parts, the API's endpoints, list latency against table size, the whole pipeline end to end and
 * the processes' memory, profiles POST /orders once, writes bench/results/latest.{json,md,svg},
 * and stops everything it started, also on error and on Ctrl-C. Everything listens on 127.0.0.1.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildOnce } from './lib/build.js';
import { syncsPerSecond } from './lib/disk.js';
import { PeakRss, rssMiB } from './lib/memory.js';
import { REPO_ROOT } from './lib/processes.js';
import { startApi, startWorker } from './lib/services.js';
import { Cleanup, startInfrastructure } from './lib/stack.js';
import { describeEnvironment } from './lib/versions.js';
import { renderChart } from './report/chart.js';
import { renderMarkdown } from './report/markdown.js';
import { type BenchResults, type MemoryRow } from './report/results.js';
import { measureBeforeAfter } from './scenarios/before-after.js';
import { measureCeilings } from './scenarios/ceilings.js';
import { measureEndToEnd } from './scenarios/end-to-end.js';
import { measureEndpoints } from './scenarios/endpoints.js';
import { measureListScaling } from './scenarios/list-scaling.js';
import { measureReviewBacklog, measureRuntime } from './scenarios/memory.js';
import { PROFILED_CREATE, profiledRead, profileRequest } from './scenarios/profile.js';
import { settings } from './settings.js';

const RESULTS = join(REPO_ROOT, 'bench', 'results');
/** Time for a freshly started process to finish its start-up allocations before "idle" is read. */
const SETTLE_MS = 2000;

async function main(cleanup: Cleanup): Promise<void> {
  const began = Date.now();
  const startedAt = new Date().toISOString();
  const busy = loadavg()[0]!;
  if (busy > 0.5)
    console.warn(`Load average ${busy.toFixed(2)}: something else is running on this ${cpus().length}-core machine, and every number below will show it.`);
  const log = (title: string) => console.log(`\n[${((Date.now() - began) / 1000).toFixed(0).padStart(4)} s] ${title}`);

  log('Starting a throwaway PostgreSQL and a Temporal dev server');
  // The processes under test run dist/ (bench/lib/build.ts), built once, here, from this checkout.
  const [infra] = await Promise.all([startInfrastructure(cleanup), buildOnce(REPO_ROOT)]);
  const diskSyncs = [syncsPerSecond(infra.scratch)];
  const step = (title: string) => {
    log(title);
    diskSyncs.push(syncsPerSecond(infra.scratch));
  };
  const environment = describeEnvironment(infra);
  console.log(`  code: commit ${environment.commit}`);
  console.log(`  ${environment.cores} cores (${environment.cpu}), ${environment.memoryGiB} GiB`);
  console.log(
    `  ${Object.entries(environment.versions)
      .map(([name, version]) => `${name} ${version}`)
      .join(', ')}`,
  );

  step('1/7 Ceilings: pg INSERT and SELECT, Temporal workflow.start on a rollback-journal dev server (diagnostic), bare Fastify route');
  const ceilings = await measureCeilings(infra, cleanup);

  step('2/7 API endpoints (API process alone; no worker polls its task queue), POST turn about with its Temporal ceiling');
  const api = await startApi(infra, cleanup, { taskQueue: 'bench-api', processingDelay: '5s' }, 'endpoints');
  await sleep(SETTLE_MS);
  const apiIdle = rssMiB(api.child.pid);
  const apiPeak = new PeakRss([api.child.pid]);
  const { temporalStart, ...endpoints } = await measureEndpoints(infra, api);
  const apiLoaded = apiPeak.stop().get(api.child.pid)!;

  step(`3/7 List latency with ${settings.listSizes.map((size) => size.toLocaleString('en')).join(' / ')} orders`);
  const listScaling = await measureListScaling(infra, api);
  await api.child.stop();

  step(`4/7 End to end: ${settings.endToEndOrders} orders, ORDER_PROCESSING_DELAY=0ms, API and worker processes`);
  const pipeline = { taskQueue: 'bench-e2e', processingDelay: '0ms' };
  const [e2eApi, worker] = await Promise.all([startApi(infra, cleanup, pipeline, 'e2e'), startWorker(infra, cleanup, pipeline, 'e2e')]);
  await sleep(SETTLE_MS);
  const [e2eApiIdle, workerIdle] = [rssMiB(e2eApi.child.pid), rssMiB(worker.pid)];
  const pipelinePeak = new PeakRss([e2eApi.child.pid, worker.pid]);
  const endToEnd = await measureEndToEnd(infra, e2eApi, worker);
  const peaks = pipelinePeak.stop();
  await Promise.all([e2eApi.child.stop(), worker.stop()]);

  step(`5/7 Memory: API and worker compiled and under tsx; the worker with ${settings.reviewOrders} orders waiting in review, and its shutdown`);
  const runtimes = [await measureRuntime(infra, cleanup, 'dist', settings.memoryOrders), await measureRuntime(infra, cleanup, 'tsx', settings.memoryOrders)];
  const review = await measureReviewBacklog(infra, cleanup, settings.reviewOrders);

  step('6/7 CPU profiles of the API under POST /orders and under GET /orders/{id}');
  const profile = await profileRequest(infra, cleanup, PROFILED_CREATE);
  const readProfile = await profileRequest(infra, cleanup, await profiledRead(infra));
  for (const summary of [profile, readProfile]) {
    console.log(`  ${summary.scenario}: ${summary.run.rps.toFixed(0)} req/s under the profiler; top self time:`);
    for (const entry of summary.topFunctions.slice(0, 8)) console.log(`    ${entry.selfPercent.toFixed(1).padStart(5)} %  ${entry.frame}`);
  }

  step('7/7 Before and after: the baseline checkout and this one, the same saga and requests');
  const beforeAfter = await measureBeforeAfter(infra, cleanup, environment.commit);

  const memory: MemoryRow[] = [
    { process: 'API', idleMiB: apiIdle, loadMiB: apiLoaded, load: 'peak during the endpoint runs (up to 256 connections)' },
    { process: 'API (end to end)', idleMiB: e2eApiIdle, loadMiB: peaks.get(e2eApi.child.pid)!, load: `peak while creating ${settings.endToEndOrders} orders` },
    { process: 'worker', idleMiB: workerIdle, loadMiB: peaks.get(worker.pid)!, load: `peak while completing ${settings.endToEndOrders} orders` },
    ...runtimes.flatMap((row) => [
      {
        process: `API, ${row.runtime}`,
        idleMiB: row.apiIdleMiB,
        loadMiB: row.apiPeakMiB,
        load: `peak while ${row.orders} orders are created (ready in ${row.apiStartMs} ms)`,
      },
      {
        process: `worker, ${row.runtime}`,
        idleMiB: row.workerIdleMiB,
        loadMiB: row.workerPeakMiB,
        load: `peak while they complete (ready in ${row.workerStartMs} ms)`,
      },
    ]),
    {
      process: 'worker, orders in review',
      idleMiB: review.workerIdleMiB,
      loadMiB: review.workerWithBacklogMiB,
      load: `${review.awaitingReview} orders waiting in review, sticky cache ${review.maxCachedWorkflows}: ${review.miBPerCachedWorkflow} MiB per cached workflow, main-thread heap ${review.mainHeapUsedMiB} MiB; SIGTERM → exit in ${review.shutdownMs} ms`,
    },
  ];
  const results: BenchResults = {
    startedAt,
    wallSeconds: (Date.now() - began) / 1000,
    environment: { ...environment, diskSyncsPerSecond: diskSyncs },
    settings,
    ceilings: { ...ceilings, temporalStart },
    endpoints,
    listScaling,
    endToEnd,
    memory,
    reviewBacklog: review,
    profile,
    readProfile,
    beforeAfter,
  };
  await mkdir(RESULTS, { recursive: true });
  await writeFile(join(RESULTS, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(join(RESULTS, 'latest.md'), renderMarkdown(results));
  await writeFile(join(RESULTS, 'latest.svg'), renderChart(results));
  log(`Done: bench/results/latest.json, latest.md, latest.svg (${Math.round(results.wallSeconds)} s, cleanup follows)`);
}

const cleanup = new Cleanup();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping everything the benchmark started`);
    void cleanup.run().finally(() => process.exit(130));
  });
}
try {
  await main(cleanup);
} catch (error) {
  process.exitCode = 1;
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
} finally {
  await cleanup.run();
}
