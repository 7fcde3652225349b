import type { Money } from '../shared/money.js';

/**
 * requested → approved → awaiting_parcel (label issued) → [parcel_arrived (the carrier delivered it
 * to the warehouse; waiting for an operator's inspection)] → received → refunded (final), or from
 * awaiting_parcel to expired (final) when no parcel arrives within RETURN_PARCEL_DEADLINE. From
 * received to refund_failed when the payment provider declines the refund: an operator may retry it
 * (back to refunded when it goes through) within RETURN_REFUND_RETRY_WINDOW; after that it stays
 * refund_failed. Never final in what it owes: the customer has not been paid.
 */
export const RETURN_STATUSES = ['requested', 'approved', 'awaiting_parcel', 'parcel_arrived', 'received', 'refunded', 'expired', 'refund_failed'] as const;
export type ReturnStatus = (typeof RETURN_STATUSES)[number];

export interface ReturnLine {
  lineNo: number;
  sku: string;
  quantity: number;
  /** Set when the parcel arrived: how many units came back, and how many of those can be sold again. */
  receivedQuantity: number | null;
  resellableQuantity: number | null;
  /** The received units' share of the line, fixed when the refund is decided. */
  refundAmount: Money | null;
}

export interface OrderReturn {
  id: number;
  orderId: number;
  status: ReturnStatus;
  reason: string;
  requestedBy: string;
  labelTrackingNumber: string | null;
  refundAmount: Money | null;
  items: ReturnLine[];
  createdAt: Date;
  updatedAt: Date;
}

/** What a return asks for, per SKU. */
export interface RequestedUnits {
  sku: string;
  quantity: number;
}

/** What the warehouse found in a return's parcel, per SKU. */
export interface ReceivedUnits {
  sku: string;
  received: number;
  resellable: number;
}

/** The Temporal workflow id of a return: from its id, so a return never gets two. */
export const returnWorkflowId = (returnId: number) => `return-${returnId}`;

/**
 * The payment provider's idempotency key of a return's refund attempt: the first one keeps the key
 * returns have always used; each operator retry has its own, since the declined attempt's key keeps
 * its decline (a new key after a decline cannot pay twice: the declined refund never pays).
 */
export const refundKey = (returnId: number, attempt = 1) => `${returnWorkflowId(returnId)}/refund${attempt > 1 ? `/${attempt}` : ''}`;

/** The stock ledger's source of a return's restock: a retried restock posts once under it. */
export const restockSource = (returnId: number) => `return-${returnId}`;
