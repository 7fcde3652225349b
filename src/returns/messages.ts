/**
 * The messages ReturnWorkflow answers, shared by the workflow and the API's client. Definitions
 * only: importing this file pulls nothing but @temporalio/workflow's define* helpers.
 */
import { defineUpdate } from '@temporalio/workflow';
import type { ReceivedUnits } from './return.js';

export interface ReturnWorkflowInput {
  returnId: number;
  orderId: number;
  /** RETURN_PARCEL_DEADLINE when the return was requested; absent in returns started before it existed. */
  parcelDeadlineMs?: number;
}

/**
 * `gone`: there was no return to process (its create transaction never committed).
 * `expired`: no parcel arrived within the deadline after the label.
 */
export type ReturnOutcome = 'refunded' | 'gone' | 'expired';

/**
 * The parcel arrived and was inspected: per SKU, what came back and what can be sold again. The API
 * sends every line of the return; receipts accepted before it required that may leave lines out
 * (they arrived in full, resellable: receiveReturn keeps that reading for them). Refused unless the
 * return is waiting for its parcel (and so once its deadline has passed).
 */
export const receiveUpdate = defineUpdate<void, [ReceivedUnits[]]>('receive');
