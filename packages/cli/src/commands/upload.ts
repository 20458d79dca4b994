/**
 * `dyadic upload <folder|files|zips…> --server URL --key KEY [--manifest manifest.csv] [--program SLUG] [--concurrency N]
 *   [--state FILE]`
 *
 * Batch upload to a Dyadic server. Each file needs a dyad and a session date, from the manifest (CSV with columns
 * file, dyad, sessionDate, and optional mentor, mentee, program; `session_date`/`date` accepted) or else from the path:
 * `<dyad>/<YYYY-MM-DD…>.<ext>` (the folder names the dyad, the file name starts with the date). A `.zip` is read
 * like a folder (within the same limits as the server's batch upload, see docs/batch-upload.md); its entries are
 * named in the manifest by their path inside the zip, and a `manifest.csv` inside the zip is used when no
 * `--manifest` is given.
 * Resumable: files already accepted (by content hash) are recorded in the state file (default
 * `.dyadic-upload-state.json` in the current folder) and skipped next time; the server also recognises a file uploaded
 * twice for the same dyad and date. Progress goes to stderr (`[n/N] status file`); stdout gets one JSON line per file
 * `{file, status: uploaded|duplicate|skipped|failed, id?, error?}` (a zip entry is `<zip>/<path in zip>`). Exit 0 when
 * every file is uploaded or skipped, 1 when any failed, 2 on bad usage.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import {
  DEFAULT_ZIP_LIMITS,
  fieldsFromPath,
  parseManifest,
  planBatch,
  readBatchZip,
  sessionFieldsProblem,
  TRANSCRIPT_EXTENSIONS,
  ZipArchiveError,
  type ManifestRow,
  type SessionFields,
} from '@dyadic/transcript';
import { UsageError } from '../errors.js';

const USAGE = 'usage: dyadic upload <folder|files|zips…> --server URL --key KEY [--manifest manifest.csv] [--program SLUG] [--concurrency N] [--state FILE]';
const ZIP = /\.zip$/i;

interface Args {
  paths: string[];
  server: string;
  key: string;
  manifest?: string;
  program?: string;
  concurrency: number;
  state: string;
}

function parseArgs(argv: string[]): Args {
  const paths: string[] = [];
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--')) {
      const name = a.slice(2);
      if (!['server', 'key', 'manifest', 'program', 'concurrency', 'state'].includes(name)) throw new UsageError(`unknown flag ${a}\n${USAGE}`);
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value\n${USAGE}`);
      flags[name] = v;
    } else paths.push(a);
  }
  if (!paths.length) throw new UsageError(`name a folder or files to upload\n${USAGE}`);
  if (!flags.server || !/^https?:\/\//.test(flags.server)) throw new UsageError(`--server must be the server's URL, e.g. http://127.0.0.1:3000\n${USAGE}`);
  if (!flags.key) throw new UsageError(`--key is required (an API key of role researcher, integration or admin)\n${USAGE}`);
  const concurrency = Number(flags.concurrency ?? 4);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 32) throw new UsageError('--concurrency must be 1–32');
  return {
    paths,
    server: flags.server.replace(/\/+$/, ''),
    key: flags.key,
    concurrency,
    state: flags.state ?? '.dyadic-upload-state.json',
    ...(flags.manifest ? { manifest: flags.manifest } : {}),
    ...(flags.program ? { program: flags.program } : {}),
  };
}

/** Transcript files under the paths (folders walked, dot files skipped), and the zips named explicitly. */
async function listSources(paths: string[], skip: string | undefined): Promise<{ files: string[]; zips: string[] }> {
  const files: string[] = [];
  const zips: string[] = [];
  const walk = async (p: string, top: boolean): Promise<void> => {
    const s = await stat(p).catch(() => null);
    if (!s) throw new UsageError(`no such file or folder: ${p}`);
    if (s.isDirectory()) {
      for (const e of (await readdir(p)).sort()) if (!e.startsWith('.')) await walk(join(p, e), false);
    } else if (top && ZIP.test(p)) zips.push(resolve(p));
    else if (TRANSCRIPT_EXTENSIONS.test(p) && resolve(p) !== skip) files.push(resolve(p));
  };
  for (const p of paths) await walk(p, true);
  return { files, zips };
}

interface Target {
  /** A path on disk, or `<zip>/<path in zip>`. */
  file: string;
  fields: Record<string, string>;
  /** A zip entry's bytes (files on disk are read when their turn comes). */
  data?: Uint8Array;
  problem?: string;
}

/** Fields for the form: the manifest's or the path's, and the --program default unless the row names one. */
function formFields(f: SessionFields, program: string | undefined): Record<string, string> {
  const out: Record<string, string> = { dyad: f.dyad, sessionDate: f.sessionDate };
  if (f.mentor) out.mentor = f.mentor;
  if (f.mentee) out.mentee = f.mentee;
  if (f.program ?? program) out.program = (f.program ?? program)!;
  return out;
}

function fileTarget(file: string, manifest: Map<string, ManifestRow> | null, program: string | undefined): Target {
  const fields = manifest ? manifest.get(file) : fieldsFromPath(file);
  if (!fields) return { file, fields: {}, problem: 'not in the manifest' };
  const problem = sessionFieldsProblem(fields);
  return problem ? { file, fields: {}, problem } : { file, fields: formFields(fields, program) };
}

/**
 * The entries of a zip as targets, checked with the server's rules (unsafe paths, bombs, sizes) before anything is
 * sent; each bad entry is a failed target, a zip refused as a whole is one.
 */
