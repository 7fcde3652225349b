import { defineConfig } from 'vitest/config';

/**
 * Files that start whole stacks of their own (processes, servers, a browser), kill or slow them on
 * purpose, or measure latency under load: one at a time, after the others, so that no two of them
 * compete for this 2-core machine and their timeouts mean what they say.
 */
const ALONE = [
  'test/e2e/**',
  'test/faults/**',
  'test/load/**',
  'test/topology/**',
  'test/console/console.test.ts',
  'test/orders/saga-providers.test.ts',
  'test/webhooks/fairness.test.ts',
  'test/orders/timers.test.ts',
  // A second time-skipping server (JVM) beside test/returns/parcel-deadline.test.ts's starves both of CPU.
  'test/returns/refund-retry-window.test.ts',
];

/**
 * Of those, the ones that mostly wait (on provider latencies, retry backoff, a restart, a TLS
 * handshake's deadline) rather than compute, and assert outcomes rather than latencies: two at a
 * time, before the ones that run alone. Only one of them starts the dev command (its fixed
 * PostgreSQL port would collide with dev-stack-server's and dev-stack-shutdown's).
 */
const PAIRED = [
  'test/e2e/dev-stack.test.ts',
  'test/e2e/split-roles.test.ts',
  'test/faults/api-kill.test.ts',
  'test/faults/graceful-shutdown.test.ts',
  'test/faults/postgres-outage.test.ts',
  'test/faults/temporal-restart.test.ts',
  'test/faults/worker-kill.test.ts',
  'test/orders/saga-providers.test.ts',
  'test/topology/mutual-tls.test.ts',
  'test/topology/search-attributes.test.ts',
];

const asFiles = (globs: string[]) => globs.map((glob) => (glob.endsWith('**') ? `${glob}/*.test.ts` : glob));

const shared = {
  // The Temporal SDK's native runtime wants a process of its own per test file, not a worker thread.
  pool: 'forks' as const,
  testTimeout: 60_000,
  hookTimeout: 180_000,
  // Tests declared concurrent (test/console's browser flows) run at most 3 at once: on 2 cores more
  // only slows each (measured: 3 at once 71 s for the directory, 5 at once 92 s, 2 at once 88 s).
  maxConcurrency: 3,
};

export default defineConfig({
  test: {
    reporters: ['default', ['json', { outputFile: '.data/test-results.json' }]],
    // One PostgreSQL server and one Temporal dev server for the whole run (every project); each test
    // file gets its own database and task queue (test/support/).
    globalSetup: ['test/support/global-setup.ts'],
    projects: [
      // The rest run in-process against the shared servers and mostly wait on them: two files at a
      // time (vitest's default on 2 cores is one; three saved 27 s of 460 and made each file's start dearer).
      { test: { ...shared, name: 'shared-stack', include: ['test/**/*.test.ts'], exclude: ALONE, maxWorkers: 2, sequence: { groupOrder: 0 } } },
      { test: { ...shared, name: 'own-stack-paired', include: PAIRED, maxWorkers: 2, sequence: { groupOrder: 1 } } },
      { test: { ...shared, name: 'own-stack', include: asFiles(ALONE), exclude: PAIRED, maxWorkers: 1, sequence: { groupOrder: 2 } } },
    ],
  },
});
