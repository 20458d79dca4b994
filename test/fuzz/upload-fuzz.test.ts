/**
 * Fuzz the real upload API: thousands of malformed and mutated files (every transcript format, bit flips,
 * truncations, random bytes, huge lines, deep JSON, wrong extensions, BOM games, zip bombs-lite, hostile zip entry
 * names) and malformed multipart requests, sent over HTTP with concurrency. Deterministic (seeded PRNG).
 *
 * Every answer must be 202/200 (valid by luck: the rows must then exist completely) or a 4xx problem+json with
 * type/title/status/detail; never a 5xx, never a hang. Afterwards the database holds no partial rows, and a worker
 * takes every accepted transcript to done or failed-with-reason.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeDocx, makeZip } from '../../packages/transcript/src/testing/zip.js';
import { FIXTURES, startStack, type TestStack } from '../helpers/app.js';
import { prng } from '../helpers/prng.js';

const TOTAL = Number(process.env.FUZZ_TOTAL ?? 2000);
const CONCURRENCY = 8;
const SEED = 20261123;

let stack: TestStack;
beforeAll(async () => {
  // 1 MB upload limit keeps "too large" cases cheap; the rate limit is lifted so the fuzz reaches the parser.
  stack = await startStack({ queue: 'redis', worker: false, env: { DYADIC_MAX_UPLOAD_MB: '1', DYADIC_RATE_LIMIT: '1000000' } });
});
afterAll(async () => {
  await stack?.close();
});

const rand = prng(SEED);
const int = (n: number) => Math.floor(rand() * n);
const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;

// ---------------------------------------------------------------------------------------------------- seed files
const TRANSCRIPT_FIXTURES = new URL('../../packages/transcript/fixtures/', import.meta.url);
const seeds: Array<{ name: string; data: Buffer }> = [
  ...readdirSync(TRANSCRIPT_FIXTURES).map((name) => ({ name, data: readFileSync(new URL(name, TRANSCRIPT_FIXTURES)) })),
  ...readdirSync(`${FIXTURES}dyad-07`).map((name) => ({ name, data: readFileSync(`${FIXTURES}dyad-07/${name}`) })),
];
const EXTS = ['txt', 'vtt', 'srt', 'csv', 'tsv', 'json', 'cha', 'docx', 'pdf', 'exe', 'zip', '', 'TXT', 'txt.docx', 'json.txt'];

function ext(name: string): string {
  const i = name.lastIndexOf('.');
  return i < 0 ? '' : name.slice(i + 1);
}
function rename(name: string, e: string): string {
  const base = name.includes('.') ? name.slice(0, name.lastIndexOf('.')) : name;
  return e ? `${base}.${e}` : base;
}

// ------------------------------------------------------------------------------------------------------ mutators
type Case = { kind: string; name: string; data: Buffer; fields: Record<string, string>; extraFields?: Array<[string, string]>; raw?: { body: Buffer; contentType: string } };

function bitFlips(d: Buffer): Buffer {
  const b = Buffer.from(d);
  const n = 1 + int(20);
  for (let i = 0; i < n && b.length; i++) b[int(b.length)]! ^= 1 << int(8);
  return b;
}
function truncate(d: Buffer): Buffer {
  return d.subarray(0, int(d.length));
}
function randomBytes(): Buffer {
  const b = Buffer.alloc(1 + int(4096));
  for (let i = 0; i < b.length; i++) b[i] = int(256);
  return b;
}
function chunkEdits(d: Buffer): Buffer {
  let b = Buffer.from(d);
  const n = 1 + int(6);
  for (let i = 0; i < n; i++) {
    const at = int(b.length + 1);
    const len = 1 + int(64);
    const op = int(3);
    if (op === 0) b = Buffer.concat([b.subarray(0, at), b.subarray(at + len)]); // delete
    else if (op === 1) b = Buffer.concat([b.subarray(0, at), b.subarray(at, at + len), b.subarray(at)]); // duplicate
    else b = Buffer.concat([b.subarray(0, at), Buffer.from(pick(['\0', '\r', '\n\n\n', '"', ',', '-->', '00:00:', '{', ']', '\u2028', '\ufffd', '\x1b[31m', 'Mentor:', '\t', '\\'])), b.subarray(at)]);
  }
  return b;
}
function hugeLine(d: Buffer): Buffer {
  const size = pick([10_000, 100_000, 300_000]);
  const filler = pick(['a', 'é', '😀', ' ', 'Mentor: ', '0']);
  return Buffer.concat([d, Buffer.from(filler.repeat(Math.ceil(size / Buffer.byteLength(filler))))]);
}
function deepJson(): Buffer {
  // Deeper nesting (≥ 10k) is covered in upload-500s.test.ts.
  const depth = pick([100, 1000, 3000]);
  const shape = int(3);
  if (shape === 0) return Buffer.from('['.repeat(depth) + ']'.repeat(depth));
  if (shape === 1) return Buffer.from('{"a":'.repeat(depth) + '1' + '}'.repeat(depth));
  return Buffer.from(`[${'{"speaker":"Mentor","text":'.repeat(Math.min(depth, 5000))}"hi"${'}'.repeat(Math.min(depth, 5000))}]`);
}
function bomGames(d: Buffer): Buffer {
  const boms = [Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from([0xff, 0xfe]), Buffer.from([0xfe, 0xff]), Buffer.from([0xff, 0xfe, 0, 0])];
  const op = int(4);
  if (op === 0) return Buffer.concat([pick(boms), d]); // wrong BOM for the bytes
  if (op === 1) return Buffer.concat([boms[0]!, boms[0]!, d]); // double BOM
  if (op === 2) {
    const at = int(d.length + 1);
    return Buffer.concat([d.subarray(0, at), pick(boms), d.subarray(at)]); // BOM in the middle
  }
  // Real UTF-16 with an odd byte chopped off
  const u16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(d.toString('utf8'), 'utf16le')]);
  return u16.subarray(0, u16.length - (u16.length % 2 === 0 ? 1 : 0));
}
function zipCase(): { name: string; data: Buffer; kind: string } {
  const op = int(6);
  const lines = ['Mentor: Hi Jordan, how was your week?', 'Mentee: Good. I was nervous at work.'];
  if (op === 0) {
    // Bomb-lite: a document.xml that inflates to 16 MB of spaces (compressed: ~16 KB)
    const docx = Buffer.from(makeDocx(lines));
    const bomb = makeZip({ '[Content_Types].xml': '<Types/>', 'word/document.xml': new Uint8Array(16 * 1024 * 1024).fill(32) });
    return { name: 'bomb.docx', data: Buffer.from(pick([bomb, docx])), kind: 'zip-bomb' };
  }
  if (op === 1) {
    // Path traversal and odd names in entries
    const z = makeZip({
      '../../../../tmp/evil.xml': '<x/>',
      '/etc/passwd': 'root:x:0:0',
      'word\\..\\..\\document.xml': '<w:document/>',
      'word/document.xml': '<w:document><w:body><w:p><w:r><w:t>Mentor: hi</w:t></w:r></w:p></w:body></w:document>',
    });
    return { name: 'traversal.docx', data: Buffer.from(z), kind: 'zip-traversal' };
  }
  if (op === 2) {
    // Many entries
    const files: Record<string, string> = {};
    for (let i = 0; i < 6000; i++) files[`f${i}.xml`] = '';
    return { name: 'many.docx', data: Buffer.from(makeZip(files)), kind: 'zip-many-entries' };
  }
  if (op === 3) return { name: 'mutated.docx', data: bitFlips(Buffer.from(makeDocx(lines))), kind: 'zip-bitflip' };
  if (op === 4) return { name: 'truncated.docx', data: truncate(Buffer.from(makeDocx(lines))), kind: 'zip-truncated' };
  // A zip whose document.xml is not XML at all
  return { name: 'notxml.docx', data: Buffer.from(makeZip({ 'word/document.xml': randomBytes() })), kind: 'zip-garbage-xml' };
}

const DYADS = ['fuzz-a', 'fuzz-b', 'fuzz-c', 'fuzz-d'];
function goodFields(): Record<string, string> {
  const f: Record<string, string> = { dyad: pick(DYADS), sessionDate: `2026-0${1 + int(9)}-${String(1 + int(28)).padStart(2, '0')}` };
  // Give roles sometimes, so name-labelled fixtures can be accepted by luck
  if (rand() < 0.4) Object.assign(f, pick([{ mentor: 'Maya Lopez', mentee: 'Jordan' }, { mentor: 'Maya', mentee: 'Jordan' }, { mentor: 'Mentor', mentee: 'Mentee' }]));
  return f;
}

function badFields(): { fields: Record<string, string>; extra?: Array<[string, string]>; kind: string } {
  const f = goodFields();
  const op = int(11);
  if (op === 0) return { fields: { sessionDate: f.sessionDate! }, kind: 'field-missing-dyad' };
  if (op === 1) return { fields: { dyad: f.dyad! }, kind: 'field-missing-date' };
  if (op === 2) return { fields: { ...f, sessionDate: pick(['2026-02-30', '26-1-1', 'yesterday', '2026-13-01', '0000-00-00', '9999-12-31', '2026-01-01T00:00:00Z', '']) }, kind: 'field-bad-date' };
  if (op === 3) return { fields: { ...f, dyad: pick(['../../etc', '<script>alert(1)</script>', "x'; drop table dyads; --", ' ', '\u0000', 'a'.repeat(500), '😀', '-lead']) }, kind: 'field-bad-dyad' };
  if (op === 4) return { fields: { ...f, mentor: 'x'.repeat(121) }, kind: 'field-long-mentor' };
  if (op === 5) return { fields: { ...f, mentor: 'Nobody Here', mentee: 'Nor Here' }, kind: 'field-unknown-speakers' };
  if (op === 6) return { fields: f, extra: [['colour', 'red']], kind: 'field-unknown' };
  if (op === 7) return { fields: f, extra: [['dyad', 'second-dyad']], kind: 'field-duplicate' };
  if (op === 8) return { fields: f, extra: Array.from({ length: 14 }, (_, i) => [`x${i}`, 'y'] as [string, string]), kind: 'field-too-many' };
  if (op === 9) return { fields: { ...f, dyad: 'a'.repeat(2000) }, kind: 'field-oversize' };
  return { fields: { ...f, mentor: f.mentee ?? 'Jordan', mentee: f.mentee ?? 'Jordan' }, kind: 'field-same-roles' };
}

/** Hand-built multipart bodies: framing is well formed, content is hostile. */
function rawMultipart(): { body: Buffer; contentType: string; kind: string } {
  const b = `----fuzz${int(1e9)}`;
  const op = int(4);
  const part = (name: string, value: string, filename?: string) =>
    `--${b}\r\nContent-Disposition: form-data; name="${name}"${filename !== undefined ? `; filename="${filename}"` : ''}\r\n\r\n${value}\r\n`;
  const date = `2026-05-${String(1 + int(28)).padStart(2, '0')}`;
  if (op === 0) return { body: Buffer.from(`${part('file', 'Mentor: a\nMentee: b\n', '../../../etc/passwd') + part('dyad', 'fuzz-raw') + part('sessionDate', date)}--${b}--\r\n`), contentType: `multipart/form-data; boundary=${b}`, kind: 'raw-traversal-filename' };
  if (op === 1) return { body: Buffer.from(`${part('file', 'Mentor: a\nMentee: b\n', 'x'.repeat(400) + '.txt') + part('dyad', 'fuzz-raw') + part('sessionDate', date)}--${b}--\r\n`), contentType: `multipart/form-data; boundary=${b}`, kind: 'raw-long-filename' };
  if (op === 2) return { body: Buffer.from(`${part('file', 'Mentor: a\nMentee: b\n', 'one.txt') + part('file', 'Mentor: c\nMentee: d\n', 'two.txt') + part('dyad', 'fuzz-raw') + part('sessionDate', date)}--${b}--\r\n`), contentType: `multipart/form-data; boundary=${b}`, kind: 'raw-two-files' };
  return { body: Buffer.from(JSON.stringify({ dyad: 'x', file: 'Mentor: hi' })), contentType: pick(['application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/mixed; boundary=x']), kind: 'raw-wrong-content-type' };
}

