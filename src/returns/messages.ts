/**
 * The messages ReturnWorkflow answers, shared by the workflow and the API's client. Definitions
 * only: importing this file pulls nothing but @temporalio/workflow's define* helpers.
 */
import { defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ReceivedUnits } from './return.js';

export interface ReturnWorkflowInput {
  returnId: number;
  orderId: number;
  /** RETURN_PARCEL_DEADLINE when the return was requested; absent in returns started before it existed. */
  parcelDeadlineMs?: number;
  /** RETURN_REFUND_RETRY_WINDOW when the return was requested; absent in returns started before it existed. */
  refundRetryWindowMs?: number;
}

/**
 * `gone`: there was no return to process (its create transaction never committed).
 * `expired`: no parcel arrived within the deadline after the label.
 * `refund_failed`: the provider declined the refund and no retry went through within the retry window.
 */
export type ReturnOutcome = 'refunded' | 'gone' | 'expired' | 'refund_failed';

/**
 * The parcel arrived and was inspected: per SKU, what came back and what can be sold again. The API
 * sends every line of the return; receipts accepted before it required that may leave lines out
 * (they arrived in full, resellable: receiveReturn keeps that reading for them). Refused unless the
 * return is waiting for its parcel (and so once its deadline has passed).
 */
export const receiveUpdate = defineUpdate<void, [ReceivedUnits[]]>('receive');

/** Who asked for a declined refund to be tried again (`role:subject`), for the timeline. */
export interface RefundRetry {
  actor: string;
}

/**
 * An operator asks for a declined refund to be tried again (version 3). Refused unless the return is
 * `refund_failed` and waiting for a retry (not while an attempt runs, nor once the retry window has
 * closed). Completes when that attempt has its outcome: refunded, or declined again.
 */
export const retryRefundUpdate = defineUpdate<void, [RefundRetry]>('retry-refund');

/** The carrier's report that the return parcel reached the warehouse (POST /carriers/{carrier}/events). */
export interface ParcelArrival {
  eventId: string;
  /** ISO 8601, as the carrier reported it. */
  occurredAt: string;
}

/**
 * The return parcel arrived (version 4, `parcel-arrival`): the parcel deadline no longer applies and
 * the return waits, `parcel_arrived`, for an operator's inspection (the receive Update). A signal: a
 * carrier's report is never refused, and one that comes late (received, expired) changes nothing.
 */
export const parcelArrivedSignal = defineSignal<[ParcelArrival]>('parcel-arrived');