async function zipTargets(zipPath: string, manifestRows: ManifestRow[] | null, program: string | undefined): Promise<Target[]> {
  const s = await stat(zipPath);
  if (s.size > DEFAULT_ZIP_LIMITS.maxZipBytes) return [{ file: zipPath, fields: {}, problem: `the zip is over the ${DEFAULT_ZIP_LIMITS.maxZipBytes / 1024 / 1024} MB limit: split it` }];
  let zip;
  try {
    zip = readBatchZip(await readFile(zipPath), DEFAULT_ZIP_LIMITS);
  } catch (err) {
    if (err instanceof ZipArchiveError) return [{ file: zipPath, fields: {}, problem: err.message }];
    throw err;
  }
  let manifest: { rows: ManifestRow[]; base: string } | null = manifestRows ? { rows: manifestRows, base: '' } : null;
  if (!manifest && zip.manifest) {
    try {
      manifest = { rows: parseManifest(zip.manifest.text), base: zip.manifest.base };
    } catch (err) {
      return [{ file: `${zipPath}/${zip.manifest.name}`, fields: {}, problem: (err as Error).message }];
    }
  }
  const plan = planBatch(zip.entries, manifest);
  // Not path.join: an unsafe entry name (../x) must be shown as it is, not resolved.
  const name = (entry: string) => `${zipPath}/${entry}`;
  return [
    ...plan.targets.map((t) => ({ file: name(t.file), fields: formFields(t.fields, program), data: t.data })),
    // A shared --manifest also lists files outside this zip: rows without an entry are not this zip's problem.
    ...[...zip.problems, ...plan.problems.filter((p) => p.type !== 'missing-entry')].map((p) => ({ file: name(p.file), fields: {}, problem: p.reason })),
  ].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

type Outcome = { file: string; status: 'uploaded' | 'duplicate' | 'skipped' | 'failed'; id?: string; error?: string };

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const manifestPath = args.manifest ? resolve(args.manifest) : undefined;
  const { files, zips } = await listSources(args.paths, manifestPath);
  if (!files.length && !zips.length) throw new UsageError('no transcript files found (txt, vtt, srt, csv, tsv, json, docx, cha, or a .zip of them)');
  const rows = manifestPath ? parseManifest(await readFile(manifestPath, 'utf8')) : null;
  // Files on disk are named relative to the manifest's folder.
  const manifest = rows ? new Map(rows.map((r) => [resolve(dirname(manifestPath!), r.file), r])) : null;
  const state: Record<string, { id: string; file: string }> = JSON.parse(await readFile(args.state, 'utf8').catch(() => '{}'));
  const targets: Target[] = files.map((file) => fileTarget(file, manifest, args.program));
  for (const z of zips) targets.push(...(await zipTargets(z, rows, args.program)));
  process.stderr.write(`${targets.length} file${targets.length === 1 ? '' : 's'} to upload to ${args.server}\n`);

  const outcomes: Outcome[] = [];
  let done = 0;
  const report = (o: Outcome) => {
    outcomes.push(o);
    done++;
    process.stderr.write(`[${done}/${targets.length}] ${o.status.padEnd(9)} ${relative(process.cwd(), o.file)}${o.error ? `: ${o.error}` : ''}\n`);
  };
  // Workers finish concurrently: saves are chained so two never share the temporary file (a race that lost
  // a rename), and each save writes the whole state as it is when its turn comes.
  let saving: Promise<void> = Promise.resolve();
  const saveState = () => {
    const next = saving.then(async () => {
      await writeFile(`${args.state}.tmp`, JSON.stringify(state, null, 1));
      await rename(`${args.state}.tmp`, args.state);
    });
    saving = next.catch(() => undefined);
    return next;
  };

  const queue = [...targets];
  const worker = async () => {
    for (let t = queue.shift(); t; t = queue.shift()) {
      if (t.problem) {
        report({ file: t.file, status: 'failed', error: t.problem });
        continue;
      }
      const data = t.data ?? (await readFile(t.file));
      const hash = createHash('sha256').update(data).update(JSON.stringify(t.fields)).digest('hex');
      const known = state[hash];
      if (known) {
        report({ file: t.file, status: 'skipped', id: known.id });
        continue;
      }
      const form = new FormData();
      for (const [k, v] of Object.entries(t.fields)) form.append(k, v);
      form.append('file', new Blob([data]), basename(t.file));
      try {
        const res = await fetch(`${args.server}/api/v1/transcripts`, { method: 'POST', body: form, headers: { authorization: `Bearer ${args.key}` } });
        const body = (await res.json().catch(() => ({}))) as { id?: string; detail?: string };
        if (res.status === 202 || res.status === 200) {
          state[hash] = { id: body.id!, file: t.file };
          // The server has the file whatever happens to the local state; a failed save only costs a re-check
          // next run (the server answers 200 duplicate), so it is a warning, not a failed upload.
          await saveState().catch((err: Error) => process.stderr.write(`warning: could not save ${args.state}: ${err.message}\n`));
          report({ file: t.file, status: res.status === 202 ? 'uploaded' : 'duplicate', id: body.id! });
        } else {
          report({ file: t.file, status: 'failed', error: `${res.status} ${body.detail ?? res.statusText}` });
        }
      } catch (err) {
        report({ file: t.file, status: 'failed', error: (err as Error).message });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(args.concurrency, targets.length) }, worker));

  outcomes.sort((a, b) => a.file.localeCompare(b.file));
  for (const o of outcomes) process.stdout.write(JSON.stringify(o) + '\n');
  const count = (s: Outcome['status']) => outcomes.filter((o) => o.status === s).length;
  process.stderr.write(`uploaded ${count('uploaded')}, duplicate ${count('duplicate')}, skipped ${count('skipped')}, failed ${count('failed')}\n`);
  return count('failed') ? 1 : 0;
}
