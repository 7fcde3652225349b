/**
 * `make bench-compare`: only the before/after comparison of `make bench` (bench/scenarios/before-after.ts),
 * printed; a quicker way to see what a change did.
 */
import { buildOnce } from './lib/build.js';
import { REPO_ROOT } from './lib/processes.js';
import { Cleanup, startInfrastructure } from './lib/stack.js';
import { measureBeforeAfter } from './scenarios/before-after.js';
import { execFileSync } from 'node:child_process';

const cleanup = new Cleanup();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void cleanup.run().finally(() => process.exit(130)));
try {
  const [infra] = await Promise.all([startInfrastructure(cleanup), buildOnce(REPO_ROOT)]);
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
  console.log(JSON.stringify(await measureBeforeAfter(infra, cleanup, commit), null, 2));
} finally {
  await cleanup.run();
}
