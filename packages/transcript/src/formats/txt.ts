import type { TurnBuilder } from '../builder.js';
import { TranscriptParseError, found } from '../errors.js';
import { LineReader } from '../lines.js';
import { labelFromName, speakerKey } from '../speakers.js';
import { parseClock } from '../time.js';

export const TXT_EXPECTED =
  'lines that start with a speaker name, like "Sam: Hi", "[00:01:02] Sam: Hi", "Sam (1:02): Hi", "00:01:02 Sam: Hi", or Otter blocks "Sam  0:03" with the text on the next line';

/** Words that start "X:" lines without being speakers (sentences, metadata headers, sound notes). */
const STOP_FIRST = new Set([
  'i', "i'm", 'im', 'and', 'but', 'so', 'he', 'she', 'we', 'they', 'you', 'it', 'then', 'because', 'my', 'your', 'the', 'this',
  'that', 'there', 'what', 'when', 'if', 'or', 'well', 'yes', 'yeah', 'no', 'ok', 'okay', 'like', 'um', 'uh', 'also', 'just',
  'note', 'notes', 'transcript', 'transcription', 'recording', 'recorded', 'date', 'time', 'location', 'place', 'meeting', 'subject',
  'title', 'duration', 'participants', 'attendees', 'session', 'summary', 'keywords', 'topic', 'topics', 'agenda', 'action',
  're', 'fwd', 'http', 'https', 'www', 'mailto', 'tel', 'phone', 'email', 'link', 'file', 'source', 'page', 'total',
  'inaudible', 'crosstalk', 'laughter', 'laughs', 'laughing', 'music', 'silence', 'noise', 'pause', 'unintelligible', 'background',
  'applause', 'overlapping', 'cough', 'coughs', 'sighs', 'beep', 'blank_audio', 'blank', 'end', 'start', 'begin',
]);

const MAX_NAME = 50;

/** A plausible speaker name: 1–50 characters, at most 5 words, starts with a letter, no sentence punctuation. */
export function nameLike(name: string): boolean {
  const n = name.length;
  if (n === 0 || n > MAX_NAME) return false;
  if (!/^[\p{L}]/u.test(name)) return false;
  let wordsCount = 1;
  for (let i = 0; i < n; i++) {
    const c = name[i]!;
    if (c === ' ') wordsCount++;
    else if ('?!;"“”…,\\=<>{}|*#@'.includes(c)) return false; // "/" is allowed: Zoom names like "Maya (she/her)"
  }
  if (wordsCount > 5) return false;
  if (name.includes('.') && !/^(?:(?:dr|mr|mrs|ms|jr|sr|st)\.\s?)?[^.]*$/i.test(name)) return false;
  return true;
}

export function stopped(name: string): boolean {
  const key = speakerKey(name);
  const sp = key.indexOf(' ');
  const first = sp < 0 ? key : key.slice(0, sp);
  if (first === 'a' && sp >= 0) return true; // "A friend said: …"
  return STOP_FIRST.has(first) || STOP_FIRST.has(key);
}

export interface Candidate {
  name: string;
  ts?: number | undefined;
  text: string;
  /** Otter/Teams header: name and time alone on the line, text on the next lines. */
  header: boolean;
}

/** `[00:01:02] `, `(1:02) `, `00:01:02 `, `00:01:02 - ` at the start of a line. */
function leadingTimestamp(line: string): { ts: number; rest: string } | undefined {
  const c = line[0];
  let inner: string;
  let after: number;
  if (c === '[' || c === '(') {
    const close = line.indexOf(c === '[' ? ']' : ')');
    if (close < 2 || close > 40) return undefined;
    inner = line.slice(1, close).trim();
    after = close + 1;
    // a range "00:00:01 - 00:00:04" or "00:01 --> 00:04": keep the start
    const dash = inner.search(/\s*(?:-->|-|–)\s*/);
    if (dash > 0) inner = inner.slice(0, dash);
  } else if (c !== undefined && c >= '0' && c <= '9') {
    let sp = 0;
    while (sp < line.length && sp < 16 && line[sp] !== ' ' && line[sp] !== '\t') sp++;
    inner = line.slice(0, sp);
    after = sp;
  } else return undefined;
  const ts = parseClock(inner);
  if (ts === undefined) return undefined;
  let rest = line.slice(after).trimStart();
  if (rest.startsWith('- ') || rest.startsWith('– ') || rest.startsWith('| ')) rest = rest.slice(2).trimStart();
  return { ts, rest };
}

