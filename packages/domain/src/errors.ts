/**
 * An expected failure caused by the caller (bad input, unknown object). Carries the HTTP status and a
 * problem+json `type` slug; the API maps it in one error handler, the CLI maps it to exit code 2.
 */
export class DomainError extends Error {
  constructor(
    message: string,
    readonly status: number = 400,
    readonly type: string = 'bad-request',
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string) {
    super(`${what} not found`, 404, 'not-found');
    this.name = 'NotFoundError';
  }
}
