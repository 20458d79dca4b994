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

/**
 * WebVTT and SRT, line by line with one line of lookahead. A cue is: optional identifier line, a timing line
 * (`-->`, cue settings ignored), text lines up to a blank line. A line with `-->` that does not parse, or a
 * cue number not followed by a timing (a truncated file) is an error. Speakers come from `<v Name>` voice
 * tags, `Name:` (Zoom) or `[Name]` prefixes; a cue without a speaker continues the previous speaker.
 */
export function parseCues(text: string, b: TurnBuilder, format: 'vtt' | 'srt'): void {
  const r = new LineReader(text);
  const expectedTiming = TIMING_EXAMPLE[format];
  let first = r.next();
  if (format === 'vtt') {
    if (first === null || !/^WEBVTT(?:$|[ \t])/.test(first.trimStart())) {
      throw new TranscriptParseError({ format, line: 1, expected: 'the header "WEBVTT" on the first line', found: found(first ?? undefined) });
    }
    // header block: up to the first blank line (or a timing line, for sloppy files)
    for (let p = r.peek(); p !== null && p.trim() !== '' && !p.includes('-->'); p = r.peek()) r.next();
    first = null;
  }

  let cue: { start: number; end: number; lines: string[] } | undefined;
  let cues = 0;
  let orphanText = 0;
  let unattributed = 0;

  const emit = (lines: string[], start: number | undefined, end: number | undefined, line: number) => {
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
          unattributed++;
          continue;
        }
        b.add({ speaker, text: /\s\s|\t/.test(t) ? t.replace(/\s+/g, ' ') : t, start, end }, line);
      }
    }
  };
  const flush = () => {
    if (cue) {
      emit(cue.lines, cue.start, cue.end, r.lineNo);
      cue = undefined;
    }
  };

  for (let line = first ?? r.next(); line !== null; line = r.next()) {
    const t = line.trim();
    if (t === '') {
      flush();
      continue;
    }
    if (t.includes('-->')) {
      const timing = parseCueTiming(t);
      if (!timing) throw new TranscriptParseError({ format, line: r.lineNo, expected: expectedTiming, found: found(t) });
      // an end before the start is a broken (often truncated: "00:00:03.000 --> 00:0") timing
      if (timing[1] < timing[0]) throw new TranscriptParseError({ format, line: r.lineNo, expected: `${expectedTiming} with the end after the start`, found: found(t) });
      flush();
      cue = { start: timing[0], end: timing[1], lines: [] };
      cues++;
      continue;
    }
    const next = r.peek();
    const nextIsTiming = next !== null && next.includes('-->');
    if (cue) {
      // a docx or hand-edited file may lack blank lines between cues: an identifier right before a timing
      if (nextIsTiming && /^\d{1,9}$/.test(t)) {
        flush();
        continue;
      }
      cue.lines.push(t);
      continue;
    }
    if (format === 'vtt' && /^(?:NOTE|STYLE|REGION)(?:$|[ \t])/.test(t)) {
      while (r.peek() !== null && r.peek()!.trim() !== '') r.next();
      continue;
    }
    if (nextIsTiming) continue; // cue identifier
    if (/^\d{1,9}$/.test(t)) {
      throw new TranscriptParseError({ format, line: r.lineNo + 1, expected: `${expectedTiming} after cue number ${t}`, found: found(next ?? undefined) });
    }
    if (/^\d{1,3}:\d/.test(t)) throw new TranscriptParseError({ format, line: r.lineNo, expected: expectedTiming, found: found(t) });
    if (cues === 0) {
      throw new TranscriptParseError({ format, line: r.lineNo, expected: format === 'vtt' ? `${expectedTiming}, a NOTE or a cue identifier` : `a cue number or ${expectedTiming}`, found: found(t) });
    }
    // text after a blank line inside a cue: keep it with the previous cue
    orphanText++;
    emit([t], undefined, undefined, r.lineNo);
  }
  flush();
  if (cues === 0) {
    throw new TranscriptParseError({ format, line: r.lineNo + 1, expected: expectedTiming, found: 'end of file', reason: r.lineNo <= 1 ? 'empty' : 'syntax' });
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
  if (orphanText > 0) b.warnings.push(`${orphanText} line(s) of text after a blank line were kept with the previous cue`);
  if (unattributed > 0) b.warnings.push(`${unattributed} line(s) before the first named speaker were skipped`);
}
