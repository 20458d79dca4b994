/**
 * `parseTranscriptStream`: the turns of a transcript read from a byte stream, with the semantics of
 * `parseTranscript` (same turns, speakers, warnings and errors) while holding only a bounded part of the input.
 * Streamed line by line: txt (timestamps, Otter blocks), vtt, srt, csv/tsv (csv-parse's incremental core), cha and
 * JSON Lines. Whole-document inputs (DOCX, a JSON object or array, and anything `parseTranscript` refuses before
 * parsing: empty, binary, PDF…) are collected under `maxBytes` and handed to `parseTranscript`. See docs/streaming.md.
 */
import { closeSync, createReadStream, openSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Turn } from '@dyadic/domain';
import { TurnBuilder } from './builder.js';
import { StreamDecoder, chooseEncoding, looksBinary } from './decode.js';
import { detectTextFormat, formatFromFilename } from './detect.js';
import { TranscriptParseError } from './errors.js';
import { ChatParser } from './formats/chat.js';
import { CsvParser, firstLine } from './formats/csv.js';
import { CueParser } from './formats/cues.js';
import { JsonSegments, jsonLineObject, jsonLinesError } from './formats/json.js';
import { TextBody, countCandidate, speakerLine, type Candidate } from './formats/txt.js';
import { LineSplitter } from './lines.js';
import { parseTranscript } from './parse.js';
import { DEFAULT_MAX_BYTES, FORMATS } from './types.js';
import type { Format, ParseOptions, SpeakerInfo } from './types.js';
import { isZip } from './zip.js';

/** Bytes, then decoded characters, read before deciding encoding and format: what the whole-file checks sample. */
const SAMPLE = 64 * 1024;
/** A first JSON line longer than this is not JSON Lines worth streaming: the input is read whole. */
const PROBE_MAX = 4 * 1024 * 1024;

export interface StreamParseOptions extends ParseOptions {
  /**
   * Formats read whole (DOCX, JSON documents) are refused above this (default 64 MB, as `parseTranscript`).
   * Streamed formats have no byte limit: their memory does not grow with the input.
   */
  maxBytes?: number;
  /** Refuse transcripts with more turns than this. Default: no limit for streamed formats (nothing is kept per turn), 200 000 for formats read whole. */
  maxTurns?: number;
  /** Plain text: characters held back while a speaker decision waits (see TxtStream) before they go to a temporary file. Default 8 M. */
  holdChars?: number;
}

/** The turns, in order; `format`, `encoding` and `streamed` are set once the first turn is out, `speakers` and `warnings` at the end. */
export interface TranscriptStream extends AsyncIterable<Turn> {
  format: Format | undefined;
  encoding: string | undefined;
  /** False when the format was read whole by `parseTranscript`. */
  streamed: boolean | undefined;
  speakers: SpeakerInfo[];
  warnings: string[];
}

export type ByteSource = AsyncIterable<Uint8Array | string> | ReadableStream<Uint8Array>;

/**
 * Parse a transcript from a stream of bytes (a `fs.ReadStream`, an HTTP body, a web `ReadableStream`…). Turns come
 * out as soon as they are complete. An error is thrown where `parseTranscript` throws it; turns before it may
 * already have been consumed, so a caller that must not act on a failed transcript reads it to the end first.
 * The stream can be iterated once.
 */
export function parseTranscriptStream(source: ByteSource, opts: StreamParseOptions = {}): TranscriptStream {
  let started = false;
  const meta: TranscriptStream = {
    format: undefined,
    encoding: undefined,
    streamed: undefined,
    speakers: [],
    warnings: [],
    [Symbol.asyncIterator](): AsyncIterator<Turn> {
      if (started) throw new Error('parseTranscriptStream: a transcript stream can be read only once');
      started = true;
      // turns are produced in batches (one per chunk read); serving them from a plain iterator costs a fraction of
      // an async generator's yield per turn
      const batches = run(source, opts, meta);
      let buf: Turn[] = [];
      let i = 0;
      return {
        async next(): Promise<IteratorResult<Turn>> {
          while (i >= buf.length) {
            const r = await batches.next();
            if (r.done) return { done: true, value: undefined };
            buf = r.value;
            i = 0;
          }
          return { done: false, value: buf[i++]! };
        },
        async return(): Promise<IteratorResult<Turn>> {
          buf = [];
          await batches.return(undefined);
          return { done: true, value: undefined };
        },
      };
    },
  };
  return meta;
}

