/**
 * Domain errors are typed values. The HTTP layer maps them to problems in one place
 * (src/http/problem.ts); activities map them to non-retryable Temporal failures.
 */
export abstract class DomainError extends Error {
  abstract readonly kind: 'invalid' | 'not-found' | 'conflict' | 'unavailable';
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
