/**
 * `node dist/temporal/workflow-bundle.js` (a step of `make build` and of the image's build stage):
 * bundles the workflows once into dist/workflow-bundle.js, instead of every worker running webpack
 * at start, which costs it seconds of start-up and leaves it holding the memory webpack used.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';
import { PREBUILT_WORKFLOW_BUNDLE, WORKFLOW_INTERCEPTOR_MODULES, WORKFLOWS_PATH } from './worker.js';

export async function writeWorkflowBundle(path = PREBUILT_WORKFLOW_BUNDLE): Promise<void> {
  const quiet = () => undefined;
  const { code } = await bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES,
    logger: { log: quiet, trace: quiet, debug: quiet, info: quiet, warn: console.warn, error: console.error },
  });
  await writeFile(path, code);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await writeWorkflowBundle();