/** Stream a file (the CLI and the benchmarks). */
export function parseTranscriptFileStream(path: string, opts: Omit<StreamParseOptions, 'filename'> = {}): TranscriptStream {
  const name = path.split(/[\\/]/).pop();
  return parseTranscriptStream(createReadStream(path, { highWaterMark: SAMPLE }), { ...opts, ...(name ? { filename: name } : {}) });
}

async function* chunksOf(source: ByteSource): AsyncGenerator<Uint8Array> {
  if (typeof (source as ReadableStream).getReader === 'function') {
    const reader = (source as ReadableStream<Uint8Array>).getReader();
    try {
      for (;;) {
        const r = await reader.read();
        if (r.done) return;
        yield r.value;
      }
    } finally {
      reader.releaseLock();
    }
  }
  for await (const c of source as AsyncIterable<Uint8Array | string>) yield typeof c === 'string' ? Buffer.from(c) : c;
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(total);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/** Office 97, PDF, RTF, gzip: `parseTranscript` names them in its error (the same magic numbers as parse.ts). */
function otherFileType(b: Uint8Array): boolean {
  return (
    (b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0) ||
    (b[0] === 0x25 && b[1] === 0x50 && b[2] === 0x44 && b[3] === 0x46) ||
    (b[0] === 0x7b && b[1] === 0x5c && b[2] === 0x72 && b[3] === 0x74 && b[4] === 0x66) ||
    (b[0] === 0x1f && b[1] === 0x8b)
  );
}

function mb(n: number): string {
  return `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;
}

/** The text of a streamed format goes in piece by piece; `finish` may yield (a plain-text replay) so turns can be drained. */
interface TextStream {
  push(text: string): void;
  finish(): AsyncGenerator<void>;
  /** Release what is held (a temporary file) when the stream is abandoned or fails. */
  dispose?(): void;
}

async function* run(source: ByteSource, opts: StreamParseOptions, meta: TranscriptStream): AsyncGenerator<Turn[]> {
  const it = chunksOf(source);
  try {
    yield* runBounded(it, opts, meta);
  } catch (err) {
    // as parseTranscript: a recursion limit hit by the input is a parse error, never a crash
    if (err instanceof RangeError && /call stack/i.test(err.message)) {
      const format = opts.format && opts.format !== 'auto' ? opts.format : (formatFromFilename(opts.filename) ?? 'unknown');
      throw new TranscriptParseError({ format, line: 1, expected: 'a transcript nested at most a few levels deep', found: 'structure nested too deeply', reason: 'syntax' });
    }
    throw err;
  } finally {
    // stopped early or failed: let the source go (a ReadStream closes its file)
    await it.return(undefined);
  }
}

async function* runBounded(it: AsyncGenerator<Uint8Array>, opts: StreamParseOptions, meta: TranscriptStream): AsyncGenerator<Turn[]> {
  const held: Uint8Array[] = [];
  let heldBytes = 0;
  let done = false;
  const pull = async (): Promise<Uint8Array | undefined> => {
    for (;;) {
      const r = await it.next();
      if (r.done) {
        done = true;
        return undefined;
      }
      if (r.value.length > 0) return r.value;
    }
  };
  const hold = (c: Uint8Array) => {
    held.push(c);
    heldBytes += c.length;
  };

  /** Read the rest and let `parseTranscript` do everything (exactly its result and errors). */
  async function* whole(): AsyncGenerator<Turn[]> {
    const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
    const forced = opts.format && opts.format !== 'auto' ? opts.format : undefined;
    // an unknown format is refused before anything else
    if (forced !== undefined && !FORMATS.includes(forced)) await parseTranscript(new Uint8Array(0), opts);
    for (let c = done ? undefined : await pull(); c; c = await pull()) {
      if (heldBytes > maxBytes) heldBytes += c.length; // past the limit: count, keep nothing
      else hold(c);
    }
    if (heldBytes > maxBytes) {
      const tried = forced ?? formatFromFilename(opts.filename) ?? 'unknown';
      throw new TranscriptParseError({ format: tried, expected: `a file of at most ${mb(maxBytes)}`, found: mb(heldBytes), reason: 'too-large' });
    }
    const data = concat(held, held.reduce((n, c) => n + c.length, 0));
    held.length = 0;
    const p = await parseTranscript(data, opts);
    Object.assign(meta, { format: p.format, encoding: p.encoding, streamed: false });
    meta.speakers = p.speakers;
    meta.warnings = p.warnings;
    if (p.turns.length > 0) yield p.turns;
  }

  // 1. Bytes: encoding and whole-file cases from the first 64 KB, as parseTranscript checks them.
  while (!done && heldBytes < SAMPLE) {
    const c = await pull();
    if (c) hold(c);
  }
  const head = concat(held, heldBytes);
  held.splice(0, held.length, head);
  const forced = opts.format && opts.format !== 'auto' ? opts.format : undefined;
  if (heldBytes === 0 || (forced && !FORMATS.includes(forced)) || forced === 'docx' || otherFileType(head) || isZip(head)) return yield* whole();

  // 2. Text: binary check, format detection (on the first 64 K characters, as the whole-file checks).
  const dec = new StreamDecoder(chooseEncoding(head, done));
  let decEnded = false;
  /** Decode the next chunk (or the decoder's end): undefined at the end of the input. */
  const pullText = async (): Promise<string | undefined> => {
    if (decEnded) return undefined;
    const c = await pull();
    if (c) {
      hold(c);
      return dec.write(c);
    }
    decEnded = true;
    return dec.end();
  };
  const pieces: string[] = [dec.write(head)];
  let chars = pieces[0]!.length;
  let blank = pieces[0]!.trim() === '';
  while (!decEnded && (chars < SAMPLE || blank)) {
    const s = await pullText();
    if (s === undefined) break;
    pieces.push(s);
    chars += s.length;
    if (blank && s.trim() !== '') blank = false;
  }
  let headText = pieces.join('');
  pieces.length = 0;
  if (looksBinary(headText) || (decEnded && headText.trim() === '')) return yield* whole();
  const byExt = formatFromFilename(opts.filename);
  const format: Format = forced ?? detectTextFormat(headText) ?? (byExt && byExt !== 'docx' ? byExt : 'txt');
  if (format === 'json') {
    // JSON Lines streams; a JSON document (or anything else) is read whole. JSON Lines = the first two non-blank
    // lines are objects (one object alone is a JSON document to parseTranscript). Only when JSON was named (format
    // or file name): JSON guessed from the content is retried as plain text when it fails, which needs the whole text.
    if (forced !== 'json' && byExt !== 'json') return yield* whole();
    const firstTwo: string[] = [];
    const probe = new LineSplitter((l) => {
      const t = l.trim();
      if (t && firstTwo.length < 2) firstTwo.push(t);
    });
    probe.push(headText);
    if (decEnded) probe.end();
    while (firstTwo.length < 2 && !decEnded && probe.pending < PROBE_MAX) {
      const s = await pullText();
      if (s === undefined) break;
      headText += s;
      probe.push(s);
      if (decEnded) probe.end();
    }
    const jsonl = firstTwo.length === 2 && firstTwo.every((t) => jsonLineObject(t) !== undefined);
    if (!jsonl) return yield* whole();
  }
  held.length = 0; // streaming from here: the bytes read so far are in headText

  const maxTurns = opts.maxTurns ?? Number.POSITIVE_INFINITY;
  const out: Turn[] = [];
  const b = new TurnBuilder(format, maxTurns, (t) => out.push(t));
  const text = textStream(format, b, opts.holdChars ?? 8 * 1024 * 1024);
  meta.format = format;
  meta.encoding = dec.encoding;
  meta.streamed = true;
  try {
    text.push(headText);
    headText = '';
    if (out.length > 0) yield out.splice(0);
    while (!decEnded) {
      const c = await pull();
      if (c) text.push(dec.write(c));
      else {
        decEnded = true;
        text.push(dec.end());
      }
      if (out.length > 0) yield out.splice(0);
    }
    for await (const _step of text.finish()) if (out.length > 0) yield out.splice(0);
  } finally {
    text.dispose?.();
  }
  const res = b.finish();
  if (out.length > 0) yield out.splice(0);
  meta.speakers = res.speakers;
  meta.warnings = res.warnings;
  if (dec.invalidUtf8) meta.warnings.push('invalid UTF-8 after the first 64 KB was replaced with U+FFFD (the whole-file parser reads such a file as Windows-1252)');
}

function textStream(format: Format, b: TurnBuilder, holdChars: number): TextStream {
  switch (format) {
    case 'vtt':
    case 'srt':
      return lineStream(new CueParser(b, format));
    case 'cha':
      return lineStream(new ChatParser(b));
    case 'csv':
    case 'tsv':
      return csvStream(b, format);
    case 'json':
      return jsonLinesStream(b);
    default:
      return new TxtStream(b, holdChars);
  }
}

function lineStream(p: { line(l: string): void; finish(): void }): TextStream {
  const lines = new LineSplitter((l) => p.line(l));
  return {
    push: (t) => lines.push(t),
    async *finish() {
      lines.end();
      p.finish();
    },
  };
}

/** CSV/TSV: the header line picks the delimiter, so text is held until the first line break. */
function csvStream(b: TurnBuilder, format: 'csv' | 'tsv'): TextStream {
  let parser: CsvParser | undefined;
  let head = '';
  return {
    push(t) {
      if (parser) return parser.write(t);
      head += t;
      if (/[\r\n]/.test(head)) {
        parser = new CsvParser(b, format, firstLine(head));
        parser.write(head);
        head = '';
      }
    },
    async *finish() {
      if (!parser) {
        parser = new CsvParser(b, format, firstLine(head));
        parser.write(head);
      }
      parser.finish();
    },
  };
}

/** JSON Lines: every non-blank line an object (the same rules and errors as the whole-file JSON Lines reader). */
function jsonLinesStream(b: TurnBuilder): TextStream {
  const segs = new JsonSegments(b, '$', 1);
  let lineNo = 0;
  const lines = new LineSplitter((l) => {
    lineNo++;
    const t = l.trim();
    if (!t) return;
    const o = jsonLineObject(t);
    if (o === undefined) throw jsonLinesError(lineNo, t);
    segs.add(o);
  });
  return {
    push: (t) => lines.push(t),
    async *finish() {
      lines.end();
      segs.finish();
    },
  };
}

interface Held {
  raw: string;
  cand: Candidate | undefined;
}

/**
 * Plain text in one pass. The whole-file rules count every candidate speaker name first: a lower-case name ("sam:")
 * starts turns only if it occurs twice somewhere. Here lines are counted as they arrive; when a line's decision
 * depends on a count still at 1, it and the lines after it are held until the name turns up again (usually a few
 * lines later) or the input ends. Held text beyond `holdChars` goes to a temporary file, replayed at the end with
 * the final counts, so memory stays bounded even when a one-off "word: …" line waits for the end.
 */
class TxtStream implements TextStream {
  private readonly counts = new Map<string, number>();
  private readonly body: TextBody;
  private readonly lines: LineSplitter;
  private queue: Held[] = [];
  private head = 0;
  private heldChars = 0;
  private ended = false;
  private spill: { path: string; fd: number; buf: string[]; bufChars: number } | undefined;
  /** Lines come from the replayed spill file: already counted. */
  private replaying = false;

  constructor(
    b: TurnBuilder,
    private readonly holdChars: number,
  ) {
    this.body = new TextBody(b, this.counts, false);
    this.lines = new LineSplitter((l) => this.line(l));
  }

  push(text: string): void {
    this.lines.push(text);
  }

  private line(raw: string): void {
    let cand: Candidate | undefined;
    if (!this.replaying) {
      cand = speakerLine(raw.trim());
      countCandidate(this.counts, cand);
      if (this.spill) return this.toSpill(raw);
    } else cand = speakerLine(raw.trim());
    this.queue.push({ raw, cand });
    this.heldChars += raw.length;
    this.drain();
    if (!this.replaying && this.queue.length - this.head > 1 && this.heldChars > this.holdChars) this.startSpill();
  }

  private drain(): void {
    const q = this.queue;
    while (this.head < q.length) {
      const e = q[this.head]!;
      const nx = q[this.head + 1];
      const next = nx ? nx.raw : this.ended ? null : undefined;
      if (!this.body.step(e.raw, e.cand, next)) break;
      this.heldChars -= e.raw.length;
      q[this.head++] = undefined as unknown as Held;
    }
    if (this.head > 1024 && this.head * 2 > q.length) {
      this.queue = q.slice(this.head);
      this.head = 0;
    }
  }

  private startSpill(): void {
    const path = join(tmpdir(), `dyadic-txt-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.spill`);
    this.spill = { path, fd: openSync(path, 'w', 0o600), buf: [], bufChars: 0 };
    for (let i = this.head; i < this.queue.length; i++) this.toSpill(this.queue[i]!.raw);
    this.queue = [];
    this.head = 0;
    this.heldChars = 0;
  }

  private toSpill(raw: string): void {
    const s = this.spill!;
    s.buf.push(raw);
    s.bufChars += raw.length + 1;
    if (s.bufChars > 1 << 20) this.flushSpill();
  }

  private flushSpill(): void {
    const s = this.spill!;
    if (s.buf.length === 0) return;
    // UTF-16 code units as they are, so lone surrogates survive the round trip
    const data = Buffer.from(s.buf.join('\n') + '\n', 'utf16le');
    for (let off = 0; off < data.length; ) off += writeSync(s.fd, data, off);
    s.buf = [];
    s.bufChars = 0;
  }

  dispose(): void {
    const s = this.spill;
    if (!s) return;
    this.spill = undefined;
    try {
      closeSync(s.fd);
    } catch {
      // closed by finish
    }
    try {
      unlinkSync(s.path);
    } catch {
      // removed by finish
    }
  }

  async *finish(): AsyncGenerator<void> {
    this.lines.end();
    this.body.countsFinal = true;
    if (this.spill) {
      const s = this.spill;
      this.flushSpill();
      closeSync(s.fd);
      try {
        this.replaying = true;
        const replay = new LineSplitter((l) => this.line(l));
        let carry: Buffer | undefined;
        for await (const chunk of createReadStream(s.path, { highWaterMark: SAMPLE })) {
          let buf = chunk as Buffer;
          if (carry) buf = Buffer.concat([carry, buf]);
          const even = buf.length & ~1;
          carry = even < buf.length ? buf.subarray(even) : undefined;
          replay.push(buf.toString('utf16le', 0, even));
          yield;
        }
        replay.end();
      } finally {
        unlinkSync(s.path);
        this.spill = undefined;
      }
    }
    this.ended = true;
    this.drain();
    this.body.finish();
  }
}
