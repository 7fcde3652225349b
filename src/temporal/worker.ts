import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';

/** The workflow bundle entry, next to this file: workflows.ts under tsx, workflows.js once compiled. */
export const WORKFLOWS_PATH = fileURLToPath(new URL(`./workflows${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url));

export interface OrderWorkerOptions {
  address: string;
  namespace: string;
  taskQueue: string;
  activities: object;
  /** A pre-built bundle (tests build it once per run); by default the workflows are bundled at start. */
  workflowBundle?: WorkerOptions['workflowBundle'];
}

export async function createOrderWorker(options: OrderWorkerOptions): Promise<{ worker: Worker; connection: NativeConnection }> {
  const connection = await NativeConnection.connect({ address: options.address });
  try {
    const worker = await Worker.create({
      connection,
      namespace: options.namespace,
      taskQueue: options.taskQueue,
      activities: options.activities,
      ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
    });
    return { worker, connection };
  } catch (error) {
    await connection.close();
    throw error;
  }
}
