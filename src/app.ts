/**
 * The composition root: configuration → PostgreSQL pool and Temporal client → repositories →
 * services → HTTP handlers and activities. Only the entry points (main.ts) and the test harness
 * import this file; everything else receives what it needs as arguments.
 */
import type { Worker, WorkerOptions } from '@temporalio/worker';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createTokenService } from './auth/tokens.js';
import type { Config } from './config.js';
import { registerConsole } from './console/plugin.js';
import { createPool } from './db/pool.js';
import { createHealthHandlers } from './http/health.js';
import { buildHttpServer } from './http/server.js';
import { IdempotencyStore } from './idempotency/store.js';
import type { Logger } from './logger.js';
import { type Metrics, orderMetrics, renderMetrics, returnMetrics } from './observability/metrics.js';
import { mayReadMetrics } from './observability/metrics-access.js';
import type { Tracing } from './observability/tracing.js';
import { createInventoryHandlers } from './inventory/http.js';
import { InventoryRepository } from './inventory/repository.js';
import { InventoryService } from './inventory/service.js';
import { createOrderSagaActivities } from './orders/steps/index.js';
import { createOrderEditHandlers } from './orders/edit-http.js';
import { OrderEditService } from './orders/edit-service.js';
import { createOrderHandlers } from './orders/http.js';
import { createLocalPaymentProvider } from './payments/local-provider.js';
import { createLocalCarrier, LOCAL_CARRIER_NAME } from './shipping/local-carrier.js';
import { LocalCarrierReporter } from './shipping/local-carrier-reporter.js';
import { createCarrierHandlers } from './shipping/http.js';
import { ShipmentTracking, type TrackedReturnParcelUpdate, type TrackedShipmentUpdate } from './shipping/tracking.js';
import { generateWebhookSecret } from './webhooks/signing.js';
import { createLocalReturnLabels } from './shipping/return-labels.js';
import { createReturnActivities } from './returns/activities.js';
import { createReturnHandlers } from './returns/http.js';
import { ReturnRepository } from './returns/repository.js';
import { ReturnService } from './returns/service.js';
import { ReturnWorkflowClient } from './returns/workflow-client.js';
import { OrderRepository } from './orders/repository.js';
import { ParcelReports } from './orders/parcel-reports.js';
import { OrderService } from './orders/service.js';
import { OrderWorkflowClient } from './orders/workflow-client.js';
import { createTemporalClient } from './temporal/client.js';
import { EncryptionCodec } from './temporal/payload-encryption.js';
import { Unauthenticated } from './shared/errors.js';
import { WebhookDispatcher } from './webhooks/dispatcher.js';
import { createWebhookHandlers } from './webhooks/http.js';
import { WebhookRepository } from './webhooks/repository.js';
import { WebhookService } from './webhooks/service.js';

/** Where the dependencies actually are, once dev mode has started any embedded ones. */
export interface Endpoints {
  databaseUrl: string;
  temporalAddress: string;
}

export interface Observability {
  logger: Logger;
  metrics: Metrics;
  tracing: Tracing;
  /** The Temporal SDK runtime's Prometheus endpoint, when this process runs a worker. */
  sdkMetricsUrl?: string;
}

export type App = ReturnType<typeof createApp>;

