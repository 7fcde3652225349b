/**
 * Domain errors are typed values. The HTTP layer maps them to problems in one place
 * (src/http/problem.ts); activities map them to non-retryable Temporal failures.
 */
export abstract class DomainError extends Error {
  abstract readonly kind:
    | 'invalid'
    | 'unauthenticated'
    | 'forbidden'
    | 'not-found'
    | 'conflict'
    | 'precondition-failed'
    | 'unprocessable'
    | 'unavailable'
    | 'outcome-unknown'
    | 'rate-limited';
}

/** The request is well-formed JSON that the schema accepts, but a business rule rejects it. */
export class InvalidInput extends DomainError {
  readonly kind = 'invalid';
  constructor(
    message: string,
    /** JSON pointer into the request body, e.g. `/total_amount`. */
    readonly pointer: string,
  ) {
    super(message);
    this.name = 'InvalidInput';
  }
}

export class OrderNotFound extends DomainError {
  readonly kind = 'not-found';
  constructor(readonly orderId: number) {
    super(`Order ${orderId} does not exist.`);
    this.name = 'OrderNotFound';
  }
}

export class IllegalTransition extends DomainError {
  readonly kind = 'conflict';
  constructor(
    readonly orderId: number,
    readonly from: string,
    readonly to: string,
  ) {
    super(`Order ${orderId} is ${from}; it cannot become ${to}.`);
    this.name = 'IllegalTransition';
  }
}

export class OrderClosed extends DomainError {
  readonly kind = 'conflict';
  constructor(
    readonly orderId: number,
    readonly status: string,
  ) {
    super(`Order ${orderId} is ${status}; a ${status} order cannot be changed.`);
    this.name = 'OrderClosed';
  }
}

export class SkuNotFound extends DomainError {
  readonly kind = 'not-found';
  constructor(readonly sku: string) {
    super(`There is no stock record for SKU ${sku}.`);
    this.name = 'SkuNotFound';
  }
}

/** A stock location (warehouse) that does not exist (GET /locations lists them). */
export class LocationNotFound extends DomainError {
  readonly kind = 'not-found';
  constructor(readonly location: string) {
    super(`There is no stock location ${location}.`);
    this.name = 'LocationNotFound';
  }
}

/** A carrier reported on a tracking number it never booked with us. */
export class ShipmentNotFound extends DomainError {
  readonly kind = 'not-found';
  constructor(
    readonly carrier: string,
    readonly trackingNumber: string,
  ) {
    super(`Carrier ${carrier} has no shipment with tracking number ${trackingNumber.slice(0, 64)}.`);
    this.name = 'ShipmentNotFound';
  }
}

/** The request conflicts with the current state of the resource (e.g. stock below what is reserved). */
export class Conflict extends DomainError {
  readonly kind = 'conflict';
  constructor(message: string) {
    super(message);
    this.name = 'Conflict';
  }
}

export class ReturnNotFound extends DomainError {
  readonly kind = 'not-found';
  constructor(
    readonly orderId: number,
    readonly returnId: number,
  ) {
    super(`Order ${orderId} has no return ${returnId}.`);
    this.name = 'ReturnNotFound';
  }
}

/**
 * A return the order does not allow: more units than are left to return, a SKU the order does not
 * have, or a request outside the return window. Nothing is stored.
 */
export class ReturnRefused extends DomainError {
  readonly kind = 'unprocessable';
  constructor(
    message: string,
    /** JSON pointer into the request body, e.g. `/items/0/quantity`. */
    readonly pointer: string,
  ) {
    super(message);
    this.name = 'ReturnRefused';
  }
}

/** A dependency (PostgreSQL, Temporal) could not be reached; the caller may retry later. */
export class DependencyUnavailable extends DomainError {
  readonly kind = 'unavailable';
  constructor(
    readonly dependency: 'postgres' | 'temporal',
    options?: { cause?: unknown },
  ) {
    super(`${dependency === 'postgres' ? 'PostgreSQL' : 'Temporal'} is unavailable; nothing was changed. Try again later.`, options);
    this.name = 'DependencyUnavailable';
  }
}

