/**
 * A zip of transcripts, read safely: limits on the archive (size, entry count, total unzipped size) stop the
 * read at once; every entry is then checked on its own (safe path, no symlink, not encrypted, not a duplicate,
 * within its size and compression-ratio limits, inflates to its declared size and CRC) and its problems listed,
 * so the uploader learns every bad entry in one go. Nothing is ever inflated without an output cap.
 */
import { DomainError } from '@dyadic/domain';
import { MANIFEST_NAME, normalizeBatchPath, TRANSCRIPT_EXTENSIONS } from './batch-manifest.js';
import { entryDataRange, isZip, listZip, readZipEntry, zipEntryCount, type ZipEntry } from './zip.js';

export interface ZipLimits {
  /** The zip file itself, bytes. */
  maxZipBytes: number;
  /** Entries in the central directory, folders included. */
  maxEntries: number;
  /** One entry once unzipped, bytes (the single-upload limit). */
  maxEntryBytes: number;
  /** All entries once unzipped, bytes. */
  maxTotalBytes: number;
  /** Unzipped ÷ zipped size of one entry, above which it is taken for a zip bomb. */
  maxRatio: number;
}

/** The API's defaults (DYADIC_ZIP_* and DYADIC_MAX_UPLOAD_MB); the CLI uses them before sending anything. */
export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxZipBytes: 100 * 1024 * 1024,
  maxEntries: 2000,
  maxEntryBytes: 20 * 1024 * 1024,
  maxTotalBytes: 500 * 1024 * 1024,
  maxRatio: 100,
};

/** Entries smaller than this unzipped are not held to the ratio: a short, repetitive file compresses very well. */
export const RATIO_FLOOR_BYTES = 64 * 1024;
const MAX_MANIFEST_BYTES = 1024 * 1024;

export interface BatchEntry {
  /** Path inside the zip, normalized (`/`-separated). */
  name: string;
  data: Uint8Array;
}

/** One bad entry: its path in the zip, a problem type, a sentence, and the line when a parser gave one. */
export interface EntryProblem {
  file: string;
  type: string;
  reason: string;
  line?: number;
  /** Speakers found, when their roles could not be settled. */
  speakers?: string[];
}

export interface BatchZip {
  entries: BatchEntry[];
  /** A manifest.csv found in the zip, and the folder its file column is relative to ('' = the top). */
  manifest?: { name: string; base: string; text: string };
  problems: EntryProblem[];
}

/** The archive as a whole is refused (not a zip, damaged, over a limit): status 400 or 413. */
export class ZipArchiveError extends DomainError {
  constructor(message: string, status: number, type: string, extra: Record<string, unknown> = {}) {
    super(message, status, type, extra);
    this.name = 'ZipArchiveError';
  }
}

const mb = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;

/** Why a raw entry name is unsafe to act on, else undefined. Checked before any normalization. */
function unsafeName(raw: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(raw)) return 'its name has control characters';
  if (raw.includes('\\')) return 'its name has a backslash (paths in a zip use /)';
  if (raw.startsWith('/') || /^[A-Za-z]:/.test(raw)) return 'its name is an absolute path';
  if (raw.split('/').includes('..')) return 'its name climbs out of the archive (..)';
  return undefined;
}

/** Files that archivers add on their own: macOS resource forks and dot files (.DS_Store). */
function isJunk(name: string): boolean {
  const parts = name.split('/');
  return parts[0] === '__MACOSX' || parts.some((p) => p.startsWith('.'));
}

function isSymlink(e: ZipEntry): boolean {
  return e.unixMode !== undefined && (e.unixMode & 0o170000) === 0o120000;
}

/** Check the archive-level limits and that the entries' bytes do not overlap (a crafted bomb shares one stream). */
function listWithin(data: Uint8Array, limits: ZipLimits): ZipEntry[] {
  if (data.byteLength > limits.maxZipBytes) {
    throw new ZipArchiveError(`the zip is ${mb(data.byteLength)}, over the ${mb(limits.maxZipBytes)} limit: split it into smaller zips`, 413, 'zip-too-large');
  }
  if (!isZip(data)) throw new ZipArchiveError('the file is not a zip archive', 400, 'not-a-zip');
  const count = zipEntryCount(data);
  if (typeof count === 'string') throw new ZipArchiveError(`the zip cannot be read: ${count}`, 400, 'damaged-zip');
  if (count > limits.maxEntries) {
    throw new ZipArchiveError(`the zip has ${count} entries, over the limit of ${limits.maxEntries}: split it into smaller zips`, 413, 'zip-too-many-entries', { entries: count, limit: limits.maxEntries });
  }
  const entries = listZip(data, limits.maxEntries);
  if (typeof entries === 'string') throw new ZipArchiveError(`the zip cannot be read: ${entries}`, 400, 'damaged-zip');
  const total = entries.reduce((s, e) => s + e.size, 0);
  if (total > limits.maxTotalBytes) {
    throw new ZipArchiveError(`the zip holds ${mb(total)} unzipped, over the ${mb(limits.maxTotalBytes)} limit: split it into smaller zips`, 413, 'zip-too-large-unzipped');
  }
  const ranges: Array<{ start: number; end: number }> = [];
  for (const e of entries) {
    const r = entryDataRange(data, e);
    if (typeof r !== 'string') ranges.push({ start: e.localOffset, end: r.end });
  }
  ranges.sort((a, b) => a.start - b.start);
  for (let i = 1; i < ranges.length; i++) {
    if (ranges[i]!.start < ranges[i - 1]!.end) throw new ZipArchiveError('the zip cannot be read: its entries overlap (a crafted archive)', 400, 'damaged-zip');
  }
  return entries;
}

