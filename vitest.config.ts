import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One PostgreSQL server and one Temporal dev server for the whole run; each test file gets its
    // own database and task queue (test/support/).
    globalSetup: ['test/support/global-setup.ts'],
    // The Temporal SDK's native runtime wants a process of its own per test file, not a worker thread.
    pool: 'forks',
    testTimeout: 60_000,
    // Tests declared concurrent (test/console's browser flows) run at most 3 at once: on 2 cores more
    // only slows each (measured: 3 at once 71 s for the directory, 5 at once 92 s, 2 at once 88 s).
    maxConcurrency: 3,
    hookTimeout: 180_000,
    reporters: ['default', ['json', { outputFile: '.data/test-results.json' }]],
  },
});