/** A trailing "(1:02)" / "[00:01:02]" on a name. */
function trailingBracketTs(name: string): { name: string; ts: number } | undefined {
  const last = name[name.length - 1];
  if (last !== ')' && last !== ']') return undefined;
  const open = name.lastIndexOf(last === ')' ? '(' : '[');
  if (open < 0) return undefined;
  const ts = parseClock(name.slice(open + 1, -1).trim());
  if (ts === undefined) return undefined;
  return { name: name.slice(0, open).trim(), ts };
}

/** Classify one (trimmed) line as a speaker line, or undefined for text. */
export function speakerLine(line: string): Candidate | undefined {
  let ts: number | undefined;
  let rest = line;
  const lead = leadingTimestamp(line);
  if (lead) {
    ts = lead.ts;
    rest = lead.rest;
  }
  if (rest.length === 0) return undefined;
  // "[Sam] text" / "[Sam]: text"
  if (rest[0] === '[') {
    const close = rest.indexOf(']');
    if (close > 1 && close <= MAX_NAME + 1) {
      const name = rest.slice(1, close).trim();
      let text = rest.slice(close + 1);
      if (text.startsWith(':')) text = text.slice(1);
      text = text.trim();
      // "[Sam Lee] 10:02:33" header
      const tsAfter = parseClock(text);
      if (tsAfter !== undefined && ts === undefined) return nameLike(name) ? { name, ts: tsAfter, text: '', header: true } : undefined;
      if (nameLike(name)) return { name, ts, text, header: false };
    }
  }
  // "Name: text", "Name (1:02): text" – the first colon followed by a space, a tab or the end of the line
  const limit = Math.min(rest.length, MAX_NAME + 16);
  for (let i = 1; i < limit; i++) {
    if (rest[i] !== ':') continue;
    const next = rest[i + 1];
    if (next !== undefined && next !== ' ' && next !== '\t') continue;
    let name = rest.slice(0, i).trim();
    let nts = ts;
    const tb = trailingBracketTs(name);
    if (tb) {
      name = tb.name;
      nts ??= tb.ts;
    }
    if (!nameLike(name)) return undefined;
    return { name, ts: nts, text: rest.slice(i + 1).trim(), header: false };
  }
  // Otter/Teams header: "Sam Lee  0:03", "Speaker 1  1:02:03"
  if (ts === undefined) {
    let j = rest.length;
    while (j > 0 && rest[j - 1] !== ' ' && rest[j - 1] !== '\t') j--;
    if (j > 0 && rest.length - j <= 12) {
      const hts = parseClock(rest.slice(j));
      if (hts !== undefined) {
        let name = rest.slice(0, j).trim();
        if (name.startsWith('[') && name.endsWith(']')) name = name.slice(1, -1).trim();
        if (nameLike(name)) return { name, ts: hts, text: '', header: true };
      }
    }
  }
  return undefined;
}

const MAX_CANDIDATES = 10_000;

/** Pass 1: count a candidate speaker line (at most 10,000 distinct names are counted; later ones stay at 1). */
export function countCandidate(counts: Map<string, number>, c: Candidate | undefined): void {
  if (!c) return;
  const k = speakerKey(c.name);
  const n = counts.get(k);
  if (n !== undefined) counts.set(k, n + 1);
  else if (counts.size < MAX_CANDIDATES) counts.set(k, 1);
}

