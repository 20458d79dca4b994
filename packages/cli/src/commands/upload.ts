/**
 * `dyadic upload <folder|files…> --server URL --key KEY [--manifest manifest.csv] [--program SLUG] [--concurrency N]
 *   [--state FILE]`
 *
 * Batch upload to a Dyadic server. Each file needs a dyad and a session date, from the manifest (CSV with columns
 * file, dyad, sessionDate, and optional mentor, mentee; `session_date`/`date` accepted) or else from the path:
 * `<dyad>/<YYYY-MM-DD…>.<ext>` (the folder names the dyad, the file name starts with the date).
 * Resumable: files already accepted (by content hash) are recorded in the state file (default
 * `.dyadic-upload-state.json` in the current folder) and skipped next time; the server also recognises a file uploaded
 * twice for the same dyad and date. Progress goes to stderr; stdout gets one JSON line per file
 * `{file, status: uploaded|duplicate|skipped|failed, id?, error?}`. Exit 0 when every file is uploaded or skipped,
 * 1 when any failed, 2 on bad usage.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { UsageError } from '../errors.js';

const USAGE = 'usage: dyadic upload <folder|files…> --server URL --key KEY [--manifest manifest.csv] [--program SLUG] [--concurrency N] [--state FILE]';
const EXTENSIONS = /\.(txt|vtt|srt|csv|tsv|json|jsonl|docx|cha)$/i;

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

async function listFiles(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  const walk = async (p: string): Promise<void> => {
    const s = await stat(p).catch(() => null);
    if (!s) throw new UsageError(`no such file or folder: ${p}`);
    if (s.isDirectory()) {
      for (const e of (await readdir(p)).sort()) if (!e.startsWith('.')) await walk(join(p, e));
    } else if (EXTENSIONS.test(p)) out.push(resolve(p));
  };
  for (const p of paths) await walk(p);
  return out;
}

interface Target {
  file: string;
  fields: Record<string, string>;
  problem?: string;
}

function manifestTargets(manifestPath: string, text: string): Map<string, Record<string, string>> {
  const rows = parse(text, { columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), skip_empty_lines: true, bom: true }) as Array<Record<string, string>>;
  const byName = new Map<string, Record<string, string>>();
  for (const r of rows) {
    const file = r.file ?? r.filename ?? r.path;
    if (!file) throw new UsageError(`${manifestPath}: needs a "file" column`);
    byName.set(resolve(dirname(manifestPath), file), {
      dyad: r.dyad ?? '',
      sessionDate: r.sessiondate ?? r.session_date ?? r.date ?? '',
      ...(r.mentor ? { mentor: r.mentor } : {}),
      ...(r.mentee ? { mentee: r.mentee } : {}),
    });
  }
  return byName;
}

function pathFields(file: string): Record<string, string> {
  const date = /^(\d{4}-\d{2}-\d{2})/.exec(basename(file))?.[1];
  return { dyad: basename(dirname(file)), sessionDate: date ?? '' };
}

type Outcome = { file: string; status: 'uploaded' | 'duplicate' | 'skipped' | 'failed'; id?: string; error?: string };

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const files = await listFiles(args.paths);
  if (!files.length) throw new UsageError('no transcript files found (txt, vtt, srt, csv, tsv, json, docx, cha)');
  const manifest = args.manifest ? manifestTargets(args.manifest, await readFile(args.manifest, 'utf8')) : null;
  const state: Record<string, { id: string; file: string }> = JSON.parse(await readFile(args.state, 'utf8').catch(() => '{}'));
  const targets: Target[] = files.map((file) => {
    const fields = manifest ? manifest.get(file) : pathFields(file);
    if (!fields) return { file, fields: {}, problem: 'not in the manifest' };
    if (!fields.dyad) return { file, fields, problem: 'no dyad (manifest column "dyad" or the folder name)' };
    if (!/^\d{4}-\d{2}-\d{2}$/.test(fields.sessionDate ?? '')) return { file, fields, problem: 'no session date (manifest column "sessionDate" or a file name starting YYYY-MM-DD)' };
    return { file, fields: { ...fields, ...(args.program ? { program: args.program } : {}) } };
  });

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
      const data = await readFile(t.file);
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
