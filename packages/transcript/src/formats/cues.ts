import type { TurnBuilder } from '../builder.js';
import { TranscriptParseError, found } from '../errors.js';
import { LineReader } from '../lines.js';
import { parseCueTiming } from '../time.js';
import { nameLike, stopped } from './txt.js';

const TIMING_EXAMPLE: Record<'vtt' | 'srt', string> = {
  vtt: 'a cue timing "00:00:01.000 --> 00:00:04.000"',
  srt: 'a cue timing "00:00:01,000 --> 00:00:04,000"',
};

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', nbsp: ' ', lrm: '', rlm: '', quot: '"', apos: "'" };

function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-z]{2,6});/g, (m, e: string) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
    }
    return ENTITIES[e] ?? m;
  });
}

interface Piece {
  voice?: string | undefined;
  text: string;
}

/** Split cue text on `<v Name>` voice spans and drop all other tags (`<c>`, `<i>`, `<00:00:01.000>`, `<font …>`). */
function voicePieces(text: string): Piece[] {
  const pieces: Piece[] = [];
  let voice: string | undefined;
  let buf = '';
  let i = 0;
  const n = text.length;
  while (i < n) {
    const lt = text.indexOf('<', i);
    if (lt < 0) {
      buf += text.slice(i);
      break;
    }
    buf += text.slice(i, lt);
    const gt = text.indexOf('>', lt + 1);
    if (gt < 0 || gt - lt > 200) {
      // a lone "<" is text (e.g. "< 3"), not a tag
      buf += '<';
      i = lt + 1;
      continue;
    }
    const tag = text.slice(lt + 1, gt);
    if (tag[0] === 'v' && (tag[1] === ' ' || tag[1] === '.' || tag[1] === '\t')) {
      const sp = tag.search(/[ \t]/);
      const name = sp < 0 ? '' : tag.slice(sp + 1).trim();
      if (buf.trim() || pieces.length === 0) pieces.push({ voice, text: buf });
      buf = '';
      voice = name || undefined;
    } else if (tag === '/v') {
      pieces.push({ voice, text: buf });
      buf = '';
      voice = undefined;
    }
    i = gt + 1;
  }
  pieces.push({ voice, text: buf });
  return pieces.filter((p) => p.text.trim() !== '' || p.voice !== undefined);
}

/** `Sam Lee: text`, `[Sam] text`, `>> Sam: text` at the start of a cue line. */
function prefixSpeaker(line: string): { name: string; text: string } | undefined {
  let s = line;
  if (s.startsWith('>>')) s = s.slice(2).trimStart();
  if (s[0] === '[') {
    const close = s.indexOf(']');
    if (close > 1 && close <= 51) {
      const name = s.slice(1, close).trim();
      let text = s.slice(close + 1);
      if (text.startsWith(':')) text = text.slice(1);
      if (nameLike(name) && !stopped(name)) return { name, text: text.trim() };
    }
    return undefined;
  }
  const limit = Math.min(s.length, 52);
  for (let i = 1; i < limit; i++) {
    if (s[i] !== ':') continue;
    const next = s[i + 1];
    if (next !== undefined && next !== ' ' && next !== '\t') continue;
    const name = s.slice(0, i).trim();
    if (nameLike(name) && !stopped(name)) return { name, text: s.slice(i + 1).trim() };
    return undefined;
  }
  return undefined;
}

type CueState = 'first' | 'header' | 'body' | 'skip';

/**
 * WebVTT and SRT, line by line with one line of lookahead. A cue is: optional identifier line, a timing line
 * (`-->`, cue settings ignored), text lines up to a blank line. A line with `-->` that does not parse, or a
 * cue number not followed by a timing (a truncated file) is an error. Speakers come from `<v Name>` voice
 * tags, `Name:` (Zoom) or `[Name]` prefixes; a cue without a speaker continues the previous speaker.
 * `line` takes the lines in order (the streaming parser feeds them as they arrive), `finish` ends the text.
 */
export class CueParser {
  private state: CueState;
  private readonly expectedTiming: string;
  /** The line received but not processed yet: processing needs the line after it. */
  private pending: string | undefined;
  private lineNo = 0;
  private cue: { start: number; end: number; lines: string[] } | undefined;
  private cues = 0;
  private orphanText = 0;
  private unattributed = 0;

  constructor(
    private readonly b: TurnBuilder,
    private readonly format: 'vtt' | 'srt',
  ) {
    this.expectedTiming = TIMING_EXAMPLE[format];
    this.state = format === 'vtt' ? 'first' : 'body';
  }

  line(raw: string): void {
    if (this.pending !== undefined) this.step(this.pending, raw);
    this.pending = raw;
  }

