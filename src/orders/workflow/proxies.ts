/**
 * The saga's activity proxies, one per kind of patience. Business refusals are non-retryable;
 * infrastructure errors (PostgreSQL, a provider down) retry with backoff until they succeed.
 */
import { ActivityCancellationType, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import { CarrierUnreachable, PaymentDeclined, ShipmentRefused } from '../../shared/errors.js';
import type { OrderSagaActivities } from '../steps/index.js';
import { nonRetryable } from './failure-outcomes.js';

const UNTIL_IT_WORKS = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' } as const;

/**
 * A cancelled step is waited for until it has really stopped (or finished): otherwise its
 * compensation could run while the step is still acting, and miss what it does.
 */
const WAIT_FOR_IT = ActivityCancellationType.WAIT_CANCELLATION_COMPLETED;

/** Steps on this service's own database. */
export const steps = proxyActivities<OrderSagaActivities>({ startToCloseTimeout: '10 seconds', retry: UNTIL_IT_WORKS, cancellationType: WAIT_FOR_IT });

/** Compensations call the same providers as the actions: the same patience, and they never give up. */
export const compensations = proxyActivities<OrderSagaActivities>({ startToCloseTimeout: '2 minutes', heartbeatTimeout: '10 seconds', retry: UNTIL_IT_WORKS });

/** Provider calls may be slow: they heartbeat, so a lost worker is noticed long before the timeout. */
export const payments = proxyActivities<OrderSagaActivities>({
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '10 seconds',
  retry: { ...UNTIL_IT_WORKS, nonRetryableErrorTypes: nonRetryable(PaymentDeclined) },
  cancellationType: WAIT_FOR_IT,
});

/** A carrier that keeps failing is "shipping impossible": the order fails and is compensated. */
export const shipping = proxyActivities<OrderSagaActivities>({
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '10 seconds',
  retry: {
    initialInterval: '500 milliseconds',
    backoffCoefficient: 2,
    maximumInterval: '10 seconds',
    maximumAttempts: 5,
    nonRetryableErrorTypes: nonRetryable(ShipmentRefused),
  },
  cancellationType: WAIT_FOR_IT,
});

/** Handing over happens past the point of no return: it retries until the carrier takes the parcel. */
export const handOver = proxyActivities<OrderSagaActivities>({ startToCloseTimeout: '2 minutes', heartbeatTimeout: '10 seconds', retry: UNTIL_IT_WORKS });

/** Version 3: steps on this service's own database, as local activities (a marker each in the history). */
export const local = proxyLocalActivities<OrderSagaActivities>({ startToCloseTimeout: '10 seconds', retry: UNTIL_IT_WORKS, cancellationType: WAIT_FOR_IT });

/** Version 3: the release compensation is local too; it never gives up. */
export const localCompensations = proxyLocalActivities<OrderSagaActivities>({ startToCloseTimeout: '10 seconds', retry: UNTIL_IT_WORKS });

/** Version 3: capture, hand-over and completion, past the point of no return; only a declined capture stops it. */
export const settlement = proxyActivities<OrderSagaActivities>({
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '10 seconds',
  retry: { ...UNTIL_IT_WORKS, nonRetryableErrorTypes: nonRetryable(PaymentDeclined) },
});

/**
 * Version 6: the authorization and the bookings in one activity. It retries until it works (the
 * carrier's own retries are inside it, src/orders/steps/merged-steps.ts); a decline, a refusal or an
 * unreachable carrier stops it. A cancelled one is waited for, so its compensations miss nothing.
 */
export const merged = proxyActivities<OrderSagaActivities>({
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '10 seconds',
  retry: { ...UNTIL_IT_WORKS, nonRetryableErrorTypes: nonRetryable(PaymentDeclined, ShipmentRefused, CarrierUnreachable) },
  cancellationType: WAIT_FOR_IT,
});
