import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { TurnBuilder } from './builder.js';
import { decodeText, looksBinary } from './decode.js';
import { detectTextFormat, formatFromFilename } from './detect.js';
import { TranscriptParseError } from './errors.js';
import { parseChat } from './formats/chat.js';
import { parseCsv } from './formats/csv.js';
import { parseCues } from './formats/cues.js';
import { docxToText } from './formats/docx.js';
import { parseJson } from './formats/json.js';
import { parseTextBody } from './formats/txt.js';
import { DEFAULT_MAX_BYTES, DEFAULT_MAX_TURNS, FORMATS } from './types.js';
import type { Format, ParseOptions, ParsedTranscript } from './types.js';
import { isZip } from './zip.js';

/** mammoth converts ~2 MB of document XML per second: 24 MB (≈ 100 hours of talk) bounds a DOCX to seconds. */
const DOCX_MAX_XML = 24 * 1024 * 1024;

const TEXT_EXPECTED = 'a text transcript (UTF-8, UTF-16 or Windows-1252: .txt, .vtt, .srt, .csv, .tsv, .json, .cha) or a Word .docx';

function mb(n: number): string {
  return `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;
}

function magicProblem(data: Uint8Array): string | undefined {
  const b = data;
  if (b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0) return 'an old Word .doc (or other Office 97) file: save it as .docx';
  if (b[0] === 0x25 && b[1] === 0x50 && b[2] === 0x44 && b[3] === 0x46) return 'a PDF: export the transcript as .docx or .txt';
  if (b[0] === 0x7b && b[1] === 0x5c && b[2] === 0x72 && b[3] === 0x74 && b[4] === 0x66) return 'an RTF document: save it as .docx or .txt';
  if (b[0] === 0x1f && b[1] === 0x8b) return 'gzip-compressed data: unpack it first';
  return undefined;
}

/**
 * Parse a transcript file's bytes into turns. Detection: explicit `format` > content (zip → docx, WEBVTT,
 * CHAT headers, JSON, SRT cues, CSV/TSV header) > file extension > plain text. Throws TranscriptParseError
 * (never anything else for bad input) naming the format tried, the line and what was expected.
 */
export async function parseTranscript(data: Uint8Array, opts: ParseOptions = {}): Promise<ParsedTranscript> {
  try {
    return await parseBounded(data, opts);
  } catch (err) {
    // Recursion limits (deeply nested JSON, XML in a DOCX) are the input's fault: a parse error, never a crash.
    if (err instanceof RangeError && /call stack/i.test(err.message)) {
      const format = opts.format && opts.format !== 'auto' ? opts.format : (formatFromFilename(opts.filename) ?? 'unknown');
      throw new TranscriptParseError({ format, line: 1, expected: 'a transcript nested at most a few levels deep', found: 'structure nested too deeply', reason: 'syntax' });
    }
    throw err;
  }
}

async function parseBounded(data: Uint8Array, opts: ParseOptions): Promise<ParsedTranscript> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxTurns = opts.maxTurns ?? DEFAULT_MAX_TURNS;
  const forced = opts.format && opts.format !== 'auto' ? opts.format : undefined;
  if (forced && !FORMATS.includes(forced)) {
    throw new TranscriptParseError({ format: 'unknown', expected: `a format among auto, ${FORMATS.join(', ')}`, found: `"${String(forced)}"`, reason: 'unsupported' });
  }
  const byExt = formatFromFilename(opts.filename);
  const tried = forced ?? byExt ?? 'unknown';
  if (data.byteLength > maxBytes) {
    throw new TranscriptParseError({ format: tried, expected: `a file of at most ${mb(maxBytes)}`, found: mb(data.byteLength), reason: 'too-large' });
  }
  if (data.byteLength === 0) {
    throw new TranscriptParseError({ format: tried, line: 1, expected: 'a transcript with speaker turns', found: 'an empty file', reason: 'empty' });
  }
  const problem = magicProblem(data);
  if (problem) throw new TranscriptParseError({ format: tried, line: 1, expected: TEXT_EXPECTED, found: problem, reason: 'unsupported' });

  if (isZip(data)) {
    if (forced && forced !== 'docx') {
      throw new TranscriptParseError({ format: forced, line: 1, expected: `a ${forced} text file`, found: 'a zip archive (a .docx? use format auto or docx)', reason: 'binary' });
    }
    const { text, warnings } = await docxToText(data, Math.min(maxBytes, DOCX_MAX_XML));
    if (text.trim() === '') {
      throw new TranscriptParseError({ format: 'docx', line: 1, expected: 'a document with speaker turns', found: 'an empty document', reason: 'empty' });
    }
    const inner = detectTextFormat(text);
    const b = new TurnBuilder('docx', maxTurns);
    if (inner === 'vtt' || inner === 'srt') parseCues(text, b, inner);
    else if (inner === 'cha') parseChat(text, b);
    else parseTextBody(text, b);
    const res = b.finish();
    return { format: 'docx', encoding: 'utf-8', ...res, warnings: [...warnings, ...res.warnings] };
  }
  if (forced === 'docx') {
    throw new TranscriptParseError({ format: 'docx', line: 1, expected: 'a Word document (.docx: a zip with word/document.xml)', found: 'a file that is not a zip', reason: 'unsupported' });
  }

  const { text, encoding } = decodeText(data);
  if (looksBinary(text)) {
    throw new TranscriptParseError({ format: tried, line: 1, expected: TEXT_EXPECTED, found: 'binary data', reason: 'binary' });
  }
  if (text.trim() === '') {
    throw new TranscriptParseError({ format: tried, line: 1, expected: 'a transcript with speaker turns', found: 'only whitespace', reason: 'empty' });
  }
  const format: Format = forced ?? detectTextFormat(text) ?? (byExt && byExt !== 'docx' ? byExt : 'txt');
  try {
    return parseText(text, encoding, format, maxTurns);
  } catch (err) {
    // "{laughs} Sam: hi" looks like JSON but is not: when JSON was only guessed from the content (no explicit
    // format, no .json name) and fails on syntax, try the text rules; if they fail too, report the JSON error
    if (err instanceof TranscriptParseError && format === 'json' && !forced && byExt !== 'json' && err.reason === 'syntax') {
      try {
        return parseText(text, encoding, 'txt', maxTurns);
      } catch {
        throw err;
      }
    }
    throw err;
  }
}

function parseText(text: string, encoding: string, format: Format, maxTurns: number): ParsedTranscript {
  const b = new TurnBuilder(format, maxTurns);
  switch (format) {
    case 'vtt':
    case 'srt':
      parseCues(text, b, format);
      break;
    case 'csv':
    case 'tsv':
      parseCsv(text, b, format);
      break;
    case 'json':
      parseJson(text, b);
      break;
    case 'cha':
      parseChat(text, b);
      break;
    default:
      parseTextBody(text, b);
  }
  return { format, encoding, ...b.finish() };
}

/**
 * Read and parse a file, refusing files over `maxBytes` from their size on disk before reading them.
 */
export async function parseTranscriptFile(path: string, opts: Omit<ParseOptions, 'filename'> = {}): Promise<ParsedTranscript> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const st = await stat(path);
  const byExt = formatFromFilename(path);
  if (!st.isFile()) {
    throw new TranscriptParseError({ format: byExt ?? 'unknown', expected: 'a regular file', found: `"${basename(path)}" is not a file`, reason: 'unsupported' });
  }
  if (st.size > maxBytes) {
    const forced = opts.format && opts.format !== 'auto' ? opts.format : undefined;
    throw new TranscriptParseError({ format: forced ?? byExt ?? 'unknown', expected: `a file of at most ${mb(maxBytes)}`, found: mb(st.size), reason: 'too-large' });
  }
  const data = await readFile(path);
  return parseTranscript(data, { ...opts, filename: basename(path) });
}
