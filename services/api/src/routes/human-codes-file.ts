/**
 * Reading a human-codes file (CSV or JSONL) into rows, with every problem recorded against its line. Pure: the
 * database checks (does the transcript belong to the program, does the turn exist) are done by the route afterwards.
 *
 * CSV: a header row, then one row per utterance: `transcript_id`, `turn`, optional `coder`, and one column per tag
 * (`self_disclosure`/`selfDisclosure`, `emotion`, `advice`, `reciprocated_disclosure`/`reciprocatedDisclosure`; case,
 * `_` and `-` are ignored). Comma, semicolon or tab separated, RFC 4180 quoting. Other columns (text, speaker, notes)
 * are ignored and reported. JSONL: one object per line with the same keys, the tags either at the top level or
 * inside `human` (the `dyadic agreement` line format).
 * Code values: 1/0, true/false, yes/no (any case); empty, NA or null = not coded.
 */
import { TAG_NAMES, type TagName } from '@dyadic/tagging';
import type { HumanCodeValues } from '@dyadic/db';

export type CodesFormat = 'csv' | 'jsonl';

export interface ParsedCode {
  line: number;
  transcriptId: string;
  turn: number;
  coder: string;
  codes: HumanCodeValues;
}

export interface LineError {
  line: number;
  reason: string;
}