function makeCase(i: number): Case {
  const seed = pick(seeds);
  const r = int(100);
  const fields = goodFields();
  if (r < 14) return { kind: 'bitflip', name: seed.name, data: bitFlips(seed.data), fields };
  if (r < 24) return { kind: 'truncate', name: seed.name, data: truncate(seed.data), fields };
  if (r < 32) return { kind: 'random-bytes', name: rename(`r${i}`, pick(EXTS)), data: randomBytes(), fields };
  if (r < 46) return { kind: 'chunk-edits', name: seed.name, data: chunkEdits(seed.data), fields };
  if (r < 52) return { kind: 'huge-line', name: seed.name, data: hugeLine(seed.data), fields };
  if (r < 57) return { kind: 'deep-json', name: rename(`deep${i}`, pick(['json', 'json', 'txt'])), data: deepJson(), fields };
  if (r < 64) return { kind: 'wrong-extension', name: rename(seed.name, pick(EXTS.filter((e) => e !== ext(seed.name)))), data: seed.data, fields };
  if (r < 71) return { kind: 'bom', name: seed.name, data: bomGames(seed.data), fields };
  if (r < 78) {
    const z = zipCase();
    return { kind: z.kind, name: z.name, data: z.data, fields };
  }
  if (r < 80) {
    const other = pick(seeds);
    return { kind: 'splice', name: seed.name, data: Buffer.concat([seed.data.subarray(0, int(seed.data.length)), other.data.subarray(int(other.data.length))]), fields };
  }
  if (r < 82) return { kind: 'too-large', name: seed.name, data: Buffer.concat([seed.data, Buffer.alloc(1024 * 1024 + 10, 0x61)]), fields };
  // (A NUL in the filename: upload-500s.test.ts.)
  if (r < 84) return { kind: 'odd-filename', name: pick(['../../../etc/passwd', '..\\..\\win.ini', '', '.', 'a\u0001b.txt', '<script>.txt', `${'n'.repeat(300)}.txt`, 'CON.txt', '😀.vtt']), data: seed.data, fields };
  if (r < 93) {
    const bf = badFields();
    return { kind: bf.kind, name: seed.name, data: seed.data, fields: bf.fields, ...(bf.extra ? { extraFields: bf.extra } : {}) };
  }
  if (r < 97) {
    // Hand-written multipart with odd but well-formed framing (malformed framing: upload-500s.test.ts).
    const raw = rawMultipart();
    return { kind: raw.kind, name: '', data: Buffer.alloc(0), fields: {}, raw: { body: raw.body, contentType: raw.contentType } };
  }
  // Valid seed with valid fields: some of these are accepted (exercises the success path under load)
  return { kind: 'valid-seed', name: seed.name, data: seed.data, fields };
}

