/**
 * Agreement with human codes against the real stack: upload a transcript written for this test, wait for it to be
 * tagged, import codes labelled by hand, and check the report against numbers worked out by hand below. Also: bad
 * files are refused whole (422 naming file, line and reason; nothing stored), other programs' transcripts are out of
 * reach, two codebook versions are compared, and the CLI drives the same endpoints.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findOrCreateDyad, insertTranscriptWithUpload, saveProgramCodebook } from '@dyadic/db';
import { CODEBOOK_VERSION } from '@dyadic/tagging';
import { run as agreementCli } from '../../packages/cli/src/commands/agreement.js';
import { getJson, startStack, upload, waitForTranscript, type TestStack } from '../helpers/app.js';

// Turns are numbered from 0. The machine column is what codebook v0.2 tags (checked first, in the test below).
const TRANSCRIPT = [
  'Mentor: Hi Sam, how was your week?', //                              0
  'Mentee: I was so scared at my job interview.', //                   1
  'Mentor: I was nervous at my first interview too.', //               2
  'Mentee: Yeah.', //                                                   3
  'Mentor: You should practise with your mom before the next one.', // 4
  'Mentee: I like basketball.', //                                      5
  'Mentor: The bus comes at 8.', //                                     6
  'Mentee: Okay.', //                                                   7
  'Mentor: Have you tried calling your coach?', //                      8
  'Mentee: My brother plays basketball.', //                            9
].join('\n');

// Machine tags [selfDisclosure, emotion, advice, reciprocatedDisclosure] per turn under the shipped codebook.
const MACHINE = [[0, 0, 0, 0], [1, 1, 0, 0], [1, 1, 0, 1], [0, 0, 0, 0], [0, 0, 1, 0], [1, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 1, 0], [1, 0, 0, 0]];

/*
 * Our hand codes (coder "human"); '' = not coded, turn 3 not coded at all. Where we differ from the machine:
 *   turn 5 "I like basketball."       emotion 1 (machine 0)  → emotion fn
 *   turn 6 "The bus comes at 8."      advice 1  (machine 0)  → advice fn   (a coder reading a hint into it)
 *   turn 9 "My brother plays …"       selfDisclosure 0 (machine 1) → selfDisclosure fp
 *
 * selfDisclosure, turns 0 1 2 4 5 6 7 8 9 (n 9): tp 3 (1, 2, 5), fp 1 (9), fn 0, tn 5.
 *   po = 8/9; human yes 3/9, machine yes 4/9; pe = 3/9·4/9 + 6/9·5/9 = 42/81 = 14/27
 *   κ = (24/27 − 14/27)/(13/27) = 10/13 = .769231; P = 3/4; R = 1; F1 = 1.5/1.75 = 6/7 = .857143; PABAK = 7/9 = .777778
 *   SE: p11 3/9, p12 0, p21 1/9, p22 5/9; 1 − κ = 3/13
 *     A = 3/9·[1 − 7/9·3/13]² + 5/9·[1 − 11/9·3/13]² = 3/9·(32/39)² + 5/9·(28/39)² = .224414 + .286361 = .510775
 *     B = (3/13)²·1/9·(5/9 + 3/9)² = 9/169·1/9·64/81 = .004675
 *     C = (10/13 − 14/27·3/13)² = (228/351)² = .421945
 *     Var = (.510775 + .004675 − .421945)/(9·(13/27)²) = .093505/2.086420 = .044816; SE = .211699
 *   CI = .769231 ± 1.96·.211699 = .769231 ± .414922 → [.354309, 1 (1.184 clipped)]
 * emotion, turns 0 1 2 4 5 6 8 9 (7 not coded; n 8): tp 2 (1, 2), fp 0, fn 1 (5), tn 5.
 *   po = 7/8; human 3/8, machine 2/8; pe = 3/8·2/8 + 5/8·6/8 = 36/64 = 9/16; κ = (5/16)/(7/16) = 5/7 = .714286
 *   P = 1; R = 2/3; F1 = .8; PABAK = .75
 *   SE: p11 2/8, p12 1/8, p21 0, p22 5/8; 1 − κ = 2/7
 *     A = 2/8·(1 − 5/8·2/7)² + 5/8·(1 − 11/8·2/7)² = 2/8·(23/28)² + 5/8·(17/28)² = .168686 + .230389 = .399075
 *     B = (2/7)²·1/8·(2/8 + 5/8)² = 4/49·1/8·49/64 = 1/128 = .0078125
 *     C = (5/7 − 9/16·2/7)² = (31/56)² = .306441
 *     Var = (.399075 + .0078125 − .306441)/(8·(7/16)²) = .100446/1.53125 = .065598; SE = .256120
 *   CI = .714286 ± .501993 → [.212293, 1]
 * advice, turns 0 1 2 4 5 6 7 8 9 (n 9): tp 2 (4, 8), fp 0, fn 1 (6), tn 6.
 *   po = 8/9; human 3/9, machine 2/9; pe = 6/81 + 42/81 = 16/27; κ = (8/27)/(11/27) = 8/11 = .727273
 *   P = 1; R = 2/3; F1 = .8; PABAK = 7/9
 *   SE: p11 2/9, p12 1/9, p21 0, p22 6/9; 1 − κ = 3/11
 *     A = 2/9·(1 − 5/9·3/11)² + 6/9·(1 − 13/9·3/11)² = 2/9·(28/33)² + 6/9·(20/33)² = .159984 + .244873 = .404857
 *     B = (3/11)²·1/9·(2/9 + 6/9)² = 64/9801 = .006530
 *     C = (8/11 − 16/27·3/11)² = (56/99)² = .319967
 *     Var = (.404857 + .006530 − .319967)/(9·(11/27)²) = .091419/1.493827 = .061198; SE = .247382
 * reciprocatedDisclosure, turns 1 2 4 5 6 7 8 9 (0 not coded; n 8): tp 1 (2), tn 7 → κ 1, SE 0, CI [1, 1], PABAK 1.
 */
