import { DomainError } from '@dyadic/domain';
import type { Format } from './types.js';

/** Why a transcript could not be parsed; lets the API pick a status (e.g. 413 for `too-large`) without parsing messages. */
export type ParseFailure =
  | 'too-large'
  | 'empty'
  | 'binary'
  | 'unsupported'
  | 'syntax'
  | 'no-speakers'
  | 'missing-column'
  | 'too-many-turns';

const MAX_FOUND = 60;

/** Quote a snippet of the input for an error message: one line, at most 60 characters. */
export function found(s: string | undefined): string {
  if (s === undefined) return 'end of file';
  let t = s.replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  if (t.length > MAX_FOUND) t = t.slice(0, MAX_FOUND) + '…';
  return `"${t}"`;
}

/**
 * The input is not a transcript we can read. Status 422, problem type `unparseable-transcript`.
 * The message names the format tried, the line (1-based, when there is one) and what was expected,
 * e.g. `vtt, line 14: expected a cue timing "00:00:01.000 --> 00:00:04.000", found "00:00:1"`.
 */
export class TranscriptParseError extends DomainError {
  readonly format: Format | 'unknown';
  readonly line?: number;
  readonly expected: string;
  readonly reason: ParseFailure;

  constructor(args: { format: Format | 'unknown'; line?: number; expected: string; found?: string; reason?: ParseFailure; detail?: string }) {
    const where = args.line !== undefined ? `${args.format}, line ${args.line}` : args.format;
    const foundPart = args.found !== undefined ? `, found ${args.found}` : '';
    const detail = args.detail ? ` (${args.detail})` : '';
    const message = `${where}: expected ${args.expected}${foundPart}${detail}`;
    const reason = args.reason ?? 'syntax';
    const extra: Record<string, unknown> = { format: args.format, expected: args.expected, reason };
    if (args.line !== undefined) extra.line = args.line;
    super(message, 422, 'unparseable-transcript', extra);
    this.name = 'TranscriptParseError';
    this.format = args.format;
    if (args.line !== undefined) this.line = args.line;
    this.expected = args.expected;
    this.reason = reason;
  }
}

/**
 * Roles cannot be settled from the fields, the dyad's remembered mapping or the labels in the file.
 * Status 422, problem type `speaker-roles-needed`, `extra.speakers` lists the speakers found.
 */
export class RoleMappingError extends DomainError {
  readonly speakers: string[];
  constructor(message: string, speakers: string[]) {
    super(message, 422, 'speaker-roles-needed', { speakers });
    this.name = 'RoleMappingError';
    this.speakers = speakers;
  }
}
