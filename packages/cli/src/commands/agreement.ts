/**
 * `dyadic agreement`: agreement of the tagger with human codes (docs/agreement.md).
 *
 * Local (no server): `dyadic agreement --input coded.jsonl [--json] [--window N] [--extra dict.json]` tags human-coded
 * utterances with the current codebook and prints per tag {n, kappa, precision, recall, f1, confusion} plus kappaSE,
 * kappaCI95, pabak, po, pe. Lines: {id, conversation_id, turn, speaker, text, human:{selfDisclosure?, emotion?,
 * advice?, reciprocatedDisclosure?}}; a missing or null code is not scored.
 *
 * Server: `dyadic agreement --server URL --key KEY --program ID|SLUG [--import codes.csv|codes.jsonl [--coder NAME]]
 * [--report [--codebook V] [--compare A,B] [--coder NAME] [--limit N]] [--json]` imports a coder's codes into the
 * program (all or nothing: bad lines are listed on stderr, exit 2) and/or prints the server's agreement report for the
 * program's human-coded transcripts.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { TAG_NAMES, addPair, agreementStats, emptyConfusion, type AgreementStats, type Confusion, type TagName } from '@dyadic/tagging';
import { UsageError } from '../errors.js';
import { parseFlags } from '../eval/flags.js';
import { inputError, parseLines, readInput, tagLines } from '../eval/jsonl.js';
import { codebookFromFlags } from './tag.js';

const USAGE = [
  'usage: dyadic agreement --input coded.jsonl [--json] [--window N] [--extra dict.json]',
  '       dyadic agreement --server URL --key KEY --program ID|SLUG [--import codes.csv [--coder NAME]] [--report [--codebook V] [--compare A,B] [--limit N]] [--json]',
].join('\n');

export async function run(argv: string[]): Promise<number> {
  const f = parseFlags(argv, ['input', 'window', 'extra', 'server', 'key', 'program', 'import', 'coder', 'codebook', 'compare', 'limit'], ['json', 'report']);
  if (f.values.server !== undefined || f.values.import !== undefined || f.flags.has('report')) return remote(f.values, f.flags);
  const input = f.values.input ?? f.positional[0];
  if (!input) throw new UsageError(USAGE);
  const lines = parseLines(readInput(input), { keepRaw: true });
  lines.forEach((l, i) => {
    const h = l.raw?.human;
    if (h !== undefined && h !== null && (typeof h !== 'object' || Array.isArray(h))) throw inputError(`line ${i + 1}: "human" must be an object`);
  });
  const window = f.values.window !== undefined ? Number(f.values.window) : undefined;
  const tagged = tagLines(lines, codebookFromFlags(f.values.extra), window !== undefined ? { reciprocationWindow: window } : {});
  const conf = new Map<TagName, Confusion>(TAG_NAMES.map((t) => [t, emptyConfusion()]));
  lines.forEach((l, i) => {
    const human = (l.raw?.human ?? {}) as Record<string, unknown>;
    for (const t of TAG_NAMES) {
      const v = human[t];
      if (v === true || v === false) addPair(conf.get(t)!, v, tagged[i]!.tags[t]);
    }
  });
  const result: Partial<Record<TagName, AgreementStats>> = {};
  for (const t of TAG_NAMES) result[t] = agreementStats(conf.get(t)!);
  if (f.flags.has('json')) {
    process.stdout.write(JSON.stringify(result) + '\n');
    return 0;
  }
  process.stdout.write(table(result as Record<TagName, AgreementStats>));
  return 0;
}

const num = (v: number | null | undefined) => (v === null || v === undefined ? '  –  ' : v.toFixed(3));

/** The human-readable table: one row per tag. */
export function table(result: Record<TagName, AgreementStats>): string {
  const rows = ['tag                     n      kappa   P       R       F1      tp/fp/fn/tn     kappa 95% CI     PABAK'];
  for (const t of TAG_NAMES) {
    const s = result[t];
    const c = s.confusion;
    const ci = s.kappaCI95 ? `[${num(s.kappaCI95.lower)}, ${num(s.kappaCI95.upper)}]` : '–';
    rows.push(
      `${t.padEnd(23)} ${String(s.n).padEnd(6)} ${s.kappa.toFixed(3)}   ${s.precision.toFixed(3)}   ${s.recall.toFixed(3)}   ${s.f1.toFixed(3)}   ${`${c.tp}/${c.fp}/${c.fn}/${c.tn}`.padEnd(15)} ${ci.padEnd(16)} ${num(s.pabak)}`,
    );
  }
  return rows.join('\n') + '\n';
}

interface Server {
  base: string;
  key: string;
}

async function call(s: Server, method: string, path: string, body?: FormData): Promise<{ status: number; json: any }> {
  let res: Response;
  try {
    res = await fetch(s.base + path, { method, headers: { authorization: `Bearer ${s.key}` }, ...(body ? { body } : {}) });
  } catch (err) {
    throw inputError(`cannot reach ${s.base}: ${(err as Error).message}`);
  }
  const text = await res.text();
  let json: any = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = { detail: text.slice(0, 200) };
  }
  return { status: res.status, json };
}