const HUMAN: Array<[number, string, string, string, string]> = [
  [0, '0', '0', '0', ''],
  [1, '1', '1', '0', '0'],
  [2, 'yes', 'TRUE', 'no', '1'],
  [4, '0', '0', '1', '0'],
  [5, '1', '1', '0', '0'],
  [6, '0', '0', '1', '0'],
  [7, 'false', '', '0', '0'],
  [8, '0', '0', '1', '0'],
  [9, '0', '0', '0', '0'],
];
const Z = 1.959963984540054;

let stack: TestStack;
let programId: string;
let otherProgramId: string;
let transcriptId: string;
let otherTranscriptId: string;
let researcher: string;

async function send(method: string, path: string, body: string | FormData | undefined, headers: Record<string, string> = {}, key = researcher) {
  const res = await fetch(stack.baseUrl + path, { method, headers: { authorization: `Bearer ${key}`, ...headers }, ...(body !== undefined ? { body } : {}) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
}

function multipart(name: string, text: string, fields: Record<string, string> = {}) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new Blob([text], { type: name.endsWith('.csv') ? 'text/csv' : 'application/x-ndjson' }), name);
  return form;
}

const humanCsv = (id: string) => ['transcript_id,turn,self_disclosure,emotion,advice,reciprocated_disclosure,note', ...HUMAN.map((r) => [id, ...r, 'x'].join(','))].join('\r\n') + '\r\n';
const count = async () => (await stack.db.pool.query<{ n: number }>('select count(*)::int as n from human_codes')).rows[0]!.n;

async function createProgram(slug: string) {
  const r = await send('POST', '/api/v1/programs', JSON.stringify({ slug, name: slug }), { 'content-type': 'application/json' }, stack.adminKey);
  expect(r.status).toBe(201);
  return r.body.id as string;
}

