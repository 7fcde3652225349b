/**
 * `node dist/temporal/workflow-bundle.js` (a step of `make build` and of the image's build stage):
 * bundles the workflows once into dist/workflow-bundle.js (and -traced.js), instead of every worker running webpack
 * at start, which costs it seconds of start-up and leaves it holding the memory webpack used.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';
import { PREBUILT_WORKFLOW_BUNDLES, WORKFLOW_INTERCEPTOR_MODULES, WORKFLOWS_PATH } from './worker.js';

const quiet = () => undefined;
const logger = { log: quiet, trace: quiet, debug: quiet, info: quiet, warn: console.warn, error: console.error };

/** Both bundles, with and without the tracing interceptors (src/temporal/worker.ts says why two). */
export async function writeWorkflowBundles(paths = PREBUILT_WORKFLOW_BUNDLES): Promise<void> {
  // One after the other: two webpack runs side by side double the build's peak memory for no gain on 2 cores.
  const untraced = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger });
  await writeFile(paths.untraced, untraced.code);
  const traced = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES, logger });
  await writeFile(paths.traced, traced.code);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await writeWorkflowBundles();
