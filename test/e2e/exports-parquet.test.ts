/**
 * Parquet and JSON Lines exports: read back with two Parquet readers that share no code with the writer (hyparquet, and
 * Apache Arrow's Rust reader compiled to WebAssembly, parquet-wasm, which is what R's and Python's arrow packages are
 * closest to), every column has the Parquet and Arrow type its data-dictionary type promises, and every row and value
 * equals the CSV export of the same data; the JSON Lines export carries the same values with JSON types. Same roles and
 * audit as the CSV exports.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { readParquet } from 'parquet-wasm';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fixture, getJson, startStack, upload, waitForTranscript, type TestStack } from '../helpers/app.js';

let stack: TestStack;
let programId: string;
let researcher: string;
let dictionary: Array<{ table: string; column: string; type: string }>;

const TABLES = ['utterances', 'sessions', 'dyads'] as const;

async function get(path: string, key = researcher) {
  const res = await fetch(stack.baseUrl + path, { headers: { authorization: `Bearer ${key}` } });
  return { status: res.status, type: res.headers.get('content-type') ?? '', disposition: res.headers.get('content-disposition') ?? '', bytes: await res.arrayBuffer() };
}
const text = (b: ArrayBuffer) => new TextDecoder().decode(b);

// A timed transcript, so the double columns start_s/end_s hold values and not only nulls.
const VTT = `WEBVTT

00:00:01.500 --> 00:00:04.250
<v Mentor>How did the bus ride go this week?

00:00:05.000 --> 00:00:09.750
<v Mentee>I was scared at first, but I did it by myself and I felt proud.

00:00:10.000 --> 00:00:12.125
<v Mentor>I remember my first bus ride alone, I was nervous too.
`;

beforeAll(async () => {
  stack = await startStack({ queue: 'redis', env: { DYADIC_RATE_LIMIT: '100000' } });
  researcher = await stack.key('researcher');
  const uploads = [
    { file: { name: 's1.txt', data: await fixture('dyad-07/session-1.txt') }, dyad: 'pq-dyad', sessionDate: '2026-05-04' },
    { file: { name: 's2.txt', data: await fixture('dyad-07/session-2.txt') }, dyad: 'pq-dyad', sessionDate: '2026-05-11' },
    { file: { name: 'timed.vtt', data: VTT, type: 'text/vtt' }, dyad: 'pq-dyad-2', sessionDate: '1999-12-31' },
  ];
  for (const u of uploads) {
    const res = await upload(stack, stack.adminKey, u.file, { dyad: u.dyad, sessionDate: u.sessionDate });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect((await waitForTranscript(stack, stack.adminKey, res.body.id)).status).toBe('done');
  }
  programId = (await getJson(stack, researcher, '/api/v1/programs')).body.items[0].id;
  dictionary = parse(text((await get('/api/v1/export/dictionary.csv')).bytes), { columns: true });
});
afterAll(async () => {
  await stack?.close();
});

/** What each dictionary type must be in the Parquet schema: [physical type, converted type, logical type]. */
const PARQUET_TYPE: Record<string, [string, string | null, string | null]> = {
  string: ['BYTE_ARRAY', 'UTF8', 'STRING'],
  json: ['BYTE_ARRAY', 'UTF8', 'STRING'],
  integer: ['INT32', null, null],
  number: ['DOUBLE', null, null],
  boolean: ['BOOLEAN', null, null],
  date: ['INT32', 'DATE', 'DATE'],
};

/** A Parquet value as the CSV export writes it. */
function asCsv(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v);
}

