import { DomainError } from '@dyadic/domain';

/** Wrong flags or arguments: exit code 2 with the message. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Errors caused by the input (bad file, bad line) rather than by a bug: exit code 2. */
export function isInputError(err: unknown): boolean {
  return err instanceof DomainError || (err instanceof Error && (err as { inputError?: boolean }).inputError === true);
}
