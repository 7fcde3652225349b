/**
 * How a step's business refusal ends an order. The map is keyed by the error classes the steps
 * throw, and each class carries its own fixed failure type (src/shared/errors.ts), so renaming a
 * class cannot silently change an order's outcome. The retry policies' non-retryable lists are
 * derived from the same classes.
 */
import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import { CarrierUnreachable, FraudSuspected, OutOfStock, PaymentDeclined, ShipmentRefused, type StepRejectedClass } from '../../shared/errors.js';

export type FinalStatus = 'cancelled' | 'failed';

const OUTCOME_OF_REJECTION = new Map<StepRejectedClass, FinalStatus>([
  [OutOfStock, 'cancelled'],
  [PaymentDeclined, 'failed'],
  [ShipmentRefused, 'failed'],
  [CarrierUnreachable, 'failed'],
  [FraudSuspected, 'failed'],
]);
const STATUS_BY_FAILURE_TYPE = new Map([...OUTCOME_OF_REJECTION].map(([rejection, status]) => [rejection.failureType, status]));

/** The failure types a retry policy must not retry, for the refusals a step may raise. */
export const nonRetryable = (...rejections: StepRejectedClass[]): string[] => rejections.map((rejection) => rejection.failureType);

/** A step's failure: an activity's comes wrapped in an ActivityFailure, a local activity's as it is. */
export const isActivityFailure = (error: unknown): boolean => error instanceof ActivityFailure || error instanceof ApplicationFailure;

/** The final status and reason of a step refused for a business reason; undefined for anything else. */
export function outcomeOfRejection(error: unknown): { status: FinalStatus; reason: string } | undefined {
  const failure = error instanceof ActivityFailure ? error.cause : error;
  if (!(failure instanceof ApplicationFailure)) return undefined;
  const status = STATUS_BY_FAILURE_TYPE.get(failure.type ?? '');
  if (!status) return undefined;
  const code = (failure.details?.[0] as { code?: string } | undefined)?.code;
  return { status, reason: code ?? 'declined' };
}
