import { ApplicationFailure } from '@temporalio/common';
import { StepRejected } from '../shared/errors.js';

/**
 * The one place where a domain error becomes a Temporal failure: a step refused for a business
 * reason (out of stock, declined) is non-retryable, typed by the error class's fixed failure type, with its code and
 * details for the workflow to read. Everything else stays retryable.
 */
export function toActivityFailure(error: unknown): unknown {
  if (error instanceof StepRejected) {
    return ApplicationFailure.create({
      message: error.message,
      type: error.failureType,
      nonRetryable: true,
      details: [{ code: error.code, ...error.details }],
    });
  }
  return error;
}