interface Outcome {
  kind: string;
  status: number;
  contentType: string;
  body: any;
  ms: number;
  error?: string;
}

async function send(c: Case): Promise<Outcome> {
  const t0 = Date.now();
  let init: RequestInit;
  if (c.raw) {
    init = { method: 'POST', body: c.raw.body, headers: { authorization: `Bearer ${stack.adminKey}`, 'content-type': c.raw.contentType } };
  } else {
    const form = new FormData();
    for (const [k, v] of Object.entries(c.fields)) form.append(k, v);
    for (const [k, v] of c.extraFields ?? []) form.append(k, v);
    form.append('file', new Blob([c.data], { type: pick(['text/plain', 'application/octet-stream', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'image/png']) }), c.name);
    init = { method: 'POST', body: form, headers: { authorization: `Bearer ${stack.adminKey}` } };
  }
  try {
    const res = await fetch(`${stack.baseUrl}/api/v1/transcripts`, { ...init, signal: AbortSignal.timeout(20_000) });
    const text = await res.text();
    let body: any = text;
    try {
      body = JSON.parse(text);
    } catch {
      /* not JSON: checked below */
    }
    return { kind: c.kind, status: res.status, contentType: res.headers.get('content-type') ?? '', body, ms: Date.now() - t0 };
  } catch (err) {
    return { kind: c.kind, status: -1, contentType: '', body: null, ms: Date.now() - t0, error: (err as Error).message };
  }
}