beforeAll(async () => {
  stack = await startStack({ queue: 'redis', env: { DYADIC_RATE_LIMIT: '100000' } });
  programId = await createProgram('agree');
  otherProgramId = await createProgram('agree-other');
  researcher = await stack.key('researcher', programId);
  const a = await upload(stack, stack.adminKey, { name: 'agr.txt', data: TRANSCRIPT }, { dyad: 'pair-a', sessionDate: '2026-02-02', program: 'agree' });
  const b = await upload(stack, stack.adminKey, { name: 'other.txt', data: TRANSCRIPT }, { dyad: 'pair-b', sessionDate: '2026-02-02', program: 'agree-other' });
  expect(a.status, JSON.stringify(a.body)).toBe(202);
  expect(b.status).toBe(202);
  transcriptId = a.body.id;
  otherTranscriptId = b.body.id;
  expect((await waitForTranscript(stack, stack.adminKey, transcriptId)).status).toBe('done');
  expect((await waitForTranscript(stack, stack.adminKey, otherTranscriptId)).status).toBe('done');
});
afterAll(async () => {
  await stack?.close();
});

describe('agreement with human codes', () => {
  it('the transcript is tagged as the hand computation assumes', async () => {
    const r = await getJson(stack, researcher, `/api/v1/transcripts/${transcriptId}/utterances`);
    const tags = r.body.utterances.map((u: { tags: Record<string, boolean> }) => [u.tags.selfDisclosure, u.tags.emotion, u.tags.advice, u.tags.reciprocatedDisclosure].map(Number));
    expect(tags, 'the tagger changed: rework the hand-computed expectations').toEqual(MACHINE);
  });

  it('refuses a file with bad lines as a whole, naming file, lines and reasons, and stores nothing', async () => {
    const lines = [
      'transcript_id,turn,coder,advice', //                    1
      `${transcriptId},4,,1`, //                               2 fine
      `${transcriptId},5,,maybe`, //                           3 bad value
      `${transcriptId},99,,0`, //                              4 unknown turn
      `not-a-uuid,1,,0`, //                                    5 not a uuid
      `${otherTranscriptId},1,,0`, //                          6 another program's transcript
      `${transcriptId},4,,0`, //                               7 repeats line 2
      `${transcriptId},6`, //                                  8 too few fields
      `00000000-0000-4000-8000-000000000000,1,,1`, //          9 no such transcript
    ];
    const r = await send('POST', `/api/v1/programs/${programId}/human-codes`, multipart('bad.csv', lines.join('\n')));
    expect(r.status).toBe(422);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(r.body).toMatchObject({ type: '/problems/invalid-human-codes', file: 'bad.csv', line: 3, errorCount: 7 });
    expect(r.body.detail).toMatch(/^bad\.csv: line 3: advice value "maybe"/);
    expect(r.body.detail).toContain('Nothing was stored');
    expect(r.body.errors.map((e: { line: number }) => e.line)).toEqual([3, 4, 5, 6, 7, 8, 9]);
    const reason = (line: number) => r.body.errors.find((e: { line: number }) => e.line === line).reason as string;
    expect(reason(4)).toContain('has no turn 99');
    expect(reason(5)).toContain('not a UUID');
    expect(reason(6)).toContain(`unknown transcript ${otherTranscriptId}`);
    expect(reason(7)).toContain('first on line 2');
    expect(reason(8)).toContain('has 2 fields, the header has 4');
    expect(reason(9)).toBe(reason(6).replace(otherTranscriptId, '00000000-0000-4000-8000-000000000000'));
    expect(await count()).toBe(0);
  });

  it('refuses a file without the needed columns, and a transcript not processed yet', async () => {
    const noTags = await send('POST', `/api/v1/programs/${programId}/human-codes?filename=codes.csv`, `transcript_id,turn\n${transcriptId},1\n`, { 'content-type': 'text/csv' });
    expect(noTags.status).toBe(422);
    expect(noTags.body).toMatchObject({ file: 'codes.csv', line: 1 });
    expect(noTags.body.detail).toContain('no tag column');
    const dyad = await findOrCreateDyad(stack.db.pool, programId, 'pair-queued');
    const queued = await insertTranscriptWithUpload(stack.db.pool, { dyadId: dyad.id, sessionDate: '2026-02-09', filename: 'q.txt', format: 'txt', sha256: 'q', speakerRoles: {}, content: new Uint8Array([104, 105]) });
    const r = await send('POST', `/api/v1/programs/${programId}/human-codes`, `transcript_id,turn,advice\n${queued.id},0,1\n`, { 'content-type': 'text/csv' });
    expect(r.status).toBe(422);
    expect(r.body.errors[0].reason).toContain('not processed yet (status queued)');
    await stack.db.pool.query('delete from transcripts where id = $1', [queued.id]);
    expect(await count()).toBe(0);
  });

  it('keeps other programs out: their keys get 404, their transcripts are unknown here', async () => {
    const otherResearcher = await stack.key('researcher', otherProgramId);
    const r = await send('POST', `/api/v1/programs/${programId}/human-codes`, humanCsv(transcriptId), { 'content-type': 'text/csv' }, otherResearcher);
    expect(r.status).toBe(404);
    expect((await getJson(stack, otherResearcher, `/api/v1/programs/${programId}/agreement`)).status).toBe(404);
    const cross = await send('POST', `/api/v1/programs/${otherProgramId}/human-codes`, humanCsv(transcriptId), { 'content-type': 'text/csv' }, otherResearcher);
    expect(cross.status).toBe(422);
    expect(cross.body.errorCount).toBe(HUMAN.length);
    expect((await send('GET', `/api/v1/programs/${programId}/agreement`, undefined, {}, await stack.key('staff', programId))).status).toBe(403);
    expect(await count()).toBe(0);
  });

  it('imports codes, and a later file replaces the same coder’s codes of the same transcript', async () => {
    // First a JSONL body with codes we then correct: three rows, tags inside "human" as in `dyadic agreement` input.
    const draft = [0, 1, 2].map((turn) => JSON.stringify({ transcript_id: transcriptId, turn, text: 'ignored', human: { advice: true } })).join('\n');
    const first = await send('POST', `/api/v1/programs/${programId}/human-codes?filename=draft.jsonl`, draft, { 'content-type': 'application/x-ndjson' });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toEqual({ file: 'draft.jsonl', format: 'jsonl', rows: 3, transcripts: 1, coders: ['human'], replaced: 0, tags: ['advice'], ignoredColumns: ['text'] });
    const second = await send('POST', `/api/v1/programs/${programId}/human-codes`, multipart('codes.csv', humanCsv(transcriptId)));
    expect(second.status, JSON.stringify(second.body)).toBe(200);
    expect(second.body).toMatchObject({ file: 'codes.csv', format: 'csv', rows: 9, transcripts: 1, coders: ['human'], replaced: 3, ignoredColumns: ['note'] });
    const { rows } = await stack.db.pool.query('select turn, self_disclosure as sd, emotion, advice, reciprocated_disclosure as rec, source from human_codes order by turn');
    expect(rows.map((r) => r.turn)).toEqual([0, 1, 2, 4, 5, 6, 7, 8, 9]);
    expect(rows[0]).toEqual({ turn: 0, sd: false, emotion: false, advice: false, rec: null, source: 'codes.csv' });
    expect(rows[2]).toMatchObject({ turn: 2, sd: true, emotion: true, advice: false, rec: true });
    expect(rows[6]).toMatchObject({ turn: 7, sd: false, emotion: null });
  });

  it('reports κ with its 95 % CI, PABAK, P/R/F1 and confusion per tag, as computed by hand', async () => {
    const r = await getJson(stack, researcher, `/api/v1/programs/${programId}/agreement`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const b = r.body;
    expect(b).toMatchObject({ programId, coder: 'human', codebookVersion: CODEBOOK_VERSION, transcripts: 1, utterances: 9, unmatchedCodes: 0 });
    expect(b.coders).toEqual([{ coder: 'human', codes: 9, transcripts: 1 }]);

    const sd = b.tags.selfDisclosure;
    expect(sd.confusion).toEqual({ tp: 3, fp: 1, fn: 0, tn: 5 });
    expect(sd.n).toBe(9);
    expect(sd.kappa).toBeCloseTo(10 / 13, 10);
    expect(sd.kappaSE).toBeCloseTo(0.211699, 5);
    expect(sd.kappaCI95.lower).toBeCloseTo(0.354309, 4);
    expect(sd.kappaCI95.upper).toBe(1);
    expect(sd.pabak).toBeCloseTo(7 / 9, 10);
    expect(sd.precision).toBeCloseTo(0.75, 10);
    expect(sd.recall).toBe(1);
    expect(sd.f1).toBeCloseTo(6 / 7, 10);

    const emo = b.tags.emotion;
    expect(emo.confusion).toEqual({ tp: 2, fp: 0, fn: 1, tn: 5 });
    expect(emo.kappa).toBeCloseTo(5 / 7, 10);
    expect(emo.kappaSE).toBeCloseTo(0.25612, 4);
    expect(emo.kappaCI95.lower).toBeCloseTo(0.714286 - Z * 0.256120, 4);
    expect(emo.pabak).toBeCloseTo(0.75, 10);
    expect(emo.f1).toBeCloseTo(0.8, 10);

    const adv = b.tags.advice;
    expect(adv.confusion).toEqual({ tp: 2, fp: 0, fn: 1, tn: 6 });
    expect(adv.kappa).toBeCloseTo(8 / 11, 10);
    expect(adv.kappaSE).toBeCloseTo(0.247382, 5);
    expect(adv).toMatchObject({ precision: 1 });
    expect(adv.recall).toBeCloseTo(2 / 3, 10);

    expect(b.tags.reciprocatedDisclosure).toMatchObject({ n: 8, kappa: 1, kappaSE: 0, kappaCI95: { lower: 1, upper: 1 }, pabak: 1, f1: 1, confusion: { tp: 1, fp: 0, fn: 0, tn: 7 } });

    expect(b.disagreements.selfDisclosure).toEqual({
      total: 1,
      items: [{ transcriptId, dyadKey: 'pair-a', sessionDate: '2026-02-02', turn: 9, role: 'mentee', text: 'My brother plays basketball.', human: false, machine: true, evidence: [{ start: 0, end: expect.any(Number), rule: 'SD-POSSESSIVE' }] }],
    });
    const span = b.disagreements.selfDisclosure.items[0].evidence[0];
    expect(span.end).toBeGreaterThan(span.start);
    expect(span.end).toBeLessThanOrEqual('My brother plays basketball.'.length);
    expect(b.disagreements.emotion.items).toMatchObject([{ turn: 5, role: 'mentee', text: 'I like basketball.', human: true, machine: false, evidence: [] }]);
    expect(b.disagreements.advice.items).toMatchObject([{ turn: 6, role: 'mentor', human: true, machine: false }]);
    expect(b.disagreements.reciprocatedDisclosure).toEqual({ total: 0, items: [] });
    expect((await getJson(stack, researcher, `/api/v1/programs/${programId}/agreement?limit=0`)).body.disagreements.advice).toEqual({ total: 1, items: [] });
  });

  it('compares two codebook versions: both scores, the difference and the utterances that changed', async () => {
    // A program version that also reads "the bus comes" as advice: turn 6 becomes advice, nothing else changes.
    // advice then: tp 3, fp 0, fn 0, tn 6 → κ 1, F1 1; Δκ = 1 − 8/11 = 3/11, ΔF1 = 1 − .8 = .2, Δrecall = 1/3, ΔPABAK = 2/9.
    const { version } = await saveProgramCodebook(stack.db.pool, programId, { advice: { phrases: ['the bus comes'] } });
    const r = await getJson(stack, researcher, `/api/v1/programs/${programId}/agreement?compare=${CODEBOOK_VERSION},${encodeURIComponent(version)}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.codebookVersion).toBe(version);
    const c = r.body.comparison;
    expect(c).toMatchObject({ base: CODEBOOK_VERSION, candidate: version });
    expect(c.tags.advice.base.kappa).toBeCloseTo(8 / 11, 10);
    expect(c.tags.advice.candidate).toMatchObject({ kappa: 1, f1: 1, precision: 1, recall: 1 });
    expect(c.tags.advice.delta.kappa).toBeCloseTo(3 / 11, 10);
    expect(c.tags.advice.delta.f1).toBeCloseTo(0.2, 10);
    expect(c.tags.advice.delta.recall).toBeCloseTo(1 / 3, 10);
    expect(c.tags.advice.delta.pabak).toBeCloseTo(2 / 9, 10);
    for (const t of ['selfDisclosure', 'emotion', 'reciprocatedDisclosure']) {
      expect(c.tags[t].delta, t).toEqual({ kappa: 0, pabak: 0, precision: 0, recall: 0, f1: 0 });
      expect(c.changed[t], t).toEqual({ total: 0, items: [] });
    }
    expect(c.changed.advice.total).toBe(1);
    expect(c.changed.advice.items[0]).toMatchObject({ turn: 6, text: 'The bus comes at 8.', human: true, base: false, candidate: true });
    expect(c.changed.advice.items[0].evidence.length).toBeGreaterThan(0);
    expect(r.body.tags.advice.confusion).toEqual({ tp: 3, fp: 0, fn: 0, tn: 6 });
    // compare=A alone with codebook=B is the same comparison; unknown versions are 404.
    const same = await getJson(stack, researcher, `/api/v1/programs/${programId}/agreement?compare=${CODEBOOK_VERSION}&codebook=${encodeURIComponent(version)}`);
    expect(same.body.comparison.tags).toEqual(c.tags);
    expect((await getJson(stack, researcher, `/api/v1/programs/${programId}/agreement?codebook=9.9.9`)).status).toBe(404);
    expect((await getJson(stack, researcher, `/api/v1/programs/${programId}/agreement?compare=a,b,c`)).status).toBe(400);
  });

  it('keeps coders apart: a second coder has their own codes and report', async () => {
    const r = await send('POST', `/api/v1/programs/${programId}/human-codes?coder=B`, `transcript_id\tturn\tadvice\n${transcriptId}\t6\t0\n${transcriptId}\t8\t1\n`, { 'content-type': 'text/csv' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ rows: 2, coders: ['B'], replaced: 0 });
    // Coder B: advice turn 6 no/no (tn), turn 8 yes/yes (tp) → n 2, κ 1; the default coder is still "human".
    const b = (await getJson(stack, researcher, `/api/v1/programs/${programId}/agreement?coder=B`)).body;
    expect(b.tags.advice).toMatchObject({ n: 2, kappa: 1, confusion: { tp: 1, fp: 0, fn: 0, tn: 1 } });
    expect(b.tags.selfDisclosure.n).toBe(0);
    expect((await getJson(stack, researcher, `/api/v1/programs/${programId}/agreement`)).body.coder).toBe('human');
    expect((await getJson(stack, researcher, `/api/v1/programs/${programId}/agreement?coder=nobody`)).status).toBe(404);
    expect(await count()).toBe(11);
  });

  it('the CLI imports a file and prints the report from the server', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'dyadic-agr-'));
    const file = join(dir, 'coder-c.csv');
    writeFileSync(file, `transcript_id,turn,coder,self_disclosure\n${transcriptId},9,C,1\n${transcriptId},0,C,0\n`);
    let out = '';
    let err = '';
    const write = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };
    process.stdout.write = ((s: string) => ((out += s), true)) as typeof process.stdout.write;
    process.stderr.write = ((s: string) => ((err += s), true)) as typeof process.stderr.write;
    try {
      expect(await agreementCli(['--server', stack.baseUrl, '--key', researcher, '--program', 'agree', '--import', file, '--coder', 'C', '--report', '--json'])).toBe(0);
      writeFileSync(file, `transcript_id,turn,coder,self_disclosure\n${transcriptId},9,C,perhaps\n`);
      await expect(agreementCli(['--server', stack.baseUrl, '--key', researcher, '--program', programId, '--import', file])).rejects.toThrow(/1 bad line/);
    } finally {
      process.stdout.write = write.out;
      process.stderr.write = write.err;
    }
    // Coder C: selfDisclosure turn 9 yes/yes (tp), turn 0 no/no (tn) → κ 1.
    const report = JSON.parse(out);
    expect(report).toMatchObject({ coder: 'C', tags: { selfDisclosure: { n: 2, kappa: 1, confusion: { tp: 1, fp: 0, fn: 0, tn: 1 } } } });
    expect(err).toContain('imported 2 codes');
    expect(err).toContain('coder-c.csv:2: selfDisclosure value "perhaps"');
  });
});
