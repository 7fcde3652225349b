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
    hookTimeout: 180_000,
    reporters: ['default', ['json', { outputFile: '.data/test-results.json' }]],
  },
});
