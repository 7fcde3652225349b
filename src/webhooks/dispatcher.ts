/**
 * The durable delivery process. Deliveries live in PostgreSQL (written by a trigger in each order
 * event's transaction), so nothing here holds state that a crash could lose:
 *
 *  - a loop claims due deliveries (FOR UPDATE SKIP LOCKED, so any number of worker processes can
 *    run it side by side without taking the same delivery), leasing each for one attempt;
 *  - fairly: an endpoint has at most endpointConcurrency attempts in flight in this process (one
 *    while it is failing), and free slots go first to the endpoints with the fewest in flight, so
 *    a dead endpoint cannot take the slots healthy ones need;
 *  - a delivery is due only when no earlier event of the same order is still pending for the same
 *    endpoint, so one order's events arrive in order, even across retries;
 *  - each attempt POSTs the event, signed, with a timeout; a 2xx marks it delivered, anything else
 *    is recorded and retried with exponential backoff and jitter, capped at maxBackoffMs; an
 *    endpoint with no successful attempt for disableAfterMs is disabled (recorded, re-enabled by
 *    an operator), so nothing is retried for ever;
 *  - delivered and cancelled deliveries, and attempts, are deleted after retentionMs;
 *  - a dispatcher that dies mid-attempt leaves a lease that runs out, and another one retries.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Logger } from '../logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { ClaimedDelivery, WebhookRepository } from './repository.js';
import { webhookHeaders } from './signing.js';
import { PrivateTargetRefused, publicOnlyLookup, targetIsPrivate } from './targets.js';

/** How deliveries are made; read from the environment by src/config.ts. */
export interface WebhookDeliverySettings {
  /** Deadline for one delivery attempt (connect, send, answer). */
  timeoutMs: number;
  /** Backoff between attempts starts at minBackoffMs, doubles, and stays at maxBackoffMs (with jitter). */
  minBackoffMs: number;
  maxBackoffMs: number;
  /** How often an idle dispatcher looks for due deliveries. */
  pollIntervalMs: number;
  /** Deliveries one dispatcher makes at once. */
  concurrency: number;
  /** Deliveries one dispatcher makes at once to one endpoint (1 while the endpoint is failing). */
  endpointConcurrency: number;
  /** An endpoint whose attempts have all failed for this long is disabled. */
  disableAfterMs: number;
  /** Delivered and cancelled deliveries, and attempts, are deleted this long after they finished. */
  retentionMs: number;
  /** Loopback, private and link-local targets; refused in production unless allowed. */
  allowPrivateTargets: boolean;
}

export interface WebhookDispatcherOptions extends WebhookDeliverySettings {
  repository: WebhookRepository;
  logger: Logger;
  metrics?: Metrics;
  /** For tests: a source of randomness in [0, 1) for the jitter. */
  random?: () => number;
}

/** The JSON body every receiver gets: the order event as `GET /orders/{id}/events` shows it. */
export function webhookPayload(event: ClaimedDelivery['event']): string {
  return JSON.stringify({
    id: event.id,
    type: event.type,
    order_id: event.orderId,
    source: event.source,
    details: event.details,
    created_at: event.createdAt.toISOString(),
  });
}

/** The wait before retrying after failed attempt number `attempt`: min·2^(attempt−1), capped, with ±25 % jitter (never above the cap). */
export function backoffMs(attempt: number, options: { minBackoffMs: number; maxBackoffMs: number }, random: () => number = Math.random): number {
  const base = Math.min(options.maxBackoffMs, options.minBackoffMs * 2 ** Math.min(Math.max(attempt - 1, 0), 40));
  const jittered = base * (0.75 + random() * 0.5);
  return Math.round(Math.min(options.maxBackoffMs, Math.max(1, jittered)));
}

const MAX_ERROR_LENGTH = 500;
/** Rows one retention statement deletes; a sweep repeats it while it finds full batches (up to a few). */
const RETENTION_BATCH = 1000;
const RETENTION_BATCHES_PER_SWEEP = 20;

