import type { Tracer } from '@opentelemetry/api';
import { inTransaction, type Pool, type PoolClient } from '../db/pool.js';
import { type Queryable, queryRunner, type QueryRunner } from '../db/query-runner.js';
import * as queries from './queries.queries.js';

export interface WebhookEndpoint {
  id: number;
  url: string;
  description: string | null;
  createdAt: Date;
  /** The start of the current run of failed attempts; null while healthy. */
  failingSince: Date | null;
  /** Set when the endpoint was disabled for failing too long; it receives nothing until re-enabled. */
  disabledAt: Date | null;
  disabledReason: string | null;
}

export type DeliveryState = 'pending' | 'delivered' | 'cancelled';

export interface DeliveryAttempt {
  attemptedAt: Date;
  durationMs: number;
  statusCode: number | null;
  error: string | null;
}

export interface WebhookDelivery {
  id: number;
  eventId: number;
  orderId: number;
  eventType: string;
  state: DeliveryState;
  attemptCount: number;
  /** When pending, when the next attempt is due; null while it waits for an earlier event of its order. */
  nextAttemptAt: Date | null;
  lastError: string | null;
  deliveredAt: Date | null;
  createdAt: Date;
  attempts: DeliveryAttempt[];
}

/** A delivery listed for its order: with the endpoint it goes to. */
export interface OrderWebhookDelivery extends WebhookDelivery {
  endpointId: number;
  endpointUrl: string;
}

/** A delivery claimed for one attempt, with what it takes to make it. */
export interface ClaimedDelivery {
  id: number;
  /** This attempt's number (1 for the first); also the claim's token. */
  attempt: number;
  endpointId: number;
  url: string;
  secret: string;
  event: { id: number; orderId: number; type: string; source: string; details: unknown; createdAt: Date };
}

export interface AttemptOutcome {
  attemptedAt: Date;
  durationMs: number;
  statusCode: number | null;
}

/** Attempts shown per delivery in the API; the count of all of them is `attemptCount`. */
export const ATTEMPTS_SHOWN = 20;

const toEndpoint = (row: queries.IFindEndpointResult): WebhookEndpoint => ({
  id: Number(row.id),
  url: row.url,
  description: row.description,
  createdAt: row.created_at,
  failingSince: row.failing_since,
  disabledAt: row.disabled_at,
  disabledReason: row.disabled_reason,
});

/** What the dispatcher has in flight, per endpoint: the claim offers each endpoint only its free share. */
export interface ClaimRequest {
  limit: number;
  leaseSeconds: number;
  endpointConcurrency: number;
  inFlight: ReadonlyMap<number, number>;
}

/** The outcome of recording a failed attempt, for the endpoint. */
export interface FailureRecorded {
  /** False when the attempt was stale (its lease ran out and it was claimed again) or the delivery is gone. */
  recorded: boolean;
  /** True when this failure disabled the endpoint. */
  disabledEndpoint: boolean;
}

/** Typed access to the webhook tables over the queries generated from queries.sql. */
export class WebhookRepository {
  private readonly run: QueryRunner;

  constructor(
    private readonly pool: Pool,
    /** When tracing is on, every statement becomes a span. */
    tracer?: Tracer,
  ) {
    this.run = queryRunner(pool, tracer);
  }

  /** Inserts the endpoint; `beforeCommit` runs in the same transaction (to store the idempotent response with it). */
  insertEndpoint(
    input: { url: string; secret: string; description: string | null },
    beforeCommit?: (endpoint: WebhookEndpoint, tx: PoolClient) => Promise<void>,
  ): Promise<WebhookEndpoint & { secret: string }> {
    return inTransaction(this.pool, (tx) =>
      this.run(async (q) => {
        const [row] = await queries.insertEndpoint.run(input, q);
        const endpoint = toEndpoint(row!);
        await beforeCommit?.(endpoint, tx);
        return { ...endpoint, secret: row!.secret };
      }, tx),
    );
  }

  findEndpoint(id: number): Promise<WebhookEndpoint | undefined> {
    return this.run(async (q) => {
      const [row] = await queries.findEndpoint.run({ id }, q);
      return row && toEndpoint(row);
    });
  }

  listEndpoints(page: { after: number; limit: number }): Promise<WebhookEndpoint[]> {
    return this.run(async (q) => (await queries.listEndpoints.run(page, q)).map(toEndpoint));
  }

  /** Soft-deletes the endpoint and cancels its pending deliveries; false when there was none. */
  deleteEndpoint(id: number): Promise<boolean> {
    return this.run(async (q) => (await queries.deleteEndpoint.run({ id }, q)).length > 0);
  }

  /** Re-enables a disabled endpoint (recording who did); false when it was not disabled. */
  enableEndpoint(id: number, actor: string): Promise<boolean> {
    return this.run(async (q) => (await queries.enableEndpoint.run({ id, actor }, q)).length > 0);
  }