function failure(path: string, r: { status: number; json: any }): Error {
  return inputError(`${path}: ${r.status} ${r.json?.detail ?? r.json?.title ?? 'error'}`);
}

/** A program id as is; a slug looked up among the programs the key can see. */
async function programId(s: Server, program: string): Promise<string> {
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(program)) return program;
  const r = await call(s, 'GET', '/api/v1/programs');
  if (r.status !== 200) throw failure('/api/v1/programs', r);
  const p = (r.json.items as Array<{ id: string; slug: string }>).find((x) => x.slug === program);
  if (!p) throw inputError(`no program "${program}" visible to this key`);
  return p.id;
}

async function remote(values: Record<string, string | undefined>, flags: Set<string>): Promise<number> {
  if (!values.server || !/^https?:\/\//.test(values.server)) throw new UsageError(`--server must be the server's URL, e.g. http://127.0.0.1:3000\n${USAGE}`);
  if (!values.key) throw new UsageError(`--key is required (an API key of role researcher or admin)\n${USAGE}`);
  if (!values.program) throw new UsageError(`--program is required (the program's id or slug)\n${USAGE}`);
  if (values.import === undefined && !flags.has('report')) throw new UsageError(`say what to do: --import FILE and/or --report\n${USAGE}`);
  if (values.input !== undefined) throw new UsageError(`--input is for local scoring; it cannot be combined with --server\n${USAGE}`);
  const s: Server = { base: values.server.replace(/\/+$/, ''), key: values.key };
  const id = await programId(s, values.program);
  const json = flags.has('json');

  if (values.import !== undefined) {
    let data: Buffer;
    try {
      data = await readFile(values.import);
    } catch (err) {
      throw inputError(`cannot read ${values.import}: ${(err as Error).message}`);
    }
    const form = new FormData();
    // --coder names the coder of rows without one (and, with --report, whose codes are reported).
    if (values.coder) form.append('coder', values.coder);
    const name = basename(values.import);
    form.append('file', new Blob([new Uint8Array(data)], { type: /\.(jsonl|ndjson)$/i.test(name) ? 'application/x-ndjson' : 'text/csv' }), name);
    const path = `/api/v1/programs/${id}/human-codes`;
    const r = await call(s, 'POST', path, form);
    if (r.status === 422 && Array.isArray(r.json?.errors)) {
      for (const e of r.json.errors as Array<{ line: number; reason: string }>) process.stderr.write(`${r.json.file ?? name}:${e.line}: ${e.reason}\n`);
      if (r.json.errorCount > r.json.errors.length) process.stderr.write(`… ${r.json.errorCount - r.json.errors.length} more bad lines\n`);
      throw inputError(`${name}: ${r.json.errorCount} bad line(s); nothing was stored`);
    }
    if (r.status !== 200) throw failure(path, r);
    if (json && !flags.has('report')) process.stdout.write(JSON.stringify(r.json) + '\n');
    else process.stderr.write(`imported ${r.json.rows} codes for ${r.json.transcripts} transcript(s), coder(s) ${r.json.coders.join(', ')}; ${r.json.replaced} earlier codes replaced\n`);
  }

  if (flags.has('report')) {
    const q = new URLSearchParams();
    for (const k of ['codebook', 'coder', 'compare', 'limit'] as const) if (values[k] !== undefined) q.set(k, values[k]!);
    const path = `/api/v1/programs/${id}/agreement${q.size ? `?${q}` : ''}`;
    const r = await call(s, 'GET', path);
    if (r.status !== 200) throw failure(path, r);
    if (json) {
      process.stdout.write(JSON.stringify(r.json) + '\n');
      return 0;
    }
    process.stdout.write(`codebook ${r.json.codebookVersion}, coder "${r.json.coder}", ${r.json.transcripts} transcript(s), ${r.json.utterances} coded utterance(s)\n`);
    process.stdout.write(table(r.json.tags));
    const cmp = r.json.comparison;
    if (cmp) {
      process.stdout.write(`\n${cmp.candidate} compared with ${cmp.base} (difference = ${cmp.candidate} − ${cmp.base})\n`);
      process.stdout.write('tag                     kappa A  kappa B  Δkappa   F1 A     F1 B     ΔF1      changed\n');
      for (const t of TAG_NAMES) {
        const c = cmp.tags[t];
        const sign = (v: number) => (v >= 0 ? '+' : '') + v.toFixed(3);
        process.stdout.write(`${t.padEnd(23)} ${num(c.base.kappa)}    ${num(c.candidate.kappa)}    ${sign(c.delta.kappa).padEnd(8)} ${num(c.base.f1)}    ${num(c.candidate.f1)}    ${sign(c.delta.f1).padEnd(8)} ${cmp.changed[t].total}\n`);
      }
    }
  }
  return 0;
}
