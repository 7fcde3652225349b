import { isGrpcServiceError, WorkflowNotFoundError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { NamespaceNotFoundError, WorkflowExecutionAlreadyStartedError } from '@temporalio/common';

/**
 * What went wrong with a call from a client to Temporal, in the few kinds a caller acts on:
 * - `unavailable`: no answer in time, no connection, or Temporal asked us to back off. The call may
 *   or may not have reached the server; the caller may retry later.
 * - `not-found`: no such workflow, or it has finished (the server answers updates to a closed
 *   workflow with NOT_FOUND).
 * - `already-started`: a workflow with that id exists (the id policies refused a second start).
 * - `already-exists`: something else that is created once already is (e.g. a search attribute).
 * - `update-refused`: the workflow's update validator or handler said no; its message says why.
 * - `update-unconfirmed`: an update was sent but its acceptance or result did not arrive in time:
 *   it may still take effect.
 * - `rejected`: Temporal answered, and refused the call (a bad argument, a missing namespace, no
 *   permission): retrying does not help, it is a defect or a misconfiguration to look into.
 */
export type TemporalFailureKind = 'unavailable' | 'not-found' | 'already-started' | 'already-exists' | 'update-refused' | 'update-unconfirmed' | 'rejected';

/** gRPC status codes (https://grpc.github.io/grpc/core/md_doc_statuscodes.html) that mean "no answer, try later". */
const UNAVAILABLE_CODES = new Set([
  1, // CANCELLED: the call was cut off (its deadline, or the connection closing)
  4, // DEADLINE_EXCEEDED
  8, // RESOURCE_EXHAUSTED: Temporal's rate limits
  14, // UNAVAILABLE: no connection
]);
const NOT_FOUND = 5;
const ALREADY_EXISTS = 6;

/**
 * The one place where an error from the Temporal client becomes a kind the application acts on:
 * by the SDK's typed errors and the gRPC status code, never by message text. Undefined when the
 * error did not come from a Temporal call at all (a bug of ours, which stays as it is).
 */
export function temporalFailureKind(error: unknown): TemporalFailureKind | undefined {
  if (error instanceof WorkflowUpdateFailedError) return 'update-refused';
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return 'update-unconfirmed';
  if (error instanceof WorkflowExecutionAlreadyStartedError) return 'already-started';
  if (error instanceof WorkflowNotFoundError) return 'not-found';
  if (error instanceof NamespaceNotFoundError) return 'rejected';
  const code = grpcStatusCode(error);
  if (code === undefined) return undefined;
  if (UNAVAILABLE_CODES.has(code)) return 'unavailable';
  if (code === NOT_FOUND) return 'not-found';
  if (code === ALREADY_EXISTS) return 'already-exists';
  return 'rejected';
}

/** The gRPC status code of the error or of the first error in its cause chain that has one (the SDK wraps them in ServiceError). */
export function grpcStatusCode(error: unknown): number | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    if (isGrpcServiceError(current)) return current.code;
  }
  return undefined;
}

/** The reason an update's validator or handler gave (its ApplicationFailure's message). */
export function refusalMessage(error: unknown): string {
  if (error instanceof WorkflowUpdateFailedError) return error.cause?.message ?? error.message;
  return error instanceof Error ? error.message : String(error);
}