  claimDue(request: ClaimRequest): Promise<ClaimedDelivery[]> {
    const { limit, leaseSeconds, endpointConcurrency, inFlight } = request;
    return this.run(async (q) => {
      const rows = await queries.claimDueDeliveries.run(
        { limit, leaseSeconds, endpointConcurrency, busyEndpointIds: [...inFlight.keys()], busyCounts: [...inFlight.values()] },
        q,
      );
      return rows.map((row) => ({
        id: Number(row.id),
        attempt: row.attempts,
        endpointId: Number(row.endpoint_id),
        url: row.url,
        secret: row.secret,
        event: { id: Number(row.event_id), orderId: Number(row.order_id), type: row.type, source: row.source, details: row.details, createdAt: row.created_at },
      }));
    });
  }

  /**
   * Records the successful attempt, marks the delivery delivered and releases the next event of
   * its order for the endpoint; one transaction, so a crash cannot leave that next one parked.
   */
  complete(delivery: ClaimedDelivery, outcome: AttemptOutcome & { statusCode: number }): Promise<void> {
    return inTransaction(this.pool, (tx) =>
      this.run(async (q) => {
        const delivered = await queries.completeDelivery.run(
          { id: delivery.id, attemptedAt: outcome.attemptedAt, durationMs: outcome.durationMs, responseStatus: outcome.statusCode },
          q,
        );
        if (delivered.length > 0) await queries.releaseNextDelivery.run({ endpointId: delivery.endpointId, orderId: delivery.event.orderId }, q);
      }, tx),
    );
  }

  /**
   * Records the failed attempt and schedules the next one `retryInMs` from now; disables the
   * endpoint (with `disabledReason`) when it has been failing for `disableAfterSeconds` or more.
   */
  async fail(
    delivery: ClaimedDelivery,
    outcome: AttemptOutcome & { error: string },
    next: { retryInMs: number; disableAfterSeconds: number; disabledReason: string },
  ): Promise<FailureRecorded> {
    return this.run(async (q) => {
      const [row] = await queries.failDelivery.run(
        {
          id: delivery.id,
          attempt: delivery.attempt,
          attemptedAt: outcome.attemptedAt,
          durationMs: outcome.durationMs,
          responseStatus: outcome.statusCode,
          error: outcome.error,
          retryInSeconds: next.retryInMs / 1000,
          disableAfterSeconds: next.disableAfterSeconds,
          disabledReason: next.disabledReason,
        },
        q,
      );
      return { recorded: row !== undefined, disabledEndpoint: row?.disabled_at != null };
    });
  }

  /** Retention: deletes up to `batch` finished deliveries and up to `batch` attempts older than `retentionSeconds`; the counts deleted. */
  deleteExpired(retentionSeconds: number, batch: number): Promise<{ deliveries: number; attempts: number }> {
    return this.run(async (q) => ({
      deliveries: (await queries.deleteFinishedDeliveries.run({ retentionSeconds, batch }, q)).length,
      attempts: (await queries.deleteOldAttempts.run({ retentionSeconds, batch }, q)).length,
    }));
  }

  listDeliveries(endpointId: number, page: { after: number; limit: number }): Promise<WebhookDelivery[]> {
    return this.run(async (q) => {
      const rows = await queries.listDeliveries.run({ endpointId, ...page }, q);
      const attempts = await recentAttempts(rows, q);
      return rows.map((row) => toDelivery(row, attempts));
    });
  }

  /** The order's deliveries to the endpoints not deleted, by delivery id. */
  listOrderDeliveries(orderId: number, page: { after: number; limit: number }): Promise<OrderWebhookDelivery[]> {
    return this.run(async (q) => {
      const rows = await queries.listOrderDeliveries.run({ orderId, ...page }, q);
      const attempts = await recentAttempts(rows, q);
      return rows.map((row) => ({ ...toDelivery(row, attempts), endpointId: Number(row.endpoint_id), endpointUrl: row.endpoint_url }));
    });
  }
}

/** The latest attempts of each delivery listed (ATTEMPTS_SHOWN at most), by delivery id. */
async function recentAttempts(rows: { id: string }[], q: Queryable): Promise<Map<string, DeliveryAttempt[]>> {
  const attempts = new Map<string, DeliveryAttempt[]>();
  if (rows.length === 0) return attempts;
  for (const a of await queries.listRecentAttempts.run({ deliveryIds: rows.map((r) => r.id), perDelivery: ATTEMPTS_SHOWN }, q)) {
    const list = attempts.get(a.delivery_id) ?? [];
    list.push({ attemptedAt: a.attempted_at, durationMs: a.duration_ms, statusCode: a.response_status, error: a.error });
    attempts.set(a.delivery_id, list);
  }
  return attempts;
}

function toDelivery(row: queries.IListDeliveriesResult, attempts: Map<string, DeliveryAttempt[]>): WebhookDelivery {
  return {
    id: Number(row.id),
    eventId: Number(row.event_id),
    orderId: Number(row.order_id),
    eventType: row.event_type,
    state: row.state as DeliveryState,
    attemptCount: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    deliveredAt: row.delivered_at,
    createdAt: row.created_at,
    attempts: attempts.get(row.id) ?? [],
  };
}