/**
 * Pass 2 of the plain-text rules, one line at a time. `counts` are the candidate counts of pass 1; while they are
 * still growing (`countsFinal` false: the streaming parser counts lines as they arrive), a decision that depends on
 * a count not yet settled is put off: `step` returns false and the caller offers the same line again later.
 */
export class TextBody {
  /** Lines processed so far (the 1-based number of the last one). */
  lineNo = 0;
  countsFinal: boolean;
  private preamble = 0;
  private firstLine: number | undefined;
  private firstText: string | undefined;

  constructor(
    private readonly b: TurnBuilder,
    readonly counts: Map<string, number>,
    countsFinal: boolean,
  ) {
    this.countsFinal = countsFinal;
  }

  /**
   * A candidate starts a turn when X is not a sentence/metadata word and X is capitalised, has a role word or occurs
   * at least twice; an Otter header also needs a text line after it. Undefined: not known until more lines are counted.
   */
  private accepted(c: Candidate, next: string | null | undefined): boolean | undefined {
    if (stopped(c.name)) return false;
    let strong = /^\p{Lu}/u.test(c.name) || labelFromName(c.name) !== undefined;
    if (!strong) {
      const n = this.counts.get(speakerKey(c.name));
      if (n !== undefined && n >= 2) strong = true;
      // a name first seen once may be seen again later; a name never counted (the table was full) stays at 1
      else if (n !== undefined && !this.countsFinal) return undefined;
    }
    if (!c.header || !strong) return strong;
    if (next === undefined) return undefined;
    return next !== null && next.trim() !== '' && !speakerLine(next.trim());
  }

  /**
   * Process the next line (`cand`: its `speakerLine`, or undefined to compute it). `next` is the line after it, null
   * at the end of the text, undefined when not known yet. Returns false, having done nothing, when it must wait.
   */
  step(raw: string, cand: Candidate | undefined | null, next: string | null | undefined): boolean {
    const line = raw.trim();
    if (line === '') {
      this.lineNo++;
      return true;
    }
    const c = cand === null ? speakerLine(line) : cand;
    const ok = c ? this.accepted(c, next) : false;
    if (ok === undefined) return false;
    const no = ++this.lineNo;
    if (this.firstLine === undefined) {
      this.firstLine = no;
      this.firstText = line;
    }
    if (c && ok) {
      this.b.add({ speaker: c.name, text: c.text, start: c.ts }, no);
      return true;
    }
    if (!this.b.append(line)) this.preamble++;
    return true;
  }

  finish(): void {
    const b = this.b;
    if (b.speakerCount === 0) {
      throw new TranscriptParseError({
        format: b.format,
        line: this.firstLine ?? 1,
        expected: TXT_EXPECTED,
        found: this.firstLine === undefined ? 'an empty text' : found(this.firstText),
        reason: this.firstLine === undefined ? 'empty' : 'no-speakers',
      });
    }
    if (this.preamble > 0) b.warnings.push(`skipped ${this.preamble} line(s) before the first speaker`);
  }
}

/**
 * Plain-text transcripts. Two passes over the lines: the first counts candidate speaker names, the second
 * builds turns. A candidate "X:" line starts a turn when X is name-like, does not start with a sentence or
 * metadata word ("I", "So", "Note", "Date"…), and X is capitalised, has a role word (Mentor, Mom…) or occurs at
 * least twice. Other lines continue the current turn; lines before the first speaker are skipped (warning).
 */
export function parseTextBody(text: string, b: TurnBuilder): void {
  const counts = new Map<string, number>();
  {
    const r = new LineReader(text);
    for (let line = r.next(); line !== null; line = r.next()) countCandidate(counts, speakerLine(line.trim()));
  }
  const body = new TextBody(b, counts, true);
  const r = new LineReader(text);
  for (let raw = r.next(); raw !== null; raw = r.next()) body.step(raw, null, r.peek());
  body.finish();
}