  finish(): void {
    if (this.pending !== undefined) this.step(this.pending, null);
    this.pending = undefined;
    const { b, format, cues } = this;
    if (this.state === 'first') {
      throw new TranscriptParseError({ format, line: 1, expected: 'the header "WEBVTT" on the first line', found: found(undefined) });
    }
    this.flush();
    if (cues === 0) {
      throw new TranscriptParseError({ format, line: this.lineNo + 1, expected: this.expectedTiming, found: 'end of file', reason: this.lineNo <= 1 ? 'empty' : 'syntax' });
    }
    if (b.speakerCount === 0) {
      throw new TranscriptParseError({
        format,
        line: 1,
        expected: 'speaker names in the cues: "<v Name>" voice tags, "Name: text" or "[Name] text"',
        found: `${cues} cue(s) without speakers`,
        reason: 'no-speakers',
      });
    }
    if (this.orphanText > 0) b.warnings.push(`${this.orphanText} line(s) of text after a blank line were kept with the previous cue`);
    if (this.unattributed > 0) b.warnings.push(`${this.unattributed} line(s) before the first named speaker were skipped`);
  }

  private emit(lines: string[], start: number | undefined, end: number | undefined, line: number): void {
    const b = this.b;
    let speaker: string | undefined = b.lastSpeaker;
    const joined = lines.length === 1 ? lines[0]! : lines.join('\n');
    const pieces: Piece[] = joined.includes('<') ? voicePieces(joined) : [{ text: joined }];
    for (const piece of pieces) {
      if (piece.voice) speaker = piece.voice;
      const pl = piece.text.includes('\n') ? piece.text.split('\n') : [piece.text];
      for (const l of pl) {
        let t = decodeEntities(l).trim();
        if (t === '') continue;
        if (t.startsWith('- ')) t = t.slice(2);
        if (!piece.voice) {
          const p = prefixSpeaker(t);
          if (p) {
            speaker = p.name;
            t = p.text;
          }
        }
        if (speaker === undefined) {
          this.unattributed++;
          continue;
        }
        b.add({ speaker, text: /\s\s|\t/.test(t) ? t.replace(/\s+/g, ' ') : t, start, end }, line);
      }
    }
  }

  private flush(): void {
    const cue = this.cue;
    if (cue) {
      this.emit(cue.lines, cue.start, cue.end, this.lineNo);
      this.cue = undefined;
    }
  }

  /** One line, knowing the next (null at the end of the text). */
  private step(line: string, next: string | null): void {
    const format = this.format;
    const lineNo = ++this.lineNo;
    if (this.state === 'first') {
      if (!/^WEBVTT(?:$|[ \t])/.test(line.trimStart())) {
        throw new TranscriptParseError({ format, line: 1, expected: 'the header "WEBVTT" on the first line', found: found(line) });
      }
      // header block: up to the first blank line (or a timing line, for sloppy files)
      this.state = 'header';
      return;
    }
    if (this.state === 'header') {
      if (line.trim() !== '' && !line.includes('-->')) return;
      this.state = 'body';
    } else if (this.state === 'skip') {
      // the rest of a NOTE/STYLE/REGION block
      if (line.trim() !== '') return;
      this.state = 'body';
    }
    const t = line.trim();
    if (t === '') {
      this.flush();
      return;
    }
    if (t.includes('-->')) {
      const timing = parseCueTiming(t);
      if (!timing) throw new TranscriptParseError({ format, line: lineNo, expected: this.expectedTiming, found: found(t) });
      // an end before the start is a broken (often truncated: "00:00:03.000 --> 00:0") timing
      if (timing[1] < timing[0]) throw new TranscriptParseError({ format, line: lineNo, expected: `${this.expectedTiming} with the end after the start`, found: found(t) });
      this.flush();
      this.cue = { start: timing[0], end: timing[1], lines: [] };
      this.cues++;
      return;
    }
    const nextIsTiming = next !== null && next.includes('-->');
    if (this.cue) {
      // a docx or hand-edited file may lack blank lines between cues: an identifier right before a timing
      if (nextIsTiming && /^\d{1,9}$/.test(t)) {
        this.flush();
        return;
      }
      this.cue.lines.push(t);
      return;
    }
    if (format === 'vtt' && /^(?:NOTE|STYLE|REGION)(?:$|[ \t])/.test(t)) {
      this.state = 'skip';
      return;
    }
    if (nextIsTiming) return; // cue identifier
    if (/^\d{1,9}$/.test(t)) {
      throw new TranscriptParseError({ format, line: lineNo + 1, expected: `${this.expectedTiming} after cue number ${t}`, found: found(next ?? undefined) });
    }
    if (/^\d{1,3}:\d/.test(t)) throw new TranscriptParseError({ format, line: lineNo, expected: this.expectedTiming, found: found(t) });
    if (this.cues === 0) {
      throw new TranscriptParseError({ format, line: lineNo, expected: format === 'vtt' ? `${this.expectedTiming}, a NOTE or a cue identifier` : `a cue number or ${this.expectedTiming}`, found: found(t) });
    }
    // text after a blank line inside a cue: keep it with the previous cue
    this.orphanText++;
    this.emit([t], undefined, undefined, lineNo);
  }
}

export function parseCues(text: string, b: TurnBuilder, format: 'vtt' | 'srt'): void {
  const p = new CueParser(b, format);
  const r = new LineReader(text);
  for (let line = r.next(); line !== null; line = r.next()) p.line(line);
  p.finish();
}
