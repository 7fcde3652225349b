/**
 * The local carrier's reports: it is the carrier, so it tells the order system what happened to a
 * parcel the way a real one would, over HTTP, signed with its secret, to
 * POST /carriers/local-post/events. What it will report is planned in PostgreSQL at hand-over
 * (local_carrier_events), so a restart loses nothing: the next poll posts whatever fell due. A post
 * that fails (the API not up yet, a 5xx, Temporal down behind it) is tried again with a growing
 * back-off; the event keeps its id, and the API deduplicates. Runs where the API runs (dev, api role).
 */
import type { Pool } from '../db/pool.js';
import { inTransaction } from '../db/pool.js';
import type { Logger } from '../logger.js';
import { webhookHeaders } from '../webhooks/signing.js';
import * as queries from './queries.queries.js';

export interface LocalCarrierReporterOptions {
  pool: Pool;
  logger: Logger;
  /** The carrier's webhook secret, as the API knows it. */
  secret: string;
  /** The API's base URL, e.g. http://127.0.0.1:8080. */
  baseUrl: () => string;
  pollIntervalMs: number;
  /** Per post. */
  timeoutMs?: number;
}

const BATCH = 20;

export class LocalCarrierReporter {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;

  constructor(private readonly options: LocalCarrierReporterOptions) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Posts every report that is due; returns how many were posted. Exposed for tests. */
  async postDue(): Promise<number> {
    return inTransaction(this.options.pool, async (tx) => {
      const due = await queries.claimDueLocalCarrierEvents.run({ limit: BATCH }, tx);
      let posted = 0;
      for (const event of due) {
        const failure = await this.post(event);
        if (failure) await queries.markLocalCarrierEventFailed.run({ id: event.id, error: failure }, tx);
        else {
          await queries.markLocalCarrierEventPosted.run({ id: event.id }, tx);
          posted++;
        }
      }
      return posted;
    });
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.postDue()
        .catch((error: unknown) => this.options.logger.warn({ err: error }, 'local carrier: could not post its reports; trying again'))
        .then((posted) => this.schedule(posted === BATCH ? 0 : this.options.pollIntervalMs));
    }, delayMs);
    this.timer.unref();
  }

  /** Undefined when the API took it (2xx), else why not. */
  private async post(event: queries.IClaimDueLocalCarrierEventsResult): Promise<string | undefined> {
    const eventId = `${event.carrier}-${event.id}`;
    const body = JSON.stringify({ event_id: eventId, tracking_number: event.tracking_number, kind: event.kind, occurred_at: event.due_at.toISOString() });
    try {
      const response = await fetch(`${this.options.baseUrl()}/carriers/${encodeURIComponent(event.carrier)}/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...webhookHeaders(this.options.secret, eventId, body) },
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
      await response.arrayBuffer();
      if (response.ok) return undefined;
      return `HTTP ${response.status}`;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }
}