export function createApp(config: Config, endpoints: Endpoints, observability: Observability) {
  const { logger, metrics, tracing } = observability;
  const pool = createPool(endpoints.databaseUrl, config.databasePoolSize, { preparedStatements: config.databasePreparedStatements });
  // One codec for the client and the worker: payloads are sealed before they reach Temporal.
  const codec = config.temporal.payloadEncryption && new EncryptionCodec(config.temporal.payloadEncryption);
  const dataConverter = codec && { payloadCodecs: [codec] };
  const temporal = createTemporalClient({
    address: endpoints.temporalAddress,
    namespace: config.temporal.namespace,
    security: config.temporal.connection,
    dataConverter,
  });

  const tracer = tracing.enabled ? tracing.tracer : undefined;
  const orders = new OrderRepository(pool, tracer);
  const inventory = new InventoryRepository(pool, tracer);
  // The local providers keep their state in this same database; a deployment with a real payment
  // service provider and carrier passes its own implementations of the two interfaces here.
  const paymentProvider = createLocalPaymentProvider(pool, config.providers.payments);
  const carrier = createLocalCarrier(pool, config.providers.carrier, config.localCarrier);

  const orderWorkflows = new OrderWorkflowClient(temporal, {
    taskQueue: config.temporal.taskQueue,
    rpcTimeoutMs: config.temporal.rpcTimeoutMs,
  });
  const businessMetrics = orderMetrics(metrics);
  const orderService = new OrderService({
    pool,
    orders,
    inventory,
    workflows: orderWorkflows,
    saga: config.orders,
    logger,
    metrics: businessMetrics,
  });
  const orderEdits = new OrderEditService({ orders, inventory, workflows: orderWorkflows, waitMs: config.orders.cancelWaitMs });
  const inventoryService = new InventoryService(pool, inventory);
  const returns = new ReturnRepository(pool, tracer);
  const returnWorkflows = new ReturnWorkflowClient(temporal, { taskQueue: config.temporal.taskQueue, rpcTimeoutMs: config.temporal.rpcTimeoutMs });
  const returnService = new ReturnService({
    pool,
    returns,
    orders,
    workflows: returnWorkflows,
    windowMs: config.returns.windowMs,
    parcelDeadlineMs: config.returns.parcelDeadlineMs,
    refundRetryWindowMs: config.returns.refundRetryWindowMs,
  });

  // The local carrier signs its reports like any carrier; without a configured secret it gets one for
  // this process (its reporter posts to this process's own API, so both sides know it).
  const carrierSecrets = new Map(config.carriers.webhookSecrets);
  if (!carrierSecrets.has(LOCAL_CARRIER_NAME)) carrierSecrets.set(LOCAL_CARRIER_NAME, generateWebhookSecret());
  const parcelReports = new ParcelReports({ pool, orders, workflows: orderWorkflows });
  const tracking = new ShipmentTracking({
    pool,
    secrets: carrierSecrets,
    notify: (update: TrackedShipmentUpdate) => parcelReports.passOn(update),
    // Only the arrival matters to a return: until then its parcel deadline runs, whatever the carrier says.
    notifyReturnParcel: async (update: TrackedReturnParcelUpdate) => {
      if (update.status !== 'delivered') return;
      const returnId = await returns.idByLabel(update.trackingNumber);
      if (returnId === undefined) return;
      const { eventId, occurredAt } = update.event;
      await returnWorkflows.signalParcelArrived(returnId, { eventId, occurredAt: occurredAt.toISOString() });
    },
  });
  // Started by main.ts (and the harness) once the API listens: it posts to it.
  let localCarrierReporter: LocalCarrierReporter | undefined;

  const activities = createOrderSagaActivities({
    pool,
    orders,
    inventory,
    payments: paymentProvider,
    carrier,
    metrics: businessMetrics,
    fraudMaxOrdersPerHour: config.orders.fraudMaxOrdersPerHour,
  });
  // One worker runs both workflows' activities; their names do not overlap.
  const returnActivities = createReturnActivities({
    pool,
    returns,
    orders,
    inventory,
    payments: paymentProvider,
    returnLabels: createLocalReturnLabels(pool, config.providers.carrier, config.localCarrier),
    metrics: returnMetrics(metrics),
  });
  const idempotency = new IdempotencyStore(pool, config.idempotency);
  const tokens = createTokenService(config.auth);

  const webhookService = new WebhookService({
    repository: new WebhookRepository(pool, tracing.enabled ? tracing.tracer : undefined),
    allowPrivateTargets: config.webhooks.allowPrivateTargets,
    orderExists: async (id) => (await orders.find(id)) !== undefined,
  });
  // Not started here: main.ts runs it where the worker role runs (and stops it before the pool closes).
  // Its repository is untraced: a poll every second would bury real traces.
  const webhookDispatcher = new WebhookDispatcher({ repository: new WebhookRepository(pool), logger, metrics, ...config.webhooks });

  return {
    pool,
    temporal,
    orderService,
    inventoryService,
    activities,
    idempotency,
    tokens,
    webhookDispatcher,

    /** The API, and the operator console at /console/ (linking to the Temporal UI given, or TEMPORAL_UI_URL). */
    async buildHttpServer(options: { temporalUiUrl?: string } = {}): Promise<FastifyInstance> {
      const server = await buildHttpServer({
        logger,
        metrics,
        tracer,
        bodyLimitBytes: config.http.bodyLimitBytes,
        requestTimeoutMs: config.http.requestTimeoutMs,
        idempotency,
        rateLimit: config.rateLimit,
        trustProxy: config.http.trustProxy,
        corsOrigins: config.corsOrigins,
        codecServer: codec && { codec, corsOrigins: config.temporal.codecCorsOrigins },
        tokens,
        anonymousIsDevelopmentOperator: config.auth.anonymousIsDevelopmentOperator,
        handlers: {
          ...createOrderHandlers(orderService, idempotency),
          ...createOrderEditHandlers(orderEdits),
          ...createReturnHandlers(returnService, idempotency),
          ...createInventoryHandlers(inventoryService),
          ...createWebhookHandlers(webhookService, idempotency),
          ...createCarrierHandlers(tracking),
          ...createHealthHandlers({
            postgres: async () => (await pool.query('SELECT 1'), true),
            temporal: () => orderWorkflows.isReachable(),
          }),
          getMetrics: async (request: FastifyRequest, reply: FastifyReply) => {
            // With a port of its own (main.ts serves it there), /metrics is not on the API's port at all.
            if (config.metrics.apiPort !== undefined) return reply.callNotFound();
            if (!mayReadMetrics(request.headers.authorization, config.metrics.token))
              throw new Unauthenticated('Send the metrics bearer token (METRICS_TOKEN).');
            reply.type('text/plain; version=0.0.4; charset=utf-8');
            return renderMetrics(metrics, observability.sdkMetricsUrl);
          },
        },
      });
      const temporalUiUrl = options.temporalUiUrl ?? config.temporal.uiUrl;
      await registerConsole(server, { namespace: config.temporal.namespace, ...(temporalUiUrl ? { temporalUiUrl } : {}) });
      return server;
    },

    /** The local carrier's reports of its parcels, posted to the API at `baseUrl` (LOCAL_CARRIER_EVENTS_URL when set). */
    startLocalCarrierReporter(baseUrl: string): LocalCarrierReporter {
      localCarrierReporter ??= new LocalCarrierReporter({
        pool,
        logger,
        secret: carrierSecrets.get(LOCAL_CARRIER_NAME)!,
        baseUrl: () => config.localCarrier.eventsUrl ?? baseUrl,
        pollIntervalMs: config.localCarrier.pollIntervalMs,
      });
      localCarrierReporter.start();
      return localCarrierReporter;
    },

    /** A worker polling the order task queue, with this app's activities and telemetry. */
    async createWorker(options: { workflowBundle?: WorkerOptions['workflowBundle'] } = {}): Promise<{ worker: Worker; close(): Promise<void> }> {
      // Loaded here, not at the top: the worker SDK (its native core) is ~50 MB of RSS the API role never uses.
      const [{ createOrderWorker }, { activityInterceptors }] = await Promise.all([
        import('./temporal/worker.js'),
        import('./temporal/activity-interceptors.js'),
      ]);
      const { worker, connection } = await createOrderWorker({
        address: endpoints.temporalAddress,
        security: config.temporal.connection,
        namespace: config.temporal.namespace,
        taskQueue: config.temporal.taskQueue,
        maxCachedWorkflows: config.workerMaxCachedWorkflows,
        activities: { ...activities, ...returnActivities },
        activityInterceptors: activityInterceptors(metrics),
        tracing: { enabled: tracing.enabled, spanProcessor: tracing.spanProcessor, resource: tracing.resource },
        dataConverter,
        ...options,
      });
      return { worker, close: () => connection.close() };
    },

    async close(): Promise<void> {
      await webhookDispatcher.stop();
      await localCarrierReporter?.stop();
      await Promise.allSettled([pool.end(), temporal.connection.close()]);
    },
  };
}
