import type { Tracer } from '@opentelemetry/api';
import type { Pool } from '../db/pool.js';
import { queryRunner, type QueryRunner } from '../db/query-runner.js';
import * as queries from './queries.queries.js';

export interface WebhookEndpoint {
  id: number;
  url: string;
  description: string | null;
  createdAt: Date;
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
  nextAttemptAt: Date;
  lastError: string | null;
  deliveredAt: Date | null;
  createdAt: Date;
  attempts: DeliveryAttempt[];
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
});

/** Typed access to the webhook tables over the queries generated from queries.sql. */
export class WebhookRepository {
  private readonly run: QueryRunner;

  constructor(
    pool: Pool,
    /** When tracing is on, every statement becomes a span. */
    tracer?: Tracer,
  ) {
    this.run = queryRunner(pool, tracer);
  }

  insertEndpoint(input: { url: string; secret: string; description: string | null }): Promise<WebhookEndpoint & { secret: string }> {
    return this.run(async (q) => {
      const [row] = await queries.insertEndpoint.run(input, q);
      return { ...toEndpoint(row!), secret: row!.secret };
    });
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

  claimDue(limit: number, leaseSeconds: number): Promise<ClaimedDelivery[]> {
    return this.run(async (q) => {
      const rows = await queries.claimDueDeliveries.run({ limit, leaseSeconds }, q);
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

  /** Records the successful attempt and marks the delivery delivered. */
  complete(delivery: ClaimedDelivery, outcome: AttemptOutcome & { statusCode: number }): Promise<void> {
    return this.run(async (q) => {
      await queries.completeDelivery.run(
        { id: delivery.id, attemptedAt: outcome.attemptedAt, durationMs: outcome.durationMs, responseStatus: outcome.statusCode },
        q,
      );
    });
  }

  /** Records the failed attempt and schedules the next one `retryInMs` from now. */
  fail(delivery: ClaimedDelivery, outcome: AttemptOutcome & { error: string }, retryInMs: number): Promise<void> {
    return this.run(async (q) => {
      await queries.failDelivery.run(
        {
          id: delivery.id,
          attempt: delivery.attempt,
          attemptedAt: outcome.attemptedAt,
          durationMs: outcome.durationMs,
          responseStatus: outcome.statusCode,
          error: outcome.error,
          retryInSeconds: retryInMs / 1000,
        },
        q,
      );
    });
  }

  listDeliveries(endpointId: number, page: { after: number; limit: number }): Promise<WebhookDelivery[]> {
    return this.run(async (q) => {
      const rows = await queries.listDeliveries.run({ endpointId, ...page }, q);
      const attempts = new Map<string, DeliveryAttempt[]>();
      if (rows.length > 0) {
        for (const a of await queries.listRecentAttempts.run({ deliveryIds: rows.map((r) => r.id), perDelivery: ATTEMPTS_SHOWN }, q)) {
          const list = attempts.get(a.delivery_id) ?? [];
          list.push({ attemptedAt: a.attempted_at, durationMs: a.duration_ms, statusCode: a.response_status, error: a.error });
          attempts.set(a.delivery_id, list);
        }
      }
      return rows.map((row) => ({
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
      }));
    });
  }
}
