/**
 * The composition root: configuration → PostgreSQL pool and Temporal client → repositories →
 * services → HTTP handlers and activities. Only the entry points (main.ts) and the test harness
 * import this file; everything else receives what it needs as arguments.
 */
import type { Worker, WorkerOptions } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.js';
import { createPool } from './db/pool.js';
import { createHealthHandlers } from './http/health.js';
import { buildHttpServer } from './http/server.js';
import type { Logger } from './logger.js';
import { createOrderActivities } from './orders/activities.js';
import { createOrderHandlers } from './orders/http.js';
import { OrderRepository } from './orders/repository.js';
import { OrderService } from './orders/service.js';
import { OrderWorkflowClient } from './orders/workflow-client.js';
import { createTemporalClient } from './temporal/client.js';
import { createOrderWorker } from './temporal/worker.js';

/** Where the dependencies actually are, once dev mode has started any embedded ones. */
export interface Endpoints {
  databaseUrl: string;
  temporalAddress: string;
}

export type App = ReturnType<typeof createApp>;

export function createApp(config: Config, endpoints: Endpoints, logger: Logger) {
  const pool = createPool(endpoints.databaseUrl, config.databasePoolSize);
  const temporal = createTemporalClient({ address: endpoints.temporalAddress, namespace: config.temporal.namespace });

  const orders = new OrderRepository(pool);
  const orderWorkflows = new OrderWorkflowClient(temporal, { taskQueue: config.temporal.taskQueue, rpcTimeoutMs: config.temporal.rpcTimeoutMs });
  const orderService = new OrderService({ pool, orders, workflows: orderWorkflows, processingDelayMs: config.orders.processingDelayMs, logger });

  const activities = { ...createOrderActivities({ orders }) };

  return {
    pool,
    temporal,
    orderService,
    activities,

    buildHttpServer(): Promise<FastifyInstance> {
      return buildHttpServer({
        logger,
        bodyLimitBytes: config.http.bodyLimitBytes,
        requestTimeoutMs: config.http.requestTimeoutMs,
        handlers: {
          ...createOrderHandlers(orderService),
          ...createHealthHandlers({
            postgres: async () => (await pool.query('SELECT 1'), true),
            temporal: () => orderWorkflows.isReachable(),
          }),
        },
      });
    },

    /** A worker polling the order task queue, with this app's activities. */
    async createWorker(options: { workflowBundle?: WorkerOptions['workflowBundle'] } = {}): Promise<{ worker: Worker; close(): Promise<void> }> {
      const { worker, connection } = await createOrderWorker({
        address: endpoints.temporalAddress,
        namespace: config.temporal.namespace,
        taskQueue: config.temporal.taskQueue,
        activities,
        ...options,
      });
      return { worker, close: () => connection.close() };
    },

    async close(): Promise<void> {
      await Promise.allSettled([pool.end(), temporal.connection.close()]);
    },
  };
}