it.each(TABLES)('%s.parquet has the dictionary columns and types, and the same rows and values as the CSV', async (table) => {
  const columns = dictionary.filter((d) => d.table === table);
  const pq = await get(`/api/v1/programs/${programId}/export/${table}.parquet`);
  expect(pq.status).toBe(200);
  expect(pq.type).toBe('application/vnd.apache.parquet');
  expect(pq.disposition).toMatch(new RegExp(`filename=".+-${table}\\.parquet"`));
  const meta = parquetMetadata(pq.bytes);
  expect(meta.schema.slice(1).map((e) => e.name)).toEqual(columns.map((c) => c.column));
  for (const [i, c] of columns.entries()) {
    const e = meta.schema[i + 1]!;
    expect([c.column, e.type, e.converted_type ?? null, e.logical_type?.type ?? null, e.repetition_type]).toEqual([c.column, ...PARQUET_TYPE[c.type]!, 'OPTIONAL']);
  }
  expect(meta.key_value_metadata).toContainEqual({ key: 'dyadic.table', value: table });

  const rows = await parquetReadObjects({ file: pq.bytes });
  const csv = parse(text((await get(`/api/v1/programs/${programId}/export/${table}.csv`)).bytes), { columns: true }) as Array<Record<string, string>>;
  expect(rows.length).toBe(csv.length);
  expect(rows.length).toBeGreaterThan(0);
  rows.forEach((r, k) => {
    for (const c of columns) expect(asCsv(r[c.column]), `${table} row ${k} ${c.column}`).toBe(csv[k]![c.column]);
  });
  // The reader hands back JavaScript types matching the dictionary: no value is a string where a number belongs.
  const jsType: Record<string, (v: unknown) => boolean> = {
    string: (v) => typeof v === 'string',
    json: (v) => typeof v === 'string' && (JSON.parse(v as string), true),
    integer: (v) => Number.isInteger(v),
    number: (v) => typeof v === 'number',
    boolean: (v) => typeof v === 'boolean',
    date: (v) => v instanceof Date,
  };
  for (const r of rows) for (const c of columns) if (r[c.column] !== null) expect(jsType[c.type]!(r[c.column]), `${c.column}=${String(r[c.column])}`).toBe(true);
});

/** What each dictionary type must be once Apache Arrow has read it (as R and Python see it). */
const ARROW_TYPE: Record<string, string> = { string: 'Utf8', json: 'Utf8', integer: 'Int32', number: 'Float64', boolean: 'Bool', date: 'Date32<DAY>' };

it.each(TABLES)('%s.parquet reads the same with Apache Arrow (parquet-wasm) as with hyparquet, with Arrow types as the dictionary says', async (table) => {
  const columns = dictionary.filter((d) => d.table === table);
  const bytes = (await get(`/api/v1/programs/${programId}/export/${table}.parquet`)).bytes;
  // hyparquet-writer 0.17's INTEGER logical type made this reader refuse the whole file; hyparquet read it.
  const arrow = tableFromIPC(readParquet(new Uint8Array(bytes)).intoIPCStream());
  expect(arrow.schema.fields.map((f) => [f.name, String(f.type)])).toEqual(columns.map((c) => [c.column, ARROW_TYPE[c.type]]));
  const rows = await parquetReadObjects({ file: bytes });
  expect(arrow.numRows).toBe(rows.length);
  for (const c of columns) {
    const vector = arrow.getChild(c.column)!;
    // Arrow's JavaScript Date32 values are milliseconds since 1970-01-01.
    const got = Array.from({ length: arrow.numRows }, (_, k) => vector.get(k) ?? null);
    expect(got, `${table}.${c.column}`).toEqual(rows.map((r) => (r[c.column] instanceof Date ? (r[c.column] as Date).getTime() : r[c.column])));
  }
});

it('utterances.parquet keeps booleans, times, the 1999 date, nulls and evidence as typed values', async () => {
  const rows = await parquetReadObjects({ file: (await get(`/api/v1/programs/${programId}/export/utterances.parquet`)).bytes });
  const timed = rows.filter((r) => r.dyad_key === 'pq-dyad-2');
  expect(timed.map((r) => [r.turn, r.start_s, r.end_s])).toEqual([[0, 1.5, 4.25], [1, 5, 9.75], [2, 10, 12.125]]);
  expect(timed.every((r) => (r.session_date as Date).toISOString() === '1999-12-31T00:00:00.000Z')).toBe(true);
  expect(rows.filter((r) => r.dyad_key === 'pq-dyad').every((r) => r.start_s === null && r.end_s === null)).toBe(true);
  expect(rows.some((r) => r.self_disclosure === true) && rows.some((r) => r.self_disclosure === false)).toBe(true);
  const withEvidence = rows.find((r) => JSON.parse(r.evidence as string).length > 0)!;
  const stored = (await getJson(stack, researcher, `/api/v1/transcripts/${withEvidence.session_id}/utterances`)).body.utterances.find((u: { turn: number }) => u.turn === withEvidence.turn);
  expect(JSON.parse(withEvidence.evidence as string)).toEqual(stored.evidence);
  expect(withEvidence.self_disclosure).toBe(stored.tags.selfDisclosure);
});