export interface ParsedCodesFile {
  rows: ParsedCode[];
  errors: LineError[];
  /** Tags the file has a column (CSV) or key (JSONL) for. */
  tags: TagName[];
  ignoredColumns: string[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TRUE = new Set(['1', 'true', 'yes']);
const FALSE = new Set(['0', 'false', 'no']);
const NOT_CODED = new Set(['', 'na', 'null']);

const norm = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Column or key name (any case, snake or camel) → field. */
const FIELDS = new Map<string, 'transcriptId' | 'turn' | 'coder' | TagName>([
  ['transcriptid', 'transcriptId'],
  ['transcript', 'transcriptId'],
  ['turn', 'turn'],
  ['coder', 'coder'],
  ...TAG_NAMES.map((t) => [norm(t), t] as [string, TagName]),
  ['reciprocatedselfdisclosure', 'reciprocatedDisclosure'],
]);

/** Guess the format from the media type, then the file name, then the first character. */
export function detectFormat(mediaType: string | undefined, filename: string, text: string): CodesFormat {
  if (mediaType === 'text/csv') return 'csv';
  if (mediaType === 'application/x-ndjson' || mediaType === 'application/jsonl') return 'jsonl';
  if (/\.(jsonl|ndjson)$/i.test(filename)) return 'jsonl';
  if (/\.(csv|tsv)$/i.test(filename)) return 'csv';
  return text.trimStart().startsWith('{') ? 'jsonl' : 'csv';
}

function codeValue(v: unknown): boolean | null | undefined {
  if (v === true || v === false || v === null) return v;
  if (v === 1 || v === 0) return v === 1;
  if (typeof v !== 'string') return undefined;
  const s = v.trim().toLowerCase();
  if (TRUE.has(s)) return true;
  if (FALSE.has(s)) return false;
  if (NOT_CODED.has(s)) return null;
  return undefined;
}

const show = (v: unknown) => JSON.stringify(v)?.slice(0, 40) ?? String(v);

/** Checks one row's values; pushes errors and returns the row when it is valid. */
function checkRow(line: number, raw: Partial<Record<'transcriptId' | 'turn' | 'coder' | TagName, unknown>>, defaultCoder: string, errors: LineError[]): ParsedCode | null {
  const before = errors.length;
  const bad = (reason: string) => errors.push({ line, reason });
  const id = typeof raw.transcriptId === 'string' ? raw.transcriptId.trim() : raw.transcriptId;
  if (id === undefined || id === null || id === '') bad('transcript_id is missing');
  else if (typeof id !== 'string' || !UUID.test(id)) bad(`transcript_id ${show(id)} is not a UUID`);
  const turnRaw = typeof raw.turn === 'string' ? raw.turn.trim() : raw.turn;
  const turn = typeof turnRaw === 'number' ? turnRaw : typeof turnRaw === 'string' && /^\d+$/.test(turnRaw) ? Number(turnRaw) : NaN;
  if (turnRaw === undefined || turnRaw === null || turnRaw === '') bad('turn is missing');
  else if (!Number.isSafeInteger(turn) || turn < 0) bad(`turn ${show(turnRaw)} is not a whole number ≥ 0`);
  let coder = defaultCoder;
  if (raw.coder !== undefined && raw.coder !== null) {
    const c = typeof raw.coder === 'string' ? raw.coder.trim() : raw.coder;
    // eslint-disable-next-line no-control-regex
    if (typeof c !== 'string' || c.length > 80 || /[\u0000-\u001f\u007f]/.test(c)) bad(`coder ${show(raw.coder)} must be text of at most 80 characters`);
    else if (c !== '') coder = c;
  }
  const codes: HumanCodeValues = {};
  for (const t of TAG_NAMES) {
    if (!(t in raw)) continue;
    const v = codeValue(raw[t]);
    if (v === undefined) bad(`${t} value ${show(raw[t])} is not 1/0, true/false, yes/no or empty`);
    else codes[t] = v;
  }
  if (errors.length > before) return null;
  return { line, transcriptId: (id as string).toLowerCase(), turn, coder, codes };
}

/** RFC 4180 records with the line each starts on; quoted fields may span lines. */
function csvRecords(text: string, sep: string): { records: Array<{ line: number; fields: string[] }>; error?: LineError } {
  const records: Array<{ line: number; fields: string[] }> = [];
  let line = 1;
  let start = 1;
  let field = '';
  let fields: string[] = [];
  let quoted = false;
  let i = 0;
  const end = () => {
    fields.push(field);
    // Blank lines and spreadsheet filler rows (",,,") are not records.
    if (fields.some((f) => f.trim() !== '')) records.push({ line: start, fields });
    fields = [];
    field = '';
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        field += ch;
      }
      i++;
      continue;
    }
    if (ch === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (ch === sep) {
      fields.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      end();
      if (ch === '\r' && text[i + 1] === '\n') i++;
      line++;
      start = line;
    } else field += ch;
    i++;
  }
  if (quoted) return { records, error: { line: start, reason: 'a quoted field is never closed' } };
  end();
  return { records };
}

function parseCsv(text: string, defaultCoder: string): ParsedCodesFile {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const count = (c: string) => firstLine.split(c).length - 1;
  const sep = [',', ';', '\t'].reduce((best, c) => (count(c) > count(best) ? c : best), ',');
  const { records, error } = csvRecords(text, sep);
  const out: ParsedCodesFile = { rows: [], errors: [], tags: [], ignoredColumns: [] };
  const header = records.shift();
  if (!header) return { ...out, errors: [{ line: 1, reason: 'the file has no header row' }] };
  const columns = header.fields.map((h) => FIELDS.get(norm(h)));
  const seen = new Set<string>();
  header.fields.forEach((h, k) => {
    const f = columns[k];
    if (!f) out.ignoredColumns.push(h.trim());
    else if (seen.has(f)) out.errors.push({ line: header.line, reason: `column "${h.trim()}" appears twice` });
    else seen.add(f);
  });
  for (const need of ['transcriptId', 'turn'] as const) {
    if (!seen.has(need)) out.errors.push({ line: header.line, reason: `the header has no ${need === 'turn' ? 'turn' : 'transcript_id'} column` });
  }
  out.tags = TAG_NAMES.filter((t) => seen.has(t));
  if (out.tags.length === 0) out.errors.push({ line: header.line, reason: `the header has no tag column (one of ${TAG_NAMES.join(', ')})` });
  if (out.errors.length) return out;
  if (error) out.errors.push(error);
  for (const r of records) {
    if (r.fields.length !== header.fields.length) {
      out.errors.push({ line: r.line, reason: `has ${r.fields.length} fields, the header has ${header.fields.length}` });
      continue;
    }
    const raw: Record<string, string> = {};
    r.fields.forEach((v, k) => {
      const f = columns[k];
      if (f) raw[f] = v;
    });
    const row = checkRow(r.line, raw, defaultCoder, out.errors);
    if (row) out.rows.push(row);
  }
  return out;
}

function parseJsonl(text: string, defaultCoder: string): ParsedCodesFile {
  const out: ParsedCodesFile = { rows: [], errors: [], tags: [], ignoredColumns: [] };
  const tags = new Set<TagName>();
  const ignored = new Set<string>();
  text.split('\n').forEach((l, i) => {
    const line = i + 1;
    if (l.trim() === '') return;
    let o: unknown;
    try {
      o = JSON.parse(l);
    } catch {
      out.errors.push({ line, reason: 'not valid JSON' });
      return;
    }
    if (!o || typeof o !== 'object' || Array.isArray(o)) {
      out.errors.push({ line, reason: 'expected a JSON object' });
      return;
    }
    const raw: Record<string, unknown> = {};
    const take = (obj: Record<string, unknown>) => {
      for (const [k, v] of Object.entries(obj)) {
        const f = FIELDS.get(norm(k));
        if (f) raw[f] = v;
        else if (k !== 'human') ignored.add(k);
      }
    };
    take(o as Record<string, unknown>);
    const human = (o as { human?: unknown }).human;
    if (human !== undefined && human !== null) {
      if (typeof human !== 'object' || Array.isArray(human)) {
        out.errors.push({ line, reason: '"human" must be an object' });
        return;
      }
      take(human as Record<string, unknown>);
    }
    for (const t of TAG_NAMES) if (t in raw) tags.add(t);
    const row = checkRow(line, raw, defaultCoder, out.errors);
    if (row) out.rows.push(row);
  });
  out.tags = TAG_NAMES.filter((t) => tags.has(t));
  out.ignoredColumns = [...ignored];
  if (out.rows.length + out.errors.length > 0 && out.tags.length === 0) {
    out.errors.push({ line: 1, reason: `no line has a tag (one of ${TAG_NAMES.join(', ')})` });
  }
  return out;
}

export function parseCodesFile(text: string, format: CodesFormat, defaultCoder: string): ParsedCodesFile {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const parsed = format === 'csv' ? parseCsv(body, defaultCoder) : parseJsonl(body, defaultCoder);
  if (parsed.rows.length === 0 && parsed.errors.length === 0) parsed.errors.push({ line: 1, reason: 'the file has no rows' });
  parsed.errors.sort((a, b) => a.line - b.line);
  return parsed;
}
