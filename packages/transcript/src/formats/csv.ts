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

function firstLine(text: string): string {
  const end = text.search(/\r|\n/);
  return end < 0 ? text : text.slice(0, end);
}

const MAX_RECORD = 4 * 1024 * 1024;

/**
 * CSV/TSV with a header row, through csv-parse (quoted fields with newlines, doubled quotes, ragged rows).
 * Records are consumed one at a time in `on_record` and never collected. Rows with an empty text are skipped;
 * a row with an empty speaker continues the previous speaker.
 */
export function parseCsv(text: string, b: TurnBuilder, format: 'csv' | 'tsv'): void {
  const header = firstLine(text);
  const delimiter = format === 'tsv' ? '\t' : sniffDelimiter(header);
  let cols: ReturnType<typeof mapColumns> | undefined;
  let prevEndLine = 0;
  let skippedNoSpeaker = 0;
  let badTimes = 0;
  try {
    parse(text, {
      delimiter,
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      max_record_size: MAX_RECORD,
      on_record: (record: string[], ctx) => {
        const startLine = prevEndLine + 1;
        prevEndLine = ctx.lines;
        if (!cols) {
          cols = mapColumns(record);
          const shown = record.map((h) => h.trim()).filter((h) => h).slice(0, 8).join(', ');
          if (!cols.text) {
            throw new TranscriptParseError({
              format, line: 1, reason: 'missing-column',
              expected: `a header row with a text column (one of: ${TEXT_COLUMN_NAMES}…)`,
              found: found(shown || header),
            });
          }
          if (!cols.speaker) {
            throw new TranscriptParseError({
              format, line: 1, reason: 'missing-column',
              expected: `a header row with a speaker column (one of: ${SPEAKER_COLUMN_NAMES}…)`,
              found: found(shown || header),
            });
          }
          return null;
        }
        const c = cols;
        const txt = (record[c.text!.index] ?? '').normalize('NFC').replace(/\s+/g, ' ').trim();
        if (!txt) return null;
        let speaker = (record[c.speaker!.index] ?? '').normalize('NFC').trim();
        if (!speaker) {
          const last = b.lastSpeaker;
          if (last === undefined) {
            skippedNoSpeaker++;
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
          if (t === undefined) badTimes++;
          return t;
        };
        b.add({ speaker, text: txt, start: time('start'), end: time('end') }, startLine);
        return null;
      },
    });
  } catch (err) {
    if (err instanceof TranscriptParseError) throw err;
    const e = err as { code?: string; lines?: number; message?: string };
    // an unclosed quote is reported where its record starts; other errors where csv-parse stopped
    const line = e.code === 'CSV_QUOTE_NOT_CLOSED' ? prevEndLine + 1 : typeof e.lines === 'number' ? e.lines : undefined;
    const expected =
      e.code === 'CSV_QUOTE_NOT_CLOSED' ? 'a closing quote (") for the field opened earlier'
      : e.code === 'CSV_MAX_RECORD_SIZE' ? `rows shorter than ${MAX_RECORD / 1024 / 1024} MB`
      : e.code === 'CSV_INVALID_CLOSING_QUOTE' ? 'a delimiter or end of line after a closing quote'
      : `well-formed ${format === 'tsv' ? 'tab' : 'comma'}-separated rows`;
    throw new TranscriptParseError({ format, line, expected, detail: e.message?.slice(0, 160) });
  }
  if (!cols) {
    throw new TranscriptParseError({ format, line: 1, expected: 'a header row (speaker, text, start, end)', found: 'an empty file', reason: 'empty' });
  }
  if (b.speakerCount === 0) {
    throw new TranscriptParseError({ format, line: 2, expected: 'rows with a speaker and a text', found: 'no such rows', reason: 'no-speakers' });
  }
  if (skippedNoSpeaker) b.warnings.push(`skipped ${skippedNoSpeaker} row(s) without a speaker before the first named speaker`);
  if (badTimes) b.warnings.push(`${badTimes} time value(s) could not be read as seconds or hh:mm:ss and were left out`);
}
