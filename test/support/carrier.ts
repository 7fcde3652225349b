/**
 * A carrier's report, posted as the carrier would: POST /carriers/{carrier}/events, signed with its
 * webhook secret (Standard Webhooks). A fresh event id unless one is given (a repeat uses the same).
 */
import { randomUUID } from 'node:crypto';
import { webhookHeaders } from '../../src/webhooks/signing.js';
import type { TestApp } from './harness.js';

export interface CarrierReport {
  trackingNumber: string;
  kind: string;
  eventId?: string;
  occurredAt?: Date;
  /** Default local-post, the local carrier's name. */
  carrier?: string;
}

export function postCarrierEvent(t: TestApp, secret: string, report: CarrierReport) {
  const eventId = report.eventId ?? `test-${randomUUID()}`;
  const body = JSON.stringify({
    event_id: eventId,
    tracking_number: report.trackingNumber,
    kind: report.kind,
    occurred_at: (report.occurredAt ?? new Date()).toISOString(),
  });
  return t.http.inject({
    method: 'POST',
    url: `/carriers/${report.carrier ?? 'local-post'}/events`,
    headers: { 'content-type': 'application/json', ...webhookHeaders(secret, eventId, body) },
    payload: body,
  });
}
