import { fieldsFromPath, normalizeBatchPath, sessionFieldsProblem, type ManifestRow, type SessionFields } from './batch-manifest.js';
import type { BatchEntry, EntryProblem } from './batch-zip.js';

export interface BatchTarget {
  file: string;
  data: Uint8Array;
  fields: SessionFields;
  /** The manifest line the fields came from. */
  manifestLine?: number;
}

export interface ManifestProblem extends EntryProblem {
  manifestLine?: number;
}

/**
 * Give each zip entry its dyad and session date: from the manifest (its `file` column relative to `base`, the
 * folder the manifest sits in) or else from the entry's path. Entries the manifest does not list, manifest rows
 * naming no entry, and fields that would be refused by the single upload are problems, one per file.
 * `elsewhere` holds entries already refused by the zip checks, so a manifest row for one is not reported twice.
 */
export function planBatch(
  entries: BatchEntry[],
  manifest: { rows: ManifestRow[]; base: string } | null,
  elsewhere: ReadonlySet<string> = new Set(),
): { targets: BatchTarget[]; problems: ManifestProblem[] } {
  const targets: BatchTarget[] = [];
  const problems: ManifestProblem[] = [];
  const rows = manifest ? new Map(manifest.rows.map((r) => [normalizeBatchPath(manifest.base ? `${manifest.base}/${r.file}` : r.file), r])) : null;
  for (const e of entries) {
    let fields: SessionFields;
    let manifestLine: number | undefined;
    if (rows) {
      const row = rows.get(e.name);
      if (!row) {
        problems.push({ file: e.name, type: 'not-in-manifest', reason: 'the manifest has no row for this file' });
        continue;
      }
      rows.delete(e.name);
      const { file: _file, line, ...rest } = row;
      fields = rest;
      manifestLine = line;
    } else fields = fieldsFromPath(e.name);
    const bad = sessionFieldsProblem(fields);
    if (bad) {
      problems.push({ file: e.name, type: 'invalid-session-fields', reason: bad, ...(manifestLine !== undefined ? { manifestLine } : {}) });
      continue;
    }
    targets.push({ file: e.name, data: e.data, fields, ...(manifestLine !== undefined ? { manifestLine } : {}) });
  }
  for (const [name, row] of rows ?? []) {
    if (!elsewhere.has(name)) problems.push({ file: name, type: 'missing-entry', reason: `the manifest lists this file (line ${row.line}) but the zip does not hold it`, manifestLine: row.line });
  }
  return { targets, problems };
}