/** `72h`, `90m`, `30s` or `250ms`: a setting's value as an operator would write it. */
function formatDuration(ms: number): string {
  for (const [unit, size] of [
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ] as const)
    if (ms % size === 0) return `${ms / size}${unit}`;
  return `${ms}ms`;
}

export class WebhookDispatcher {
  private running = false;
  private loop: Promise<void> | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  /** Attempts in flight per endpoint id (only endpoints with at least one). */
  private readonly inFlightByEndpoint = new Map<number, number>();
  private wake: (() => void) | undefined;
  private readonly leaseSeconds: number;
  /** How often this dispatcher deletes what is past retention: a tenth of it, between the poll interval and a minute. */
  private readonly retentionSweepMs: number;
  private lastRetentionSweep = 0;

  constructor(private readonly options: WebhookDispatcherOptions) {
    // Long enough for one attempt and its bookkeeping; after it, another dispatcher may retry.
    this.leaseSeconds = (options.timeoutMs + 30_000) / 1000;
    this.retentionSweepMs = Math.min(60_000, Math.max(options.pollIntervalMs, options.retentionMs / 10));
  }

  get isRunning(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops claiming, then waits for the deliveries already under way to finish and be recorded. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.wake?.();
    await this.loop;
    await Promise.allSettled([...this.inFlight]);
  }

