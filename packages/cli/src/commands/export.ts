/**
 * `dyadic export --server URL --key KEY [--program SLUG|ID] [--format csv|jsonl|parquet] [--tables utterances,sessions,dyads] [--out DIR]`
 *
 * Download a program's tidy tables from a Dyadic server into DIR (default: the current folder), with the data
 * dictionary and the R and SPSS scripts beside them, so a researcher has everything in one folder. Each table is
 * streamed to `<table>.<format>.part` and renamed when complete: a file that is there is whole. Needs an API key of
 * role researcher or admin. See docs/exports.md.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream } from 'node:stream/web';
import { UsageError } from '../errors.js';

const USAGE = 'usage: dyadic export --server URL --key KEY [--program SLUG|ID] [--format csv|jsonl|parquet] [--tables utterances,sessions,dyads] [--out DIR]';
const FORMATS = ['csv', 'jsonl', 'parquet'] as const;
const TABLES = ['utterances', 'sessions', 'dyads'] as const;

interface Args {
  server: string;
  key: string;
  program?: string;
  format: (typeof FORMATS)[number];
  tables: Array<(typeof TABLES)[number]>;
  out: string;
}

function parseArgs(argv: string[]): Args {
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const name = a.startsWith('--') ? a.slice(2) : '';
    if (!['server', 'key', 'program', 'format', 'tables', 'out'].includes(name)) throw new UsageError(`unexpected ${a}\n${USAGE}`);
    const v = argv[++i];
    if (v === undefined) throw new UsageError(`${a} needs a value\n${USAGE}`);
    flags[name] = v;
  }
  if (!flags.server || !/^https?:\/\//.test(flags.server)) throw new UsageError(`--server must be the server's URL, e.g. http://127.0.0.1:3000\n${USAGE}`);
  if (!flags.key) throw new UsageError(`--key is required (an API key of role researcher or admin)\n${USAGE}`);
  const format = (flags.format ?? 'csv') as Args['format'];
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
  const tables = (flags.tables ?? TABLES.join(',')).split(',').map((t) => t.trim()) as Args['tables'];
  const bad = tables.filter((t) => !TABLES.includes(t));
  if (bad.length || !tables.length) throw new UsageError(`--tables takes ${TABLES.join(', ')} (comma-separated)`);
  return { server: flags.server.replace(/\/+$/, ''), key: flags.key, format, tables, out: flags.out ?? '.', ...(flags.program ? { program: flags.program } : {}) };
}

async function request(args: Args, path: string): Promise<Response> {
  const res = await fetch(args.server + path, { headers: { authorization: `Bearer ${args.key}` } });
  if (!res.ok) {
    const body = await res.text();
    let detail = body.slice(0, 300);
    try {
      detail = (JSON.parse(body) as { detail?: string }).detail ?? detail;
    } catch {
      /* not a problem document */
    }
    throw Object.assign(new Error(`${path}: ${res.status} ${detail}`), { inputError: res.status < 500 });
  }
  return res;
}

/** The program to export: the one named (slug or id), or the key's only program. */
async function programId(args: Args): Promise<{ id: string; slug: string }> {
  const { items } = (await (await request(args, '/api/v1/programs')).json()) as { items: Array<{ id: string; slug: string }> };
  if (args.program) {
    const p = items.find((x) => x.slug === args.program || x.id === args.program);
    if (!p) throw new UsageError(`no program "${args.program}" for this key (it sees: ${items.map((x) => x.slug).join(', ') || 'none'})`);
    return p;
  }
  if (items.length !== 1) throw new UsageError(`this key sees ${items.length} programs: name one with --program (${items.map((x) => x.slug).join(', ')})`);
  return items[0]!;
}

async function download(args: Args, path: string, file: string): Promise<number> {
  const res = await request(args, path);
  const part = `${file}.part`;
  let bytes = 0;
  try {
    const body = Readable.fromWeb(res.body as ReadableStream<Uint8Array>);
    body.on('data', (c: Buffer) => (bytes += c.length));
    await pipeline(body, createWriteStream(part));
    await rename(part, file);
  } catch (err) {
    await rm(part, { force: true });
    throw err;
  }
  return bytes;
}

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const program = await programId(args);
  await mkdir(args.out, { recursive: true });
  for (const table of args.tables) {
    const file = join(args.out, `${table}.${args.format}`);
    const bytes = await download(args, `/api/v1/programs/${program.id}/export/${table}.${args.format}`, file);
    process.stderr.write(`${file}: ${(bytes / 1024 / 1024).toFixed(1)} MB\n`);
  }
  for (const f of ['dictionary.csv', 'dyadic.R', 'dyadic.sps']) await download(args, `/api/v1/export/${f}`, join(args.out, f));
  process.stderr.write(`exported program ${program.slug} (${args.format}) to ${args.out}, with dictionary.csv, dyadic.R and dyadic.sps\n`);
  return 0;
}
