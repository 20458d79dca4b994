/**
 * Which dyad and session date a file of a batch belongs to: from a manifest (CSV) or else from its path. One set of
 * rules for `dyadic upload` (folders, zips) and the API's batch upload, so the same files land in the same places.
 */
import { parse } from 'csv-parse/sync';
import { DomainError } from '@dyadic/domain';

/** What a single upload needs besides the file. */
export interface SessionFields {
  dyad: string;
  sessionDate: string;
  mentor?: string;
  mentee?: string;
  program?: string;
}

/** A manifest row: the file it names (as written, `/`-separated) and its 1-based line in the CSV. */
export interface ManifestRow extends SessionFields {
  file: string;
  line: number;
}

/** Files a batch takes as transcripts (any other file in a folder is left alone; in a zip it is refused). */
export const TRANSCRIPT_EXTENSIONS = /\.(txt|vtt|srt|csv|tsv|json|jsonl|docx|cha)$/i;

/** A manifest is found in a zip by this name (any case), at the top or in the single folder the zip holds. */
export const MANIFEST_NAME = 'manifest.csv';

const DYAD_KEY = /^[\p{L}\p{N}][\p{L}\p{N} ._:#/-]{0,119}$/u;

/** A real calendar date in ISO form, within a sane range. */
export function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return y >= 1990 && y <= 2100 && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

export function isDyadKey(s: string): boolean {
  return DYAD_KEY.test(s);
}

/** `a\b/./c` → `a/b/c`: forward slashes, no empty or `.` segments, NFC. */
export function normalizeBatchPath(p: string): string {
  return p
    .normalize('NFC')
    .split(/[\\/]/)
    .filter((s) => s !== '' && s !== '.')
    .join('/');
}

/**
 * Without a manifest: the folder holding the file names the dyad, and the file name starts with the session date
 * (`dyad-07/2026-03-04-call.vtt`). A file at the top of a zip has no folder, hence no dyad.
 */
export function fieldsFromPath(p: string): SessionFields {
  const parts = p.split(/[\\/]/).filter(Boolean);
  const name = parts[parts.length - 1] ?? '';
  const date = /^(\d{4}-\d{2}-\d{2})/.exec(name)?.[1];
  return { dyad: parts.length > 1 ? parts[parts.length - 2]! : '', sessionDate: date ?? '' };
}

/** Why these fields cannot make an upload (undefined when they can); the same checks as the upload form's. */
export function sessionFieldsProblem(f: SessionFields): string | undefined {
  if (!f.dyad) return 'no dyad (manifest column "dyad", or the folder the file is in)';
  if (!isDyadKey(f.dyad)) return `dyad "${f.dyad.slice(0, 40)}" must be 1–120 letters, digits, spaces or . _ : # / - and start with a letter or digit`;
  if (!f.sessionDate) return 'no session date (manifest column "sessionDate", or a file name starting YYYY-MM-DD)';
  if (!isIsoDate(f.sessionDate)) return `session date "${f.sessionDate.slice(0, 40)}" is not a valid ISO date (YYYY-MM-DD)`;
  for (const who of ['mentor', 'mentee'] as const) if ((f[who]?.length ?? 0) > 120) return `${who} is longer than 120 characters`;
  return undefined;
}

function manifestError(detail: string, line?: number): DomainError {
  return new DomainError(`manifest: ${detail}`, 400, 'invalid-manifest', line !== undefined ? { line } : {});
}

/**
 * Read a manifest: CSV with a header row, columns file (or filename/path), dyad, sessionDate (or session_date/date),
 * and optional mentor, mentee, program; header names in any case. Throws a DomainError (400 `invalid-manifest`,
 * with `line`) for broken CSV, a missing file column, an empty file cell or a file listed twice.
 */
export function parseManifest(text: string): ManifestRow[] {
  let records: Array<{ record: Record<string, string>; info: { lines: number } }>;
  let header: string[] = [];
  try {
    records = parse(text, {
      columns: (h: string[]) => (header = h.map((c) => c.trim().toLowerCase())),
      skip_empty_lines: true,
      bom: true,
      trim: true,
      info: true,
    }) as unknown as typeof records;
  } catch (err) {
    const e = err as { message?: string; lines?: number };
    throw manifestError(`not readable as CSV: ${String(e.message ?? err).slice(0, 200)}`, e.lines);
  }
  if (!header.some((c) => c === 'file' || c === 'filename' || c === 'path')) {
    throw manifestError('needs a header row with a "file" column (and dyad, sessionDate, optional mentor, mentee, program)', 1);
  }
  const rows: ManifestRow[] = [];
  const seen = new Map<string, number>();
  for (const { record: r, info } of records) {
    const line = info.lines;
    const file = normalizeBatchPath(r.file ?? r.filename ?? r.path ?? '');
    if (!file) throw manifestError(`line ${line}: the file cell is empty`, line);
    const before = seen.get(file);
    if (before !== undefined) throw manifestError(`line ${line}: ${file} is already listed on line ${before}`, line);
    seen.set(file, line);
    rows.push({
      file,
      line,
      dyad: r.dyad ?? '',
      sessionDate: r.sessiondate ?? r.session_date ?? r.date ?? '',
      ...(r.mentor ? { mentor: r.mentor } : {}),
      ...(r.mentee ? { mentee: r.mentee } : {}),
      ...(r.program ? { program: r.program } : {}),
    });
  }
  return rows;
}
