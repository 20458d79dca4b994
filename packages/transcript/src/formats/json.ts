import type { TurnBuilder } from '../builder.js';
import { TranscriptParseError, found } from '../errors.js';
import { LineReader } from '../lines.js';
import { parseTimeValue } from '../time.js';
import { fieldOf } from './columns.js';
import { jsonErrorOffset } from './json-locate.js';
import { speakerLine } from './txt.js';

export const JSON_EXPECTED =
  'Whisper/WhisperX {"segments":[{"speaker","text","start","end"}]}, AssemblyAI {"utterances":[…]} or an array [{"speaker","text"}]';

function lineAt(text: string, pos: number): number {
  let line = 1;
  const end = Math.min(pos, text.length);
  for (let i = text.indexOf('\n'); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

interface Source {
  items: unknown[];
  path: string;
  /** AssemblyAI reports milliseconds. */
  scale: number;
}

/** Find the list of segments in a parsed JSON document (no recursion into arbitrary depth). */
function findSource(doc: unknown): Source | undefined {
  if (Array.isArray(doc)) return { items: doc, path: '$', scale: 1 };
  if (!isObj(doc)) return undefined;
  if (Array.isArray(doc.utterances)) return { items: doc.utterances, path: 'utterances', scale: 0.001 };
  if (Array.isArray(doc.segments)) return { items: doc.segments, path: 'segments', scale: 1 };
  for (const k of ['turns', 'transcript', 'results', 'monologues', 'data', 'items'] as const) {
    const v = doc[k];
    if (Array.isArray(v)) return { items: v, path: k, scale: 1 };
    if (isObj(v) && Array.isArray(v.utterances)) return { items: v.utterances, path: `${k}.utterances`, scale: 1 }; // Deepgram: seconds
  }
  return undefined;
}

function speakerName(v: unknown): string | undefined {
  if (typeof v === 'number' && Number.isInteger(v)) return `Speaker ${v}`;
  if (typeof v !== 'string') return undefined;
  const s = v.trim();
  if (!s) return undefined;
  // AssemblyAI labels speakers "A", "B": show them as "Speaker A"
  if (/^[A-Z]$/.test(s)) return `Speaker ${s}`;
  return s;
}

/**
 * JSON transcripts: Whisper/WhisperX `segments` (seconds), AssemblyAI `utterances` (milliseconds), Deepgram
 * `results.utterances`, or a plain array of `{speaker, text, start?, end?}` (field synonyms as in CSV). A
 * segment without a speaker continues the previous speaker; if no segment has a speaker field, the segment
 * texts are tried as "Name: text" lines. JSON Lines (one object per line) is read too.
 */
export function parseJson(text: string, b: TurnBuilder): void {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    const jsonl = tryJsonLines(text);
    if (jsonl) doc = jsonl;
    else {
      const msg = (err as Error).message ?? '';
      const m = /position (\d+)/.exec(msg);
      const off = m ? Number(m[1]) : text.length < 64 * 1024 * 1024 ? jsonErrorOffset(text) : -1;
      const line = off >= 0 ? lineAt(text, off) : undefined;
      const stack = err instanceof RangeError;
      throw new TranscriptParseError({
        format: 'json',
        line,
        expected: stack ? 'JSON nested less deeply' : 'valid JSON',
        detail: msg.slice(0, 120),
      });
    }
  }
  const src = findSource(doc);
  if (!src) {
    const keys = isObj(doc) ? Object.keys(doc).slice(0, 8).join(', ') : typeof doc;
    throw new TranscriptParseError({ format: 'json', line: 1, expected: JSON_EXPECTED, found: found(keys), reason: 'no-speakers' });
  }
  const segs = new JsonSegments(b, src.path, src.scale);
  for (const it of src.items) segs.add(it);
  segs.finish();
}

/**
 * The segments of a JSON transcript, one at a time (the whole-document parser passes its array, the streaming
 * parser one JSON Lines object at a time). Segment texts are kept only while no segment has shown a speaker field
 * (undiarised output may still need them, see `finish`).
 */
export class JsonSegments {
  private count = 0;
  private noSpeaker = 0;
  private skipped = 0;
  private anySpeakerField = false;
  private texts: string[] | undefined = [];

  constructor(
    private readonly b: TurnBuilder,
    private readonly path: string,
    /** AssemblyAI reports milliseconds. */
    private readonly scale: number,
  ) {}

  add(it: unknown): void {
    const b = this.b;
    const i = this.count++;
    if (!isObj(it)) {
      throw new TranscriptParseError({ format: 'json', expected: `${this.path}[${i}] to be an object with "speaker" and "text"`, found: found(describeShallow(it)) });
    }
    let speakerV: unknown;
    let textV: unknown;
    let startV: unknown;
    let endV: unknown;
    let msStart = false;
    let msEnd = false;
    for (const k in it) {
      const f = fieldOf(k);
      if (!f) continue;
      const v = it[k];
      if (f.field === 'speaker' && speakerV === undefined && (typeof v === 'string' || typeof v === 'number')) speakerV = v;
      else if (f.field === 'text' && textV === undefined && typeof v === 'string') textV = v;
      else if (f.field === 'start' && startV === undefined) [startV, msStart] = [it[k], f.ms];
      else if (f.field === 'end' && endV === undefined) [endV, msEnd] = [it[k], f.ms];
    }
    if (speakerV === undefined && typeof it.speaker_name === 'string') speakerV = it.speaker_name;
    const t = typeof textV === 'string' ? textV.normalize('NFC').replace(/\s+/g, ' ').trim() : '';
    if (!t) {
      this.skipped++;
      return;
    }
    this.texts?.push(t);
    let speaker = speakerName(speakerV);
    if (speakerV !== undefined) this.anySpeakerField = true;
    if (!speaker) {
      speaker = b.lastSpeaker;
      if (!speaker) {
        this.noSpeaker++;
        return;
      }
    }
    const start = parseTimeValue(startV, msStart ? 0.001 : this.scale);
    const end = parseTimeValue(endV, msEnd ? 0.001 : this.scale);
    b.add({ speaker, text: t, start, end });
    // the undiarised fallback can no longer happen: stop keeping texts
    if (this.anySpeakerField || b.speakerCount > 0) this.texts = undefined;
  }

  finish(): void {
    const b = this.b;
    if (b.speakerCount === 0 && !this.anySpeakerField) {
      // undiarised Whisper output: the speakers may be written into the text ("Mentor: …")
      for (const t of this.texts ?? []) {
        const c = speakerLine(t);
        if (c && !c.header) b.add({ speaker: c.name, text: c.text, start: c.ts });
        else b.append(t);
      }
    }
    this.texts = undefined;
    if (b.speakerCount === 0) {
      throw new TranscriptParseError({
        format: 'json',
        expected: `a "speaker" field in ${this.path}[…] (diarised output, e.g. WhisperX or AssemblyAI with speaker labels)`,
        found: `${this.count} item(s) without speakers`,
        reason: 'no-speakers',
      });
    }
    if (this.noSpeaker) b.warnings.push(`skipped ${this.noSpeaker} segment(s) before the first segment with a speaker`);
    if (this.skipped) b.warnings.push(`skipped ${this.skipped} segment(s) without text`);
  }
}

const JSONL_EXPECTED = 'one JSON object per line (JSON Lines)';

/** One (trimmed, non-blank) JSON Lines line as an object, or undefined when it is not one. */
export function jsonLineObject(t: string): unknown {
  if (t[0] !== '{') return undefined;
  try {
    return JSON.parse(t);
  } catch {
    return undefined;
  }
}

export function jsonLinesError(line: number, t: string): TranscriptParseError {
  return new TranscriptParseError({ format: 'json', line, expected: JSONL_EXPECTED, found: found(t) });
}

/** JSON Lines: every non-blank line is a JSON object. Undefined when the text is not JSONL. */
function tryJsonLines(text: string): unknown[] | undefined {
  const out: unknown[] = [];
  const r = new LineReader(text);
  for (let line = r.next(); line !== null; line = r.next()) {
    const t = line.trim();
    if (!t) continue;
    const o = jsonLineObject(t);
    if (o === undefined) {
      if (out.length === 0) return undefined;
      throw jsonLinesError(r.lineNo, t);
    }
    out.push(o);
  }
  return out.length > 1 ? out : undefined;
}

/** Names a value's kind without serialising it: a deeply nested item would overflow the stack. */
function describeShallow(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (typeof v === 'string') return JSON.stringify(v.slice(0, 50));
  return String(typeof v === 'object' ? 'an object' : v);
}
