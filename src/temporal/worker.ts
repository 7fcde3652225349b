import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Resource } from '@opentelemetry/resources';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { makeWorkflowExporter } from '@temporalio/interceptors-opentelemetry/lib/worker/index.js';
import { type ActivityInterceptorsFactory, NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { TemporalConnectionSecurity } from './connection.js';

/** Modules next to this file: `.ts` under tsx, `.js` once compiled. */
const sibling = (name: string) => fileURLToPath(new URL(`./${name}${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url));
/** The workflow bundle entry. */
export const WORKFLOWS_PATH = sibling('workflows');
/** Bundled with the workflows when tracing is on: tracing inside the workflow sandbox. */
export const WORKFLOW_INTERCEPTOR_MODULES = [sibling('workflow-interceptors')];
/**
 * The bundles `make build` writes beside main.js (src/temporal/workflow-bundle.ts), so that a worker of
 * the compiled code skips webpack at start. Never older than the code: the build empties dist/ first.
 * Two of them because the tracing interceptors cost every cached workflow their objects and a span
 * per activation even when no span leaves the process: a worker without tracing loads the bundle
 * without them (bench/results/memory.json: the review backlog's RSS).
 */
export const PREBUILT_WORKFLOW_BUNDLES = {
  untraced: fileURLToPath(new URL('../workflow-bundle.js', import.meta.url)),
  traced: fileURLToPath(new URL('../workflow-bundle-traced.js', import.meta.url)),
} as const;

/** The prebuilt bundle when this is the compiled code and the build wrote one; under tsx the workflows are bundled at start. */
export function prebuiltWorkflowBundle(traced: boolean): { codePath: string } | undefined {
  const codePath = PREBUILT_WORKFLOW_BUNDLES[traced ? 'traced' : 'untraced'];
  return import.meta.url.endsWith('.js') && existsSync(codePath) ? { codePath } : undefined;
}

/**
 * On shutdown, running activities get this long to finish before they are cancelled: under the 10 s a
 * container runtime waits after SIGTERM (the Helm chart's terminationGracePeriodSeconds is checked against it).
 */
export const WORKER_SHUTDOWN_GRACE = '8s';

/** The longest a heartbeat waits to be sent (withHeartbeat beats every 2 s while a provider call runs). */
const HEARTBEAT_THROTTLE = '1s';

export interface OrderWorkerOptions {
  address: string;
  /** TLS, client certificate, API key, headers (src/temporal/connection.ts): the same as the client's. */
  security?: TemporalConnectionSecurity;
  namespace: string;
  taskQueue: string;
  activities: object;
  activityInterceptors?: ActivityInterceptorsFactory[];
  /** Where workflow spans go (they leave the sandbox through a sink); `enabled` picks the traced bundle. */
  tracing?: { enabled: boolean; spanProcessor: SpanProcessor; resource: Resource };
  /** A pre-built bundle (tests build it once per run, with WORKFLOW_INTERCEPTOR_MODULES); by default dist/workflow-bundle(-traced).js when the build wrote one, else the workflows are bundled at start. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** Payload encryption, when configured: codecs only, so the workflow bundle is the same with or without it. */
  dataConverter?: WorkerOptions['dataConverter'];
  /**
   * The sticky cache's size. The SDK's default follows the heap limit (thousands on a large heap),
   * and each cached workflow holds its own sandbox: a worker with many orders waiting in review
   * would grow by megabytes per order. A bounded cache costs a replay of the history on the next
   * task of an evicted workflow instead.
   */
  maxCachedWorkflows?: number;
}

export async function createOrderWorker(options: OrderWorkerOptions): Promise<{ worker: Worker; connection: NativeConnection }> {
  const { tls, apiKey, metadata } = options.security ?? {};
  const connection = await NativeConnection.connect({ address: options.address, tls, apiKey, metadata });
  const traced = options.tracing?.enabled ?? false;
  const workflowBundle = options.workflowBundle ?? prebuiltWorkflowBundle(traced);
  try {
    const worker = await Worker.create({
      connection,
      namespace: options.namespace,
      taskQueue: options.taskQueue,
      activities: options.activities,
      shutdownGraceTime: WORKER_SHUTDOWN_GRACE,
      // A cancel reaches an activity only in the answer to a heartbeat; the SDK's default sends them
      // at most every 8 s (80 % of the heartbeat timeout). Version 6's authorize-and-book step checks
      // for a cancel between its calls, so a slow provider call that heartbeats learns of it in time.
      maxHeartbeatThrottleInterval: HEARTBEAT_THROTTLE,
      ...(options.maxCachedWorkflows !== undefined ? { maxCachedWorkflows: options.maxCachedWorkflows } : {}),
      dataConverter: options.dataConverter,
      interceptors: {
        activity: options.activityInterceptors ?? [],
        ...(workflowBundle || !traced ? {} : { workflowModules: WORKFLOW_INTERCEPTOR_MODULES }),
      },
      ...(options.tracing ? { sinks: { exporter: makeWorkflowExporter(options.tracing.spanProcessor, options.tracing.resource) } } : {}),
      ...(workflowBundle ? { workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
    });
    return { worker, connection };
  } catch (error) {
    await connection.close();
    throw error;
  }
}
