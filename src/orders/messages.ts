/**
 * The messages OrderWorkflow answers, shared by the workflow and the API's client. Definitions
 * only: importing this file pulls nothing but @temporalio/workflow's define* helpers.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Money } from '../shared/money.js';
import type { ShippingAddress } from '../shipping/address.js';

export type SagaStage =
  | 'waiting'
  | 'validating'
  | 'screening'
  | 'reserving_inventory'
  | 'authorizing_payment'
  | 'awaiting_review'
  | 'booking_shipment'
  | 'capturing_payment'
  | 'handing_over'
  | 'awaiting_delivery'
  | 'delivery_stalled'
  | 'compensating'
  | 'done';

export interface OrderOutcome {
  /** `gone`: there was no order to process (its create transaction never committed). */
  status: 'completed' | 'cancelled' | 'failed' | 'gone';
  reason?: string;
}

/** Live progress, as the API shows it on GET /orders/{id} while the order is in flight. */
export interface OrderProgress {
  stage: SagaStage;
  /** Steps done so far, in order (e.g. `inventory_reserved`, `payment_authorized`). */
  completedSteps: string[];
  /** False from the moment the parcel is being handed to the carrier. */
  cancellable: boolean;
  /** While awaiting review: when an undecided review times out (epoch ms). */
  reviewDeadline?: number;
  /** Once authorized: when the payment authorization lapses (epoch ms). */
  authorizationExpiresAt?: number;
  outcome?: OrderOutcome;
}

export interface CancelRequest {
  /** `role:subject` of whoever asked. */
  actor: string;
  role: 'customer' | 'operator' | 'admin';
}

export interface ReviewDecision {
  actor: string;
  note?: string;
}

export interface OrderWorkflowInput {
  orderId: number;
  customerId: number;
  /** Fixed at start, so changing the configuration never changes a running order's history. */
  processingDelayMs: number;
  /** Orders above this amount wait for an operator's approval. */
  reviewThreshold: Money;
  /** An undecided review cancels the order after this long. */
  reviewTimeoutMs: number;
  /**
   * Version 4: a shipped order with no carrier update for this long raises an operator task
   * (absent from orders started before it; they never wait for a delivery).
   */
  deliveryStallTimeoutMs?: number;
}

/** Where a parcel is, as its carrier reported it (POST /carriers/{carrier}/events). */
export type ShipmentState = 'in_transit' | 'delivered' | 'lost' | 'damaged' | 'returned_to_sender';

export interface ShipmentUpdate {
  /**
   * The shipment it is about (version 5 follows one per stock location). Absent in signals sent
   * before version 5 existed; version 4 follows its order's one parcel and does not read it.
   */
  shipmentId?: string;
  /** The shipment's state in PostgreSQL after the carrier's event (already monotonic there). */
  state: ShipmentState;
  /** The carrier's event that led to it, for the timeline. */
  eventId: string;
  /** When the carrier says it happened (ISO 8601). */
  occurredAt: string;
}

/** One line of an order, as an edit sends it. */
export interface EditedLine {
  sku: string;
  quantity: number;
  unitPrice: Money;
}

/**
 * An edit, as the API computed it against the version named by If-Match: the new lines (all of
 * them) and/or address, the stock difference per SKU, and the totals before and after.
 */
export interface OrderEditRequest {
  actor: string;
  expectedVersion: number;
  items?: EditedLine[];
  shippingAddress?: ShippingAddress;
  stockDiff: { sku: string; delta: number }[];
  previousTotal: Money;
  totalAmount: Money;
  /** Re-authorizing the new total uses the order's payment method. */
  paymentMethod: string;
}

export interface OrderEditResult {
  /** The order's version after the edit. */
  version: number;
  /** The edit's number in this order (1 for the first), part of its keys. */
  edit: number;
}

export const progressQuery = defineQuery<OrderProgress>('progress');
/** Cancels the order unless its parcel is already being handed over; resolves with the outcome. */
export const cancelUpdate = defineUpdate<OrderOutcome, [CancelRequest]>('cancel');
export const approveUpdate = defineUpdate<OrderProgress, [ReviewDecision]>('approve');
export const rejectUpdate = defineUpdate<OrderProgress, [ReviewDecision]>('reject');
/** Version 4: an edit of the order's lines or address, until its shipment is being booked (src/orders/workflow/order-edits.ts). */
export const editUpdate = defineUpdate<OrderEditResult, [OrderEditRequest]>('edit');

/** Version 4: a carrier's report on the order's parcel (version 5: on one of its parcels); applied only when it moves that parcel forward. */
export const shipmentUpdateSignal = defineSignal<[ShipmentUpdate]>('shipmentUpdate');

/**
 * Version 0 (before the saga): the API signalled status changes it had made so the workflow could
 * update its search attribute. Kept so that orders started by version 0 replay unchanged.
 */
export const legacyStatusChanged = defineSignal<[string]>('statusChanged');
