import { findAddresses, findDatesOfBirth, findEmails, findPhones, type Span } from './patterns.js';
import { findNames, keepSet } from './names.js';
import type { PiiType, RedactOptions, RedactResult, Replacement } from './types.js';

const DEFAULT_PLACEHOLDERS: Record<PiiType, string> = {
  NAME: '[NAME]',
  PHONE: '[PHONE]',
  EMAIL: '[EMAIL]',
  ADDRESS: '[ADDRESS]',
  DOB: '[DOB]',
};

// When spans overlap, the more specific detector wins: an e-mail contains name-like words, an address a number.
const PRIORITY: Record<PiiType, number> = { EMAIL: 0, DOB: 1, PHONE: 2, ADDRESS: 3, NAME: 4 };

/**
 * Replace personal information in `text` with typed placeholders. Pure and synchronous: the same input always gives
 * the same output. Offsets in `replacements` refer to the original text.
 */
export function redact(text: string, opts: RedactOptions): RedactResult {
  const placeholders = { ...DEFAULT_PLACEHOLDERS, ...opts.placeholders };
  const found: Span[] = [];
  findEmails(text, found);
  findDatesOfBirth(text, found);
  findPhones(text, found);
  findAddresses(text, found);
  for (const s of findNames(text, { keep: keepSet(opts.keepNames), known: opts.knownNames ?? [] })) found.push(s);

  found.sort((a, b) => PRIORITY[a.type] - PRIORITY[b.type] || b.end - b.start - (a.end - a.start) || a.start - b.start);
  // (Per type, longer spans first: "Maria Gonzalez" wins over a shorter overlapping "Maria".)
  const chosen: Span[] = [];
  const taken = new Uint8Array(text.length);
  outer: for (const s of found) {
    if (s.end <= s.start) continue;
    for (let k = s.start; k < s.end; k++) if (taken[k]) continue outer;
    taken.fill(1, s.start, s.end);
    chosen.push(s);
  }
  chosen.sort((a, b) => a.start - b.start);

  const replacements: Replacement[] = [];
  let out = '';
  let at = 0;
  for (const s of chosen) {
    const placeholder = placeholders[s.type];
    out += text.slice(at, s.start) + placeholder;
    at = s.end;
    replacements.push({ type: s.type, start: s.start, end: s.end, placeholder });
  }
  out += text.slice(at);
  return { text: out, replacements };
}

/**
 * Redact every turn of a transcript. Speaker names of other people in the file can be passed as `knownNames`; the
 * dyad's own names go in `keepNames`.
 */
export function redactTurns<T extends { text: string }>(turns: readonly T[], opts: RedactOptions): Array<T & { replacements: Replacement[] }> {
  return turns.map((t) => {
    const r = redact(t.text, opts);
    return { ...t, text: r.text, replacements: r.replacements };
  });
}
