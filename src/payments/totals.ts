import type { Pool } from '../db/pool.js';
import type { Money } from '../shared/money.js';
import * as queries from './queries.queries.js';

/** An order's money at the local payment provider (the order_payment_totals view). */
export interface OrderPaymentTotals {
  /** Held by live authorizations: not captured, not voided, not expired. */
  authorized: Money;
  captured: Money;
  refunded: Money;
}

const ZERO = '0.00' as Money;

/** The order's totals; all zero for an order the provider has never seen. */
export async function readOrderPaymentTotals(pool: Pool, orderId: number): Promise<OrderPaymentTotals> {
  const [row] = await queries.orderPaymentTotals.run({ orderId }, pool);
  if (!row) return { authorized: ZERO, captured: ZERO, refunded: ZERO };
  // The view prints NUMERIC(14,2), two decimals always: Money's form. Sums may exceed one order's
  // MAX_AMOUNT, which is why they are not parsed as one.
  return { authorized: row.authorized as Money, captured: row.captured as Money, refunded: row.refunded as Money };
}