/**
 * PostgreSQL aborted the transaction to resolve a conflict with a concurrent one (a deadlock, or a
 * serialization failure): it was rolled back whole, and the same request may simply be sent again.
 */
export class TransactionAborted extends DomainError {
  readonly kind = 'unavailable';
  constructor(options?: { cause?: unknown }) {
    super('The request collided with concurrent work on the same data and was rolled back; nothing was changed. Retry it.', options);
    this.name = 'TransactionAborted';
  }
}

/**
 * A carrier's event was recorded, but the workflow following its parcel could not be told (Temporal
 * unreachable). Unlike DependencyUnavailable something was stored: the carrier sends the event
 * again (same event id), and the repeat, answered duplicate, is passed on again.
 */
export class CarrierEventNotPassedOn extends DomainError {
  readonly kind = 'unavailable';
  constructor(options?: { cause?: unknown }) {
    super('The event was recorded, but could not be passed on yet (Temporal is unavailable). Send it again with the same event_id.', options);
    this.name = 'CarrierEventNotPassedOn';
  }
}

/**
 * The return id just given by the database already names a return workflow in Temporal, or a
 * stored return (the database's ids are behind: a restored backup, a sequence reset): nothing was
 * stored. The id is used up; a retry takes the next one.
 */
export class ReturnIdTaken extends DomainError {
  readonly kind = 'unavailable';
  constructor(options?: { cause?: unknown }) {
    super('The return could not be given an id that is free; nothing was stored. Try again.', options);
    this.name = 'ReturnIdTaken';
  }
}

/**
 * The order id just reserved already names a workflow in Temporal, so its workflow could not start
 * and nothing was stored. Ids come from the database's sequence, so this means that sequence is
 * behind Temporal's history: a database restored from a backup, or another deployment's database
 * using the same Temporal namespace. The id is used up; a retry takes the next one.
 */
export class OrderIdTaken extends DomainError {
  readonly kind = 'unavailable';
  constructor(
    readonly workflowId: string,
    options?: { cause?: unknown },
  ) {
    super('The order could not be given an id that its workflow can use; nothing was stored. Try again.', options);
    this.name = 'OrderIdTaken';
  }
}

/**
 * A message to an order's workflow was sent but not confirmed in time (its worker is busy or down):
 * it may still take effect. Retrying with the same Idempotency-Key asks about the same message.
 */
export class OutcomeUnknown extends DomainError {
  readonly kind = 'outcome-unknown';
  constructor(what: string, options?: { cause?: unknown }) {
    super(
      `The order's workflow did not confirm the ${what} in time; it may still take effect. Retry with the same Idempotency-Key to learn the outcome.`,
      options,
    );
    this.name = 'OutcomeUnknown';
  }
}

/**
 * The request held its Idempotency-Key longer than IDEMPOTENCY_KEY_LOCK and a retry took the key
 * over: the retry's work is the one that counts, and this request's was rolled back.
 */
export class IdempotencyKeyTakenOver extends DomainError {
  readonly kind = 'conflict';
  constructor() {
    super(
      'This request took longer than its hold on the Idempotency-Key, and a retry with the same key took it over; this request changed nothing. Retry with the same key to get the response that counts.',
    );
    this.name = 'IdempotencyKeyTakenOver';
  }
}

/** No credentials, or credentials that do not verify. */
export class Unauthenticated extends DomainError {
  readonly kind = 'unauthenticated';
  constructor(message = 'Send a valid bearer token in the Authorization header.') {
    super(message);
    this.name = 'Unauthenticated';
  }
}

/** Authenticated, but this role may not do this. Never used to hide whether something exists (that is a 404). */
export class Forbidden extends DomainError {
  readonly kind = 'forbidden';
  constructor(message: string) {
    super(message);
    this.name = 'Forbidden';
  }
}