/**
 * Read every transcript of a zip within `limits`. Throws ZipArchiveError when the archive as a whole is refused;
 * otherwise returns the good entries and one problem per bad entry (all of them). Folders, `__MACOSX/` and dot
 * files are skipped; a `manifest.csv` at the top (or in the zip's single top folder) is returned apart.
 */
export function readBatchZip(data: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS): BatchZip {
  const entries = listWithin(data, limits);
  const out: BatchZip = { entries: [], problems: [] };
  const seen = new Set<string>();
  const manifests: ZipEntry[] = [];
  const problem = (file: string, type: string, reason: string) => out.problems.push({ file, type, reason });
  for (const e of entries) {
    const unsafe = unsafeName(e.name);
    if (unsafe) {
      problem(e.name, 'unsafe-path', unsafe);
      continue;
    }
    if (isSymlink(e)) {
      problem(e.name, 'symlink', 'the entry is a symbolic link, not a file');
      continue;
    }
    const name = normalizeBatchPath(e.name);
    if (e.name.endsWith('/') || name === '' || isJunk(name)) continue;
    if (seen.has(name)) {
      problem(name, 'duplicate-entry', 'the zip holds two entries with this name');
      continue;
    }
    seen.add(name);
    if (e.flags & 0x41) {
      problem(name, 'encrypted-entry', 'the entry is encrypted (password-protected zip): zip the files without a password');
      continue;
    }
    const base = name.split('/').pop()!;
    if (base.toLowerCase() === MANIFEST_NAME) {
      manifests.push(e);
      continue;
    }
    if (!TRANSCRIPT_EXTENSIONS.test(base)) {
      problem(name, 'not-a-transcript', 'not a transcript file (.txt, .vtt, .srt, .csv, .tsv, .json, .jsonl, .docx, .cha)');
      continue;
    }
    if (e.size > limits.maxEntryBytes) {
      problem(name, 'entry-too-large', `the file is ${mb(e.size)} unzipped, over the ${mb(limits.maxEntryBytes)} limit for one transcript`);
      continue;
    }
    if (e.size > RATIO_FLOOR_BYTES && e.size > e.compressedSize * limits.maxRatio) {
      problem(name, 'zip-bomb', `the file unzips to ${Math.round(e.size / Math.max(1, e.compressedSize))} times its zipped size, over the limit of ${limits.maxRatio} (a zip bomb?)`);
      continue;
    }
    const read = readZipEntry(data, e, limits.maxEntryBytes);
    if (!read.ok) {
      const type = read.reason === 'too-large' ? 'zip-bomb' : read.reason === 'encrypted' ? 'encrypted-entry' : read.reason === 'damaged' ? 'damaged-entry' : 'unsupported-entry';
      problem(name, type, read.message);
      continue;
    }
    out.entries.push({ name, data: read.data });
  }
  readManifest(data, manifests, out);
  return out;
}

function readManifest(data: Uint8Array, manifests: ZipEntry[], out: BatchZip): void {
  if (manifests.length === 0) return;
  const names = manifests.map((m) => normalizeBatchPath(m.name));
  const top = names.filter((n) => !n.includes('/'));
  const topFolders = new Set([...out.entries.map((e) => e.name), ...names].map((n) => (n.includes('/') ? n.split('/')[0] : '')));
  // One manifest, at the top or in the one folder everything is in (a zipped folder); anything else is ambiguous.
  const usable = manifests.length === 1 && (top.length === 1 || (topFolders.size === 1 && names[0]!.split('/').length === 2));
  if (!usable) {
    for (const n of names) out.problems.push({ file: n, type: 'ambiguous-manifest', reason: `use one ${MANIFEST_NAME}, at the top of the zip (or send it as the "manifest" field)` });
    return;
  }
  const read = readZipEntry(data, manifests[0]!, MAX_MANIFEST_BYTES);
  if (!read.ok) {
    out.problems.push({ file: names[0]!, type: 'invalid-manifest', reason: read.message });
    return;
  }
  const name = names[0]!;
  out.manifest = { name, base: name.includes('/') ? name.slice(0, name.lastIndexOf('/')) : '', text: new TextDecoder('utf-8').decode(read.data) };
}
