/**
 * The worker role's probes (the Helm chart's liveness and readiness checks), answered from a real
 * SDK worker's state as it starts, runs and shuts down.
 */
import { Runtime } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startMetricsServer } from '../../src/observability/metrics-server.js';
import { installTemporalRuntime } from '../../src/temporal/runtime.js';
import { workerHealth } from '../../src/temporal/worker-health.js';
import { createLogger } from '../../src/logger.js';
import { startTestApp, type TestApp } from '../support/harness.js';

describe("the worker's /healthz and /readyz", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ worker: false });
    if (!Runtime._instance) installTemporalRuntime(createLogger(t.config));
  });
  afterAll(() => t.close());

  it('follow the worker: alive but not ready until it polls, both while it runs, alive but not ready while it drains, neither once stopped', async () => {
    const { worker, close } = await t.app.createWorker({ workflowBundle: { codePath: inject('workflowBundlePath') } });
    const server = await startMetricsServer({ host: '127.0.0.1', port: 0, render: async () => '', probes: () => workerHealth(worker) });
    const address = server.address() as { port: number };
    const probe = async (path: string) => {
      const response = await fetch(`http://127.0.0.1:${address.port}${path}`);
      return `${response.status} ${((await response.json()) as { worker: string }).worker}`;
    };
    try {
      expect(await probe('/healthz')).toBe('200 INITIALIZED');
      expect(await probe('/readyz')).toBe('503 INITIALIZED');
      const running = worker.run();
      await expect.poll(() => probe('/readyz')).toBe('200 RUNNING');
      expect(await probe('/healthz')).toBe('200 RUNNING');
      expect((await fetch(`http://127.0.0.1:${address.port}/healthz`, { method: 'HEAD' })).status).toBe(200);

      worker.shutdown();
      expect(await probe('/readyz')).toMatch(/^503 (STOPPING|DRAINING|DRAINED|STOPPED)$/);
      await running;
      expect(await probe('/healthz')).toBe('503 STOPPED');
      expect(await probe('/readyz')).toBe('503 STOPPED');
      // Anything else stays as it was: a 404 problem.
      expect((await fetch(`http://127.0.0.1:${address.port}/health`)).status).toBe(404);
    } finally {
      await new Promise((resolve) => server.close(resolve));
      await close();
    }
  });
});
