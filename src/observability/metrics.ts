import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/**
 * Every metric the services export, on one registry per process (no global registry). Labels are
 * bounded sets (route templates, statuses, step names); ids never become labels.
 * docs/operations.md "Metrics" explains what each one means.
 */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  return {
    registry,
    httpRequests: new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests answered, by route template, method and status code',
      labelNames: ['method', 'route', 'status_code'] as const,
      registers: [registry],
    }),
    httpRequestDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by route template, method and status code',
      labelNames: ['method', 'route', 'status_code'] as const,
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    ordersCreated: new Counter({
      name: 'orders_created_total',
      help: 'Orders stored with their workflow started',
      registers: [registry],
    }),
    ordersTerminal: new Counter({
      name: 'orders_terminal_total',
      help: 'Orders that reached a final status, by that status',
      labelNames: ['status'] as const,
      registers: [registry],
    }),
    orderCompletionSeconds: new Histogram({
      name: 'order_time_to_terminal_seconds',
      help: 'Time from an order being created to its final status, by that status',
      labelNames: ['status'] as const,
      buckets: [0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 86400],
      registers: [registry],
    }),
    stepDuration: new Histogram({
      name: 'order_step_duration_seconds',
      help: 'Duration of one attempt of an order workflow step (activity), by step and outcome',
      labelNames: ['step', 'outcome'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    compensations: new Counter({
      name: 'order_compensations_total',
      help: 'Compensations run by order workflows (a step undone after a later step failed), by step',
      labelNames: ['step'] as const,
      registers: [registry],
    }),
    paymentDeclines: new Counter({
      name: 'payment_declines_total',
      help: 'Payment authorizations declined by the payment provider, by reason',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    returnRefundsDeclined: new Counter({
      name: 'return_refunds_declined_total',
      help: 'Refunds of returns the payment provider declined, by reason: each leaves its return refund_failed, still owing the customer (GET /returns?status=refund_failed)',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    webhookAttempts: new Counter({
      name: 'webhook_delivery_attempts_total',
      help: 'Webhook delivery attempts, by outcome (delivered: a 2xx; failed: anything else, retried with backoff)',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    webhookAttemptDuration: new Histogram({
      name: 'webhook_delivery_duration_seconds',
      help: 'Duration of one webhook delivery attempt, by outcome',
      labelNames: ['outcome'] as const,
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    webhookEndpointsDisabled: new Counter({
      name: 'webhook_endpoints_disabled_total',
      help: 'Webhook endpoints disabled for failing longer than WEBHOOK_DISABLE_AFTER',
      registers: [registry],
    }),
    webhookRetentionDeleted: new Counter({
      name: 'webhook_retention_deleted_total',
      help: 'Finished webhook deliveries and old attempts deleted after WEBHOOK_RETENTION, by kind',
      labelNames: ['kind'] as const,
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

/** Business events worth counting, in the domain's words; what the services call. */
export interface OrderMetrics {
  created(): void;
  reachedFinalStatus(status: 'completed' | 'cancelled' | 'failed', createdAt: Date, at: Date): void;
  /** A compensation actually undid something (not a retry that found it already undone). */
  compensated(step: 'release_inventory' | 'void_payment' | 'refund_payment' | 'cancel_shipment'): void;
  paymentDeclined(reason: string): void;
}

export function orderMetrics(metrics: Metrics): OrderMetrics {
  return {
    created: () => metrics.ordersCreated.inc(),
    reachedFinalStatus(status, createdAt, at) {
      metrics.ordersTerminal.inc({ status });
      metrics.orderCompletionSeconds.observe({ status }, Math.max(0, at.getTime() - createdAt.getTime()) / 1000);
    },
    compensated: (step) => metrics.compensations.inc({ step }),
    paymentDeclined: (reason) => metrics.paymentDeclines.inc({ reason }),
  };
}

/** What returns count, in the domain's words. */
export interface ReturnMetrics {
  /** A refund attempt the provider declined (counted when recorded; a retried recording may count twice). */
  refundDeclined(reason: string): void;
}

export function returnMetrics(metrics: Metrics): ReturnMetrics {
  return { refundDeclined: (reason) => metrics.returnRefundsDeclined.inc({ reason }) };
}

/**
 * The Prometheus text of this process: our registry plus, where this process runs a worker, the
 * Temporal SDK's own metrics (served by the SDK runtime on a loopback port of its own).
 */
export async function renderMetrics(metrics: Metrics, sdkMetricsUrl: string | undefined): Promise<string> {
  const own = await metrics.registry.metrics();
  if (!sdkMetricsUrl) return own;
  const sdk = await fetch(sdkMetricsUrl, { signal: AbortSignal.timeout(2000) }).then(
    (response) => (response.ok ? response.text() : ''),
    () => '',
  );
  return `${own}\n${sdk}`;
}
