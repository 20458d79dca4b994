/**
 * Tidy exports: CSVs that parse back with a real CSV parser, match the data dictionary column for column, carry the
 * numbers the API shows, and are audited; R and SPSS scripts name every column.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fixture, getJson, startStack, upload, waitForTranscript, type TestStack } from '../helpers/app.js';

let stack: TestStack;
let programId: string;
let researcher: string;

async function text(path: string, key = researcher) {
  const res = await fetch(stack.baseUrl + path, { headers: { authorization: `Bearer ${key}` } });
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
}

beforeAll(async () => {
  stack = await startStack({ queue: 'redis', env: { DYADIC_RATE_LIMIT: '100000' } });
  researcher = await stack.key('researcher');
  for (const [n, date] of [[1, '2026-05-04'], [2, '2026-05-11']] as const) {
    const res = await upload(stack, stack.adminKey, { name: `s${n}.txt`, data: await fixture(`dyad-07/session-${n}.txt`) }, { dyad: 'export-dyad', sessionDate: date });
    expect((await waitForTranscript(stack, stack.adminKey, res.body.id)).status).toBe('done');
  }
  // A turn with a comma, quotes and a line break must survive the round trip.
  const tricky = 'Mentor: How was it, really?\nMentee: I said "no" to the bus.\n  Then I walked home. I was proud.\n';
  const res = await upload(stack, stack.adminKey, { name: 'tricky.txt', data: tricky }, { dyad: 'export-dyad-2', sessionDate: '2026-05-05' });
  expect((await waitForTranscript(stack, stack.adminKey, res.body.id)).status).toBe('done');
  programId = (await getJson(stack, researcher, '/api/v1/programs')).body.items[0].id;
});
afterAll(async () => {
  await stack?.close();
});

it('exports one row per utterance with the dictionary columns and the stored tags', async () => {
  const dict = parse((await text('/api/v1/export/dictionary.csv')).body, { columns: true }) as Array<{ table: string; column: string }>;
  const res = await text(`/api/v1/programs/${programId}/export/utterances.csv`);
  expect(res.status).toBe(200);
  expect(res.type).toMatch(/^text\/csv/);
  type UtteranceRow = Record<'text' | 'session_id' | 'turn' | 'self_disclosure' | 'emotion' | 'evidence' | 'session_date' | 'codebook_version', string>;
  const rows = parse(res.body, { columns: true }) as UtteranceRow[];
  expect(Object.keys(rows[0]!)).toEqual(dict.filter((d) => d.table === 'utterances').map((d) => d.column));
  expect(rows).toHaveLength(9 + 9 + 2);
  const tricky = rows.find((r) => r.text.startsWith('I said'))!;
  expect(tricky.text).toBe('I said "no" to the bus. Then I walked home. I was proud.');
  const stored = (await getJson(stack, researcher, `/api/v1/transcripts/${tricky.session_id}/utterances`)).body.utterances.find((u: { turn: number }) => u.turn === Number(tricky.turn));
  expect(tricky.self_disclosure).toBe(stored.tags.selfDisclosure ? 'TRUE' : 'FALSE');
  expect(tricky.emotion).toBe(stored.tags.emotion ? 'TRUE' : 'FALSE');
  expect(JSON.parse(tricky.evidence)).toEqual(stored.evidence);
  expect(rows.every((r) => /^\d{4}-\d{2}-\d{2}$/.test(r.session_date) && r.codebook_version !== '')).toBe(true);
});

it('exports sessions and dyads with numerators and denominators equal to the API', async () => {
  const sessions = parse((await text(`/api/v1/programs/${programId}/export/sessions.csv`)).body, { columns: true }) as Array<Record<string, string>>;
  expect(sessions.map((s) => [s.dyad_key, s.session_index])).toEqual([['export-dyad', '0'], ['export-dyad', '1'], ['export-dyad-2', '0']]);
  const dyadId = sessions[0]!.dyad_id;
  const api = (await getJson(stack, researcher, `/api/v1/dyads/${dyadId}/metrics`)).body;
  const first = api.sessions[0].metrics.rates.sdRatePer100.mentee;
  expect([Number(sessions[0]!.sd_rate_mentee_num), Number(sessions[0]!.sd_rate_mentee_den), Number(sessions[0]!.sd_rate_mentee)]).toEqual([first.num, first.den, first.value]);
  const dyads = parse((await text(`/api/v1/programs/${programId}/export/dyads.csv`)).body, { columns: true }) as Array<Record<string, string>>;
  const d = dyads.find((r) => r.dyad_key === 'export-dyad')!;
  expect(Number(d.sessions)).toBe(2);
  expect(Number(d.reciprocation_rate_den)).toBe(api.summary.pooled.reciprocationRate.den);
});

it('ships R and SPSS scripts naming every column, and audits exports', async () => {
  const dict = parse((await text('/api/v1/export/dictionary.csv')).body, { columns: true }) as Array<{ column: string }>;
  const r = (await text('/api/v1/export/dyadic.R')).body;
  const sps = (await text('/api/v1/export/dyadic.sps')).body;
  for (const { column } of dict) {
    expect(r).toContain(`"${column}"`);
    expect(sps).toContain(` ${column} `);
  }
  const { rows } = await stack.db.pool.query("select detail->>'table' as t from audit_log where action = 'export' order by id");
  expect(rows.map((x: { t: string }) => x.t)).toEqual(expect.arrayContaining(['utterances', 'sessions', 'dyads']));
  expect((await text(`/api/v1/programs/${programId}/export/utterances.csv`, await stack.key('staff'))).status).toBe(403);
});