it.each(TABLES)('%s.jsonl has one JSON object per row with the same values as the Parquet export', async (table) => {
  const columns = dictionary.filter((d) => d.table === table);
  const res = await get(`/api/v1/programs/${programId}/export/${table}.jsonl`);
  expect(res.status).toBe(200);
  expect(res.type).toMatch(/^application\/x-ndjson/);
  const body = text(res.bytes);
  expect(body.endsWith('\n')).toBe(true);
  const lines = body.slice(0, -1).split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  const rows = await parquetReadObjects({ file: (await get(`/api/v1/programs/${programId}/export/${table}.parquet`)).bytes });
  expect(lines).toHaveLength(rows.length);
  lines.forEach((line, k) => {
    expect(Object.keys(line)).toEqual(columns.map((c) => c.column));
    for (const c of columns) {
      const v = rows[k]![c.column];
      const want = v instanceof Date ? v.toISOString().slice(0, 10) : c.type === 'json' && v !== null ? JSON.parse(v as string) : v;
      expect(line[c.column], `${table} row ${k} ${c.column}`).toEqual(want);
    }
  });
});

it('gives the new formats the CSV exports’ roles and audits them', async () => {
  for (const format of ['parquet', 'jsonl']) {
    expect((await get(`/api/v1/programs/${programId}/export/utterances.${format}`, await stack.key('staff'))).status).toBe(403);
    expect((await get(`/api/v1/programs/${programId}/export/dyads.${format}`, await stack.key('integration'))).status).toBe(403);
    expect((await get(`/api/v1/programs/${programId}/export/sessions.${format}`, stack.adminKey)).status).toBe(200);
  }
  const { rows } = await stack.db.pool.query("select detail->>'table' as t, detail->>'format' as f from audit_log where action = 'export'");
  expect(rows).toEqual(expect.arrayContaining([{ t: 'utterances', f: 'parquet' }, { t: 'dyads', f: 'jsonl' }, { t: 'sessions', f: 'csv' }]));
  const doc = (await getJson(stack, null, '/docs/json')).body;
  const op = doc.paths['/api/v1/programs/{id}/export/utterances.parquet'].get;
  expect(Object.keys(op.responses['200'].content)).toEqual(['application/vnd.apache.parquet']);
});

it('`dyadic export` downloads the tables in a format with the dictionary and scripts, and refuses what it cannot do', async () => {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const dyadic = (args: string[]) =>
    new Promise<{ code: number; stderr: string }>((resolve) =>
      execFile(process.execPath, ['--import', 'tsx', path.join(root, 'packages/cli/src/main.ts'), 'export', '--server', stack.baseUrl, ...args], { cwd: root }, (err, _out, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stderr }),
      ),
    );
  const out = await mkdtemp(path.join(tmpdir(), 'dyadic-export-'));
  try {
    const ok = await dyadic(['--key', researcher, '--format', 'parquet', '--out', out]);
    expect(ok.code, ok.stderr).toBe(0);
    expect((await readdir(out)).sort()).toEqual(['dictionary.csv', 'dyadic.R', 'dyadic.sps', 'dyads.parquet', 'sessions.parquet', 'utterances.parquet']);
    const file = await readFile(path.join(out, 'utterances.parquet'));
    const api = await parquetReadObjects({ file: (await get(`/api/v1/programs/${programId}/export/utterances.parquet`)).bytes });
    expect(await parquetReadObjects({ file: file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer })).toEqual(api);
    expect((await dyadic(['--key', researcher, '--format', 'xlsx', '--out', out])).code).toBe(2);
    const refused = await dyadic(['--key', await stack.key('staff'), '--tables', 'dyads', '--out', out]);
    expect([refused.code, refused.stderr]).toEqual([2, expect.stringMatching(/403/)]);
    expect((await readdir(out)).filter((f) => f.endsWith('.part') || f.endsWith('.csv') && f !== 'dictionary.csv')).toEqual([]);
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});
