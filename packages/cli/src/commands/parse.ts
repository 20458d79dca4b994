/**
 * `dyadic parse <file> [--format auto|txt|vtt|srt|csv|tsv|json|docx|cha] [--output FILE] [--mentor NAME --mentee NAME] [--max-mb N]`
 *
 * Prints the transcript's turns as JSONL `{index, speaker, role?, text, start?, end?}` on stdout (nothing else
 * goes to stdout; warnings go to stderr). Roles are added when they can be settled (fields, or labels in the
 * file); if not, the turns are printed without roles, unless --mentor/--mentee were given and are wrong.
 * With --output the JSONL is written to a temporary file next to FILE and renamed into place, so a failed run
 * never leaves a half-written file. Bad input: the TranscriptParseError propagates (exit code 2 + message).
 */
import { open, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Role } from '@dyadic/domain';
import { FORMATS, RoleMappingError, TranscriptParseError, assignRoles, parseTranscript, parseTranscriptFile } from '@dyadic/transcript';
import type { Format } from '@dyadic/transcript';
import { UsageError } from '../errors.js';

const USAGE = `usage: dyadic parse <file> [--format auto|${FORMATS.join('|')}] [--output FILE] [--mentor NAME --mentee NAME] [--max-mb N]`;
const DEFAULT_MAX_MB = 64;

export interface ParseArgs {
  file: string;
  format: Format | 'auto';
  output?: string;
  mentor?: string;
  mentee?: string;
  maxMb: number;
  help: boolean;
}

export function parseArgs(argv: string[]): ParseArgs {
  const out: Partial<ParseArgs> & { maxMb: number; format: Format | 'auto'; help: boolean } = { maxMb: DEFAULT_MAX_MB, format: 'auto', help: false };
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--help' || a === '-h') {
      out.help = true;
      continue;
    }
    if (a === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(0, eq) : a;
    const value = (): string => {
      if (eq > 0) return a.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined || (v.startsWith('--') && v.length > 2)) throw new UsageError(`${name} needs a value\n${USAGE}`);
      return v;
    };
    switch (name) {
      case '--format':
      case '-f': {
        const f = value();
        if (f !== 'auto' && !(FORMATS as readonly string[]).includes(f)) throw new UsageError(`unknown --format "${f}": use auto, ${FORMATS.join(', ')}`);
        out.format = f as Format | 'auto';
        break;
      }
      case '--output':
      case '-o':
        out.output = value();
        break;
      case '--mentor':
        out.mentor = value();
        break;
      case '--mentee':
        out.mentee = value();
        break;
      case '--max-mb': {
        const v = value();
        const n = Number(v);
        if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--max-mb must be a positive number of megabytes, got "${v}"`);
        out.maxMb = n;
        break;
      }
      default:
        throw new UsageError(`unknown option ${name}\n${USAGE}`);
    }
  }
  if (out.help) return { ...out, file: positional[0] ?? '' };
  if (positional.length === 0) throw new UsageError(`missing <file>\n${USAGE}`);
  if (positional.length > 1) throw new UsageError(`one file at a time, got ${positional.length}: ${positional.join(' ')}\n${USAGE}`);
  return { ...out, file: positional[0]! };
}

interface OutTurn {
  index: number;
  speaker: string;
  role?: Role;
  text: string;
  start?: number;
  end?: number;
}

async function writeAll(write: (chunk: string) => Promise<void>, lines: Iterable<string>): Promise<void> {
  let buf = '';
  for (const l of lines) {
    buf += l;
    if (buf.length >= 64 * 1024) {
      await write(buf);
      buf = '';
    }
  }
  if (buf) await write(buf);
}

function writeStdout(chunk: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const ok = process.stdout.write(chunk, (err) => (err ? reject(err) : undefined));
    if (ok) resolve();
    else process.stdout.once('drain', resolve);
  });
}

/** stdin (`-`), refusing more than maxBytes as soon as it is exceeded. */
async function readStdin(maxBytes: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > maxBytes) {
      throw new TranscriptParseError({ format: 'unknown', expected: `input of at most ${args2mb(maxBytes)}`, found: 'more', reason: 'too-large' });
    }
    chunks.push(chunk);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

function args2mb(n: number): string {
  return `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;
}

async function parseFile(args: ParseArgs, maxBytes: number) {
  try {
    const st = await stat(args.file);
    if (!st.isFile()) throw new UsageError(`"${args.file}" is not a file`);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`cannot read "${args.file}": ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  // parseTranscriptFile checks the size on disk before reading
  return parseTranscriptFile(args.file, { format: args.format, maxBytes });
}

export async function run(argv: string[]): Promise<number | void> {
  const args = parseArgs(argv);
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const maxBytes = Math.floor(args.maxMb * 1024 * 1024);
  const parsed = args.file === '-' ? await parseTranscript(await readStdin(maxBytes), { format: args.format, maxBytes }) : await parseFile(args, maxBytes);
  for (const w of parsed.warnings) process.stderr.write(`dyadic parse: warning: ${w}\n`);

  let roles: Record<string, Role> | undefined;
  try {
    roles = assignRoles(parsed, { mentor: args.mentor, mentee: args.mentee });
  } catch (err) {
    if (!(err instanceof RoleMappingError)) throw err;
    if (args.mentor !== undefined || args.mentee !== undefined) throw err;
    process.stderr.write(`dyadic parse: note: turns printed without roles. ${err.message.replace(/Send the "mentor" and "mentee" fields/, 'Pass --mentor and --mentee')}\n`);
  }

  function* jsonl(): Generator<string> {
    for (const t of parsed.turns) {
      const role = roles?.[t.speaker];
      // key order as documented: index, speaker, role?, text, start?, end?
      const o: OutTurn = role ? { index: t.index, speaker: t.speaker, role, text: t.text } : { index: t.index, speaker: t.speaker, text: t.text };
      if (t.start !== undefined) o.start = t.start;
      if (t.end !== undefined) o.end = t.end;
      yield JSON.stringify(o) + '\n';
    }
  }

  if (args.output === undefined || args.output === '-') {
    await writeAll(writeStdout, jsonl());
    return 0;
  }
  const target = args.output;
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  const fh = await open(tmp, 'wx');
  try {
    await writeAll(async (chunk) => {
      await fh.write(chunk);
    }, jsonl());
    await fh.sync();
    await fh.close();
    await rename(tmp, target);
  } catch (err) {
    await fh.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  process.stderr.write(`dyadic parse: ${parsed.turns.length} turns (${parsed.format}, ${parsed.encoding}) → ${target}\n`);
  return 0;
}
