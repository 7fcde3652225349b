import type { State, Worker } from '@temporalio/worker';

export interface WorkerHealth {
  /** Liveness: restarting the process would help only once the worker has failed or stopped on its own. */
  live: boolean;
  /** Readiness: polling its task queue. */
  ready: boolean;
  state: State;
}

/**
 * The worker role's probes, from the SDK worker's own state. Neither looks at Temporal or PostgreSQL:
 * while they are down the worker keeps retrying, and a restart would only lose its cache. A worker
 * that shuts down gracefully (STOPPING, DRAINING) is alive but no longer ready.
 */
export function workerHealth(worker: Pick<Worker, 'getState'>): WorkerHealth {
  const state = worker.getState();
  return { live: state !== 'FAILED' && state !== 'STOPPED', ready: state === 'RUNNING', state };
}