/** The caller sent more requests than its rate limit allows; `Retry-After` says when to try again. */
export class TooManyRequests extends DomainError {
  readonly kind = 'rate-limited';
  constructor() {
    super('This client sent too many requests; wait for the number of seconds in Retry-After.');
    this.name = 'TooManyRequests';
  }
}

/** The client's If-Match names a version of the order that is no longer current. */
export class VersionMismatch extends DomainError {
  readonly kind = 'precondition-failed';
  constructor(
    readonly orderId: number,
    readonly currentVersion: number,
  ) {
    super(`Order ${orderId} has changed since you read it (it is now at version ${currentVersion}); read it again and retry.`);
    this.name = 'VersionMismatch';
  }
}

/**
 * A step of an order's processing was refused for a business reason (out of stock, card declined,
 * carrier cannot ship): retrying cannot change the answer. Activities surface it as a non-retryable
 * Temporal failure of type `name`, with `code` and `details` (src/temporal/activity-interceptors.ts).
 */
export abstract class StepRejected extends Error {
  /**
   * The Temporal failure type this refusal travels as, and the key the workflow maps to an outcome
   * (src/orders/workflow/failure-outcomes.ts). Fixed text, so renaming a class changes nothing.
   */
  static readonly failureType: string;

  get failureType(): string {
    return (this.constructor as StepRejectedClass).failureType;
  }

  constructor(
    /** Machine-readable reason, e.g. `card_declined`; it becomes the order's status reason. */
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** A concrete refusal class, as the workflow's outcome map keys it. */
export type StepRejectedClass = { readonly failureType: string } & (abstract new (...args: never[]) => StepRejected);

export class OutOfStock extends StepRejected {
  static override readonly failureType = 'OutOfStock';
  constructor(
    readonly sku: string,
    requested: number,
    available: number,
  ) {
    super('out_of_stock', `Only ${available} of ${sku} available, ${requested} requested.`, { sku, requested, available });
    this.name = 'OutOfStock';
  }
}

export class PaymentDeclined extends StepRejected {
  static override readonly failureType = 'PaymentDeclined';
  constructor(code: string, message: string) {
    super(code, message);
    this.name = 'PaymentDeclined';
  }
}

export class ShipmentRefused extends StepRejected {
  static override readonly failureType = 'ShipmentRefused';
  constructor(code: string, message: string) {
    super(code, message);
    this.name = 'ShipmentRefused';
  }
}

/**
 * The carrier could not be reached for a booking, attempt after attempt (workflow version 6 books
 * inside the authorization's activity, which retries the carrier itself): shipping is impossible,
 * as when version 5's booking activity ran out of retries (`shipping_unavailable`).
 */
export class CarrierUnreachable extends StepRejected {
  static override readonly failureType = 'CarrierUnreachable';
  constructor(message: string) {
    super('shipping_unavailable', message);
    this.name = 'CarrierUnreachable';
  }
}

/** An order edit could not be applied: the order moved on from the version the edit was made on (`stale_version`). */
export class EditRefused extends StepRejected {
  static override readonly failureType = 'EditRefused';
  constructor(code: 'stale_version', message: string) {
    super(code, message);
    this.name = 'EditRefused';
  }
}

/** An external provider (payment, carrier) failed transiently or could not be reached: retry with backoff. */
export class ProviderUnavailable extends Error {
  constructor(
    readonly provider: string,
    message: string,
  ) {
    super(`${provider}: ${message}`);
    this.name = 'ProviderUnavailable';
  }
}

/** A return's workflow started, and the transaction that was to create the return ended without it. */
export class ReturnNeverCreated extends StepRejected {
  static override readonly failureType = 'ReturnNeverCreated';
  constructor(returnId: number) {
    super('never_created', `Return ${returnId} was never created: its create transaction ended without committing it.`);
    this.name = 'ReturnNeverCreated';
  }
}

export class FraudSuspected extends StepRejected {
  static override readonly failureType = 'FraudSuspected';
  constructor(message: string, details: Record<string, unknown>) {
    super('fraud_suspected', message, details);
    this.name = 'FraudSuspected';
  }
}