it(`answers ${TOTAL} malformed uploads with 4xx problem+json (or a complete 2xx), never 5xx, and leaves no partial rows`, { timeout: 240_000 }, async () => {
  const cases = Array.from({ length: TOTAL }, (_, i) => makeCase(i));
  const outcomes: Outcome[] = new Array(TOTAL);
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < TOTAL) {
        const i = next++;
        outcomes[i] = await send(cases[i]!);
      }
    }),
  );

  // Summary: counts by status, and by kind → statuses
  const byStatus: Record<string, number> = {};
  const byKind: Record<string, Record<string, number>> = {};
  for (const o of outcomes) {
    byStatus[o.status] = (byStatus[o.status] ?? 0) + 1;
    const k = (byKind[o.kind] ??= {});
    const key = o.status >= 400 ? `${o.status} ${String(o.body?.type ?? '?').replace('/problems/', '')}` : String(o.status);
    k[key] = (k[key] ?? 0) + 1;
  }
  const slowest = Math.max(...outcomes.map((o) => o.ms));
  const msByKind: Record<string, number[]> = {};
  for (const o of outcomes) (msByKind[o.kind] ??= []).push(o.ms);
  console.log(
    `upload fuzz (seed ${SEED}): ${TOTAL} requests, by status ${JSON.stringify(byStatus)}, slowest ${slowest} ms\n` +
      Object.entries(byKind)
        .sort()
        .map(([k, v]) => `  ${k.padEnd(24)} ${JSON.stringify(v)}  mean ${Math.round(msByKind[k]!.reduce((a, b) => a + b, 0) / msByKind[k]!.length)} ms`)
        .join('\n'),
  );

  const bad = outcomes.filter((o) => {
    if (o.status === 200 || o.status === 202) return !(typeof o.body?.id === 'string');
    if (o.status < 400 || o.status >= 500) return true;
    const b = o.body;
    return !(
      /^application\/problem\+json/.test(o.contentType) &&
      typeof b === 'object' && b !== null &&
      typeof b.type === 'string' && typeof b.title === 'string' && b.status === o.status && typeof b.detail === 'string' && b.detail.length > 0
    );
  });
  expect(
    bad.slice(0, 10).map((o) => ({ kind: o.kind, status: o.status, contentType: o.contentType, error: o.error, body: typeof o.body === 'string' ? o.body.slice(0, 300) : o.body })),
    `${bad.length} answers were neither 2xx with an id nor 4xx problem+json`,
  ).toEqual([]);
  expect(outcomes.filter((o) => o.status >= 400).length).toBeGreaterThan(TOTAL * 0.6);

  // No partial rows: every transcript has its upload, every dyad has a transcript, only accepted ids exist.
  const accepted = new Set(outcomes.filter((o) => o.status === 200 || o.status === 202).map((o) => o.body.id as string));
  const pool = stack.db.pool;
  const { rows: orphans } = await pool.query(
    `select (select count(*)::int from transcripts t where not exists (select 1 from uploads u where u.transcript_id = t.id)) as no_upload,
            (select count(*)::int from uploads u where not exists (select 1 from transcripts t where t.id = u.transcript_id)) as no_transcript,
            (select count(*)::int from dyads d where not exists (select 1 from transcripts t where t.dyad_id = d.id)) as empty_dyads,
            (select count(*)::int from utterances) as utterances`,
  );
  expect(orphans[0]).toEqual({ no_upload: 0, no_transcript: 0, empty_dyads: 0, utterances: 0 });
  const { rows: ids } = await pool.query<{ id: string; status: string }>('select id, status from transcripts');
  expect(new Set(ids.map((r) => r.id))).toEqual(accepted);
  expect(ids.every((r) => r.status === 'queued')).toBe(true);
  expect(await stack.queue.getJobCounts('waiting')).toEqual({ waiting: accepted.size });

  // A worker takes every accepted transcript to done or failed-with-reason: never stuck.
  stack.startWorker();
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { rows } = await pool.query<{ n: number }>(`select count(*)::int as n from transcripts where status in ('queued', 'processing')`);
    if (rows[0]!.n === 0) break;
    if (Date.now() > deadline) throw new Error(`${rows[0]!.n} accepted transcripts still unfinished`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const { rows: finished } = await pool.query<{ status: string; error: string | null; n: number }>('select status, error is not null as has_error, count(*)::int as n from transcripts group by 1, 2');
  console.log(`accepted ${accepted.size}; after the worker: ${JSON.stringify(finished)}`);
  for (const r of finished) expect(r.status === 'done' || (r.status === 'failed' && (r as any).has_error)).toBe(true);
});