  private async run(): Promise<void> {
    const { repository, logger, concurrency, pollIntervalMs } = this.options;
    let failures = 0;
    while (this.running) {
      const free = concurrency - this.inFlight.size;
      let claimed = 0;
      if (free > 0) {
        try {
          await this.sweepRetentionWhenDue();
          const batch = await repository.claimDue({
            limit: free,
            leaseSeconds: this.leaseSeconds,
            endpointConcurrency: this.options.endpointConcurrency,
            inFlight: this.inFlightByEndpoint,
          });
          if (failures > 0) logger.info('webhook dispatcher: PostgreSQL reachable again');
          failures = 0;
          claimed = batch.length;
          for (const delivery of batch) this.track(delivery.endpointId, this.attempt(delivery));
        } catch (error) {
          if (failures++ === 0) logger.warn({ err: error }, 'webhook dispatcher: could not claim deliveries; retrying');
        }
      }
      if (!this.running) break;
      if (claimed > 0 && claimed === free) continue; // more may be due already
      const wait = failures > 0 ? Math.min(pollIntervalMs * 2 ** Math.min(failures, 5), 30_000) : pollIntervalMs;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  private track(endpointId: number, work: Promise<void>): void {
    this.inFlight.add(work);
    this.inFlightByEndpoint.set(endpointId, (this.inFlightByEndpoint.get(endpointId) ?? 0) + 1);
    void work.finally(() => {
      this.inFlight.delete(work);
      const left = (this.inFlightByEndpoint.get(endpointId) ?? 1) - 1;
      if (left > 0) this.inFlightByEndpoint.set(endpointId, left);
      else this.inFlightByEndpoint.delete(endpointId);
      this.wake?.(); // a slot is free: look for more
    });
  }

  /** Deletes what is past retention, a bounded number of batches, at most every retentionSweepMs. */
  private async sweepRetentionWhenDue(): Promise<void> {
    const now = Date.now();
    if (now - this.lastRetentionSweep < this.retentionSweepMs) return;
    this.lastRetentionSweep = now;
    const { repository, metrics, retentionMs } = this.options;
    for (let batch = 0; batch < RETENTION_BATCHES_PER_SWEEP; batch++) {
      const deleted = await repository.deleteExpired(retentionMs / 1000, RETENTION_BATCH);
      metrics?.webhookRetentionDeleted.inc({ kind: 'delivery' }, deleted.deliveries);
      metrics?.webhookRetentionDeleted.inc({ kind: 'attempt' }, deleted.attempts);
      if (deleted.deliveries < RETENTION_BATCH && deleted.attempts < RETENTION_BATCH) return;
    }
  }

  /** One attempt at one delivery, recorded whatever happens; never throws. */
  private async attempt(delivery: ClaimedDelivery): Promise<void> {
    const { repository, logger, metrics } = this.options;
    const log = {
      deliveryId: delivery.id,
      webhookId: delivery.endpointId,
      orderId: delivery.event.orderId,
      eventId: delivery.event.id,
      attempt: delivery.attempt,
    };
    const attemptedAt = new Date();
    const started = performance.now();
    let statusCode: number | null = null;
    let error: string | undefined;
    try {
      statusCode = await this.post(delivery);
      if (statusCode < 200 || statusCode >= 300) error = `HTTP ${statusCode}`;
    } catch (cause) {
      error = this.describe(cause);
    }
    const durationMs = Math.round(performance.now() - started);
    const outcome = error === undefined ? 'delivered' : 'failed';
    metrics?.webhookAttempts.inc({ outcome });
    metrics?.webhookAttemptDuration.observe({ outcome }, durationMs / 1000);
    try {
      if (error === undefined) {
        await repository.complete(delivery, { attemptedAt, durationMs, statusCode: statusCode! });
        logger.debug(log, 'webhook delivered');
      } else {
        const retryInMs = backoffMs(delivery.attempt, this.options, this.options.random);
        const { disableAfterMs } = this.options;
        const disabledReason = `no successful delivery for ${formatDuration(disableAfterMs)} (WEBHOOK_DISABLE_AFTER); last error: ${error}`;
        const recorded = await repository.fail(
          delivery,
          { attemptedAt, durationMs, statusCode, error },
          { retryInMs, disableAfterSeconds: disableAfterMs / 1000, disabledReason },
        );
        if (recorded.disabledEndpoint) {
          metrics?.webhookEndpointsDisabled.inc();
          logger.warn({ ...log, reason: disabledReason }, 'webhook endpoint disabled; POST /webhooks/{id}/enable re-enables it');
        } else logger.info({ ...log, error, retryInMs }, 'webhook delivery failed; will retry');
      }
    } catch (cause) {
      // The lease runs out and the delivery is retried: a possible duplicate, never a loss.
      logger.warn({ ...log, err: cause }, 'could not record a webhook attempt; it will be retried when its lease runs out');
    }
  }

  private post(delivery: ClaimedDelivery): Promise<number> {
    const { timeoutMs, allowPrivateTargets } = this.options;
    const url = new URL(delivery.url);
    if (!allowPrivateTargets && targetIsPrivate(url)) return Promise.reject(new PrivateTargetRefused(url.hostname));
    const body = Buffer.from(webhookPayload(delivery.event));
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<number>((resolve, reject) => {
      const request = send(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': body.length,
          'user-agent': 'order-processing-webhooks/1',
          ...webhookHeaders(delivery.secret, String(delivery.event.id), body),
        },
        ...(allowPrivateTargets ? {} : { lookup: publicOnlyLookup }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      request.on('error', reject);
      request.on('response', (response: IncomingMessage) => {
        // The status is the answer; the body is read (to free the connection) and ignored, within the same deadline.
        response.on('error', reject);
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('close', () => reject(new Error('the connection closed before the answer was complete')));
        response.resume();
      });
      request.end(body);
    });
  }

  private describe(error: unknown): string {
    if (!(error instanceof Error)) return String(error).slice(0, MAX_ERROR_LENGTH);
    if (error.name === 'AbortError' || error.name === 'TimeoutError') return `timeout: no complete answer within ${this.options.timeoutMs} ms`;
    const code = (error as { code?: unknown }).code;
    const text = typeof code === 'string' ? `${code}: ${error.message}` : error.message;
    return text.slice(0, MAX_ERROR_LENGTH);
  }
}
