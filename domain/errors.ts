/**
 * Domain errors. Handlers map them to problem+json with `instanceof`; each carries a stable `code`
 * that clients may switch on, so codes are never renamed once published.
 */
export interface FieldProblem {
  /** Dotted path of the offending field, e.g. `body.lines.3.quantity`. */
  readonly field: string;
  readonly code: string;
  readonly message: string;
}

export abstract class DomainError extends Error {
  abstract readonly code: string;
  abstract readonly status: number;
  abstract readonly title: string;
}

export class ValidationFailed extends DomainError {
  readonly code = 'validation-failed';
  readonly status = 400;
  readonly title = 'The request is not valid';
  constructor(readonly problems: readonly FieldProblem[]) {
    super(problems.map((p) => `${p.field}: ${p.message}`).join('; '));
  }
}

export class Unauthenticated extends DomainError {
  readonly code = 'unauthenticated';
  readonly status = 401;
  readonly title = 'A valid bearer token is required';
}

export class Forbidden extends DomainError {
  readonly code = 'forbidden';
  readonly status = 403;
  readonly title = 'The caller may not do this';
}

/** A valid token whose user is unknown to the portal or deactivated: refused on every request. */
export class UserInactive extends DomainError {
  readonly code = 'user-inactive';
  readonly status = 403;
  readonly title = 'The user is not an active portal user';
}

export class NotFound extends DomainError {
  readonly code = 'not-found';
  readonly status = 404;
  readonly title = 'No such resource';
  constructor(readonly resource: string) {
    super(`${resource} not found`);
  }
}

export class Conflict extends DomainError {
  readonly code: string;
  readonly status = 409;
  readonly title = 'The resource is not in a state that allows this';
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}
