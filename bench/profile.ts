/**
 * `make bench-profile`: the profile phase of `make bench` alone (bench/scenarios/profile.ts): the API
 * under POST /orders and under GET /orders/{id} with `node --cpu-prof`, its CPU per request and where
 * the time went. With
 * BENCH_PROFILE_BEFORE=<git ref> that commit's API is profiled too, in the same run (its own
 * worktree, npm ci and dist/), before this checkout's. BENCH_CPU_PROFILE=<dir> keeps the raw profiles.
 */
import { checkoutBaseline } from './lib/baseline.js';
import { buildOnce } from './lib/build.js';
import { REPO_ROOT } from './lib/processes.js';
import { Cleanup, startInfrastructure } from './lib/stack.js';
import { PROFILED_CREATE, profiledRead, profileRequest } from './scenarios/profile.js';

const cleanup = new Cleanup();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void cleanup.run().finally(() => process.exit(130)));
try {
  const before = process.env.BENCH_PROFILE_BEFORE?.trim();
  const [infra, baseline] = await Promise.all([
    startInfrastructure(cleanup),
    before ? checkoutBaseline(cleanup, before) : Promise.resolve(undefined),
    buildOnce(REPO_ROOT),
  ]);
  for (const [label, root] of [...(baseline ? [[`before (${baseline.commit})`, baseline.root]] : []), ['this checkout', undefined]] as const) {
    // The reads go to the orders the profiled creates just made.
    for (const request of [async () => PROFILED_CREATE, () => profiledRead(infra)]) {
      const summary = await profileRequest(infra, cleanup, await request(), root);
      console.log(
        `\n${label}, ${summary.scenario}: ${summary.run.rps.toFixed(0)} req/s, ${(summary.cpuMsPerRequest * 1000).toFixed(0)} µs API CPU per request`,
      );
      console.log(
        JSON.stringify({ topFunctions: summary.topFunctions, packagesSelf: summary.packagesSelf, packagesInclusive: summary.packagesInclusive }, null, 1),
      );
    }
  }
} catch (error) {
  process.exitCode = 1;
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
} finally {
  await cleanup.run();
}
