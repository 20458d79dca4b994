import { Parser, type Options } from 'csv-parse';
import { parse } from 'csv-parse/sync';
import type { TurnBuilder } from '../builder.js';
import { TranscriptParseError, found } from '../errors.js';
import { parseTimeValue } from '../time.js';
import { SPEAKER_COLUMN_NAMES, TEXT_COLUMN_NAMES, mapColumns } from './columns.js';

/** The delimiter of a header line: tab, semicolon or comma, whichever occurs most outside quotes. */
export function sniffDelimiter(header: string): ',' | '\t' | ';' {
  let tabs = 0;
  let commas = 0;
  let semis = 0;
  let q = false;
  for (let i = 0; i < header.length; i++) {
    const c = header[i];
    if (c === '"') q = !q;
    else if (!q) {
      if (c === '\t') tabs++;
      else if (c === ',') commas++;
      else if (c === ';') semis++;
    }
  }
  if (tabs > 0 && tabs >= commas && tabs >= semis) return '\t';
  if (semis > commas) return ';';
  return ',';
}

/** The first line of a text (up to the first `\r` or `\n`). */
export function firstLine(text: string): string {
  const end = text.search(/\r|\n/);
  return end < 0 ? text : text.slice(0, end);
}

const MAX_RECORD = 4 * 1024 * 1024;

/** csv-parse's incremental core (what its stream and sync APIs both drive): `parse(buffer, end)` returns an error. */
interface CsvCore {
  parse(buf: Buffer | undefined, end: boolean, push: (record: unknown) => void, close: () => void): Error | undefined;
}

/**
 * CSV/TSV with a header row, through csv-parse (quoted fields with newlines, doubled quotes, ragged rows).
 * Records are consumed one at a time in `on_record` and never collected. Rows with an empty text are skipped;
 * a row with an empty speaker continues the previous speaker. `header` is the text's first line (it picks the
 * delimiter); `write` takes the text in pieces, `finish` ends it.
 */
export class CsvParser {
  private cols: ReturnType<typeof mapColumns> | undefined;
  private prevEndLine = 0;
  private skippedNoSpeaker = 0;
  private badTimes = 0;
  private readonly core: CsvCore;

  constructor(
    private readonly b: TurnBuilder,
    private readonly format: 'csv' | 'tsv',
    private readonly header: string,
  ) {
    const delimiter = format === 'tsv' ? '\t' : sniffDelimiter(header);
    // the Parser stream only wraps `api`; it is driven here synchronously, so errors come back in order
    this.core = (new Parser(this.options(delimiter)) as unknown as { api: CsvCore }).api;
  }

  write(text: string): void {
    if (text.length > 0) this.check(this.core.parse(Buffer.from(text), false, noop, noop));
  }

  finish(): void {
    this.check(this.core.parse(undefined, true, noop, noop));
    this.done();
  }

  /** The whole-text path: csv-parse's sync API over the text, with the same record handler. */
  parseAll(text: string): void {
    try {
      parse(text, this.options(this.format === 'tsv' ? '\t' : sniffDelimiter(this.header)));
    } catch (err) {
      this.check(err as Error);
    }
    this.done();
  }

  private options(delimiter: string): Options {
    return {
      delimiter,
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      max_record_size: MAX_RECORD,
      on_record: (record: string[], ctx) => this.record(record, ctx.lines),
    };
  }

  private record(record: string[], lines: number): null {
    const { b, format } = this;
    const startLine = this.prevEndLine + 1;
    this.prevEndLine = lines;
    if (!this.cols) {
      this.cols = mapColumns(record);
      const shown = record.map((h) => h.trim()).filter((h) => h).slice(0, 8).join(', ');
      if (!this.cols.text) {
        throw new TranscriptParseError({
          format, line: 1, reason: 'missing-column',
          expected: `a header row with a text column (one of: ${TEXT_COLUMN_NAMES}…)`,
          found: found(shown || this.header),
        });
      }
      if (!this.cols.speaker) {
        throw new TranscriptParseError({
          format, line: 1, reason: 'missing-column',
          expected: `a header row with a speaker column (one of: ${SPEAKER_COLUMN_NAMES}…)`,
          found: found(shown || this.header),
        });
      }
      return null;
    }
    const c = this.cols;
    const txt = (record[c.text!.index] ?? '').normalize('NFC').replace(/\s+/g, ' ').trim();
    if (!txt) return null;
    let speaker = (record[c.speaker!.index] ?? '').normalize('NFC').trim();
    if (!speaker) {
      const last = b.lastSpeaker;
      if (last === undefined) {
        this.skippedNoSpeaker++;
        return null;
      }
      speaker = last;
    }
    const time = (f: 'start' | 'end') => {
      const col = c[f];
      if (!col) return undefined;
      const v = record[col.index];
      if (v === undefined || v.trim() === '') return undefined;
      const t = parseTimeValue(v, col.ms ? 0.001 : 1);
      if (t === undefined) this.badTimes++;
      return t;
    };
    b.add({ speaker, text: txt, start: time('start'), end: time('end') }, startLine);
    return null;
  }

  private check(err: Error | undefined): void {
    if (err === undefined) return;
    if (err instanceof TranscriptParseError) throw err;
    const { format } = this;
    const e = err as { code?: string; lines?: number; message?: string };
    // an unclosed quote is reported where its record starts; other errors where csv-parse stopped
    const line = e.code === 'CSV_QUOTE_NOT_CLOSED' ? this.prevEndLine + 1 : typeof e.lines === 'number' ? e.lines : undefined;
    const expected =
      e.code === 'CSV_QUOTE_NOT_CLOSED' ? 'a closing quote (") for the field opened earlier'
      : e.code === 'CSV_MAX_RECORD_SIZE' ? `rows shorter than ${MAX_RECORD / 1024 / 1024} MB`
      : e.code === 'CSV_INVALID_CLOSING_QUOTE' ? 'a delimiter or end of line after a closing quote'
      : `well-formed ${format === 'tsv' ? 'tab' : 'comma'}-separated rows`;
    throw new TranscriptParseError({ format, line, expected, detail: e.message?.slice(0, 160) });
  }

  private done(): void {
    const { b, format } = this;
    if (!this.cols) {
      throw new TranscriptParseError({ format, line: 1, expected: 'a header row (speaker, text, start, end)', found: 'an empty file', reason: 'empty' });
    }
    if (b.speakerCount === 0) {
      throw new TranscriptParseError({ format, line: 2, expected: 'rows with a speaker and a text', found: 'no such rows', reason: 'no-speakers' });
    }
    if (this.skippedNoSpeaker) b.warnings.push(`skipped ${this.skippedNoSpeaker} row(s) without a speaker before the first named speaker`);
    if (this.badTimes) b.warnings.push(`${this.badTimes} time value(s) could not be read as seconds or hh:mm:ss and were left out`);
  }
}

function noop(): void {}

export function parseCsv(text: string, b: TurnBuilder, format: 'csv' | 'tsv'): void {
  new CsvParser(b, format, firstLine(text)).parseAll(text);
}
