/**
 * @dyadic/redaction: replace personal information in transcript text (names other than the dyad's, phone numbers,
 * e-mail addresses, street addresses, dates of birth) with typed placeholders before it is stored. See README.md.
 */
export { redact, redactTurns } from './redact.js';
export { PII_TYPES } from './types.js';
export type { PiiType, Replacement, RedactOptions, RedactResult } from './types.js';
