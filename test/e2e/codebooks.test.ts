/**
 * Codebook versions on the real stack (API + worker, Postgres, Redis): a program's own dictionary, a background re-run
 * with its old → new comparison, both versions' results kept, idempotent re-runs, and making a version active.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCodebookRun, getCodebookRun } from '@dyadic/db';
import { codebookRunJobId, enqueue } from '@dyadic/jobs';
import { CODEBOOK_VERSION } from '@dyadic/tagging';
import { recodeProgram } from '../../services/worker/src/recode-program.js';
import { fixture, getJson, startStack, upload, sendJson, waitForTranscript, type TestStack } from '../helpers/app.js';

let stack: TestStack;
let programId: string;
let custom: string;
const ids = { slang: '', plain: '' };
let slangTurn: number;

// "salty" (annoyed) is not in the shipped lexicon; the program adds it to the anger category.
const SLANG = [
  'Mentor: Hi Sam, how was your week?',
  'Mentee: I was so salty after my shift at work.',
  'Mentor: What happened at work?',
  'Mentee: My boss moved my schedule again.',
  'Mentor: You should talk to your boss about it.',
  'Mentee: Okay. I will talk to him on Friday.',
].join('\n');

const send = (method: string, path: string, body?: unknown, key = stack.adminKey) => sendJson(stack, key, method, path, body);

async function uploadDone(dyad: string, date: string, data: string | Buffer): Promise<string> {
  const res = await upload(stack, stack.adminKey, { name: `${dyad}.txt`, data }, { dyad, sessionDate: date, program: 'cb-test' });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  expect((await waitForTranscript(stack, stack.adminKey, res.body.id)).status).toBe('done');
  return res.body.id;
}

/** Poll a run until it stops (hang guard: fail after 30 s, never assert on how long it took). */
async function waitForRun(runId: string): Promise<any> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { status, body } = await getJson(stack, stack.adminKey, `/api/v1/programs/${programId}/codebook-runs/${runId}`);
    expect(status).toBe(200);
    if (!['queued', 'running'].includes(body.status)) return body;
    if (Date.now() > deadline) throw new Error(`run ${runId} still ${body.status} (${body.progress.done}/${body.progress.total})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const utterance = async (transcriptId: string, turn: number) =>
  (await getJson(stack, stack.adminKey, `/api/v1/transcripts/${transcriptId}/utterances`)).body.utterances.find((u: any) => u.turn === turn);
const metric = (list: any[], name: string) => list.find((m) => m.metric === name);
async function versionedRows(version: string): Promise<{ codes: number; metrics: number }> {
  const { rows } = await stack.db.pool.query(
    `select (select count(*)::int from utterance_codes where codebook_version = $1) as codes,
            (select count(*)::int from session_metrics_versions where codebook_version = $1) as metrics`,
    [version],
  );
  return rows[0];
}

beforeAll(async () => {
  stack = await startStack({ queue: 'redis', env: { DYADIC_RATE_LIMIT: '100000' } });
  const p = await send('POST', '/api/v1/programs', { slug: 'cb-test', name: 'Codebook test' });
  expect(p.status).toBe(201);
  programId = p.body.id;
  ids.slang = await uploadDone('cb-slang', '2026-03-02', SLANG);
  ids.plain = await uploadDone('cb-plain', '2026-03-02', await fixture('dyad-07/session-1.txt'));
  const all = (await getJson(stack, stack.adminKey, `/api/v1/transcripts/${ids.slang}/utterances`)).body.utterances;
  slangTurn = all.find((u: any) => u.text.includes('salty')).turn;
});
afterAll(async () => {
  await stack?.close();
});

describe('custom dictionaries', () => {
  it('refuses an invalid dictionary with 422 naming the field', async () => {
    const known = await send('POST', `/api/v1/programs/${programId}/codebooks`, { terms: { emotion: { anger: ['mad'] } } });
    expect(known.status).toBe(422);
    expect(known.headers.get('content-type')).toContain('application/problem+json');
    expect(known.body).toMatchObject({ type: '/problems/invalid-dictionary', field: 'terms.emotion.anger' });
    expect(known.body.reason).toContain('already in the shipped lexicon');
    // Unknown keys are refused, not dropped quietly.
    const unknown = await send('POST', `/api/v1/programs/${programId}/codebooks`, { terms: { feelings: { anger: ['salty'] } } });
    expect(unknown.status).toBe(422);
    expect(unknown.body.field).toBe('terms.feelings');
    const category = await send('POST', `/api/v1/programs/${programId}/codebooks`, { terms: { emotion: { annoyed: ['salty'] } } });
    expect(category.status).toBe(422);
    expect(category.body.field).toBe('terms.emotion.annoyed');
    expect((await send('GET', `/api/v1/programs/${programId}/codebooks`)).body.items).toHaveLength(1);
  });

  it('saves terms as a version of its own; the same terms again are the same version', async () => {
    const created = await send('POST', `/api/v1/programs/${programId}/codebooks`, { terms: { emotion: { anger: [' Salty'] } }, note: 'youth slang' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    custom = created.body.version;
    expect(custom).toMatch(/^0\.2\.0\+custom\.[0-9a-f]{8}$/);
    const again = await send('POST', `/api/v1/programs/${programId}/codebooks`, { terms: { emotion: { anger: ['salty'] } } });
    expect(again).toMatchObject({ status: 200, body: { version: custom, created: false } });
    const list = await send('GET', `/api/v1/programs/${programId}/codebooks`);
    expect(list.body.active).toBe(CODEBOOK_VERSION);
    expect(list.body.items.map((i: any) => [i.version, i.active])).toEqual([[CODEBOOK_VERSION, true], [custom, false]]);
    expect(list.body.items[1]).toMatchObject({ terms: { emotion: { anger: ['salty'] } }, note: 'youth slang' });
  });
});

describe('re-running a program under a new version', () => {
  let runId: string;

  it('runs in the background and reports what changed, leaving the live results alone', async () => {
    expect((await send('POST', `/api/v1/programs/${programId}/codebook-runs`, { version: '0.2.0+custom.00000000' })).status).toBe(404);
    const started = await send('POST', `/api/v1/programs/${programId}/codebook-runs`, { version: custom });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    runId = started.body.runId;
    const run = await waitForRun(runId);
    expect(run).toMatchObject({ status: 'done', mode: 'compare', version: custom, progress: { done: 2, total: 2, skipped: 0 } });
    const c = run.comparison;
    expect(c).toMatchObject({ fromVersions: [CODEBOOK_VERSION], toVersion: custom, transcripts: 2, unchangedDyads: 1 });
    // Exactly one code flipped: the emotion of the mentee turn with "salty".
    expect(c.flips).toEqual({
      selfDisclosure: { toTrue: 0, toFalse: 0 },
      emotion: { toTrue: 1, toFalse: 0 },
      advice: { toTrue: 0, toFalse: 0 },
      reciprocatedDisclosure: { toTrue: 0, toFalse: 0 },
    });
    expect(c.flippedUtterances).toEqual([{ transcriptId: ids.slang, dyadId: expect.any(String), turn: slangTurn, tag: 'emotion', from: false, to: true }]);
    // The mentee emotion rate gains one utterance over the same denominator, program-wide and in that dyad.
    const rate = metric(c.program.metrics, 'emotionRatePer100.mentee');
    expect(rate.new.num - rate.old.num).toBe(1);
    expect(rate.new.den).toBe(rate.old.den);
    expect(rate.change).toBeCloseTo(100 / rate.old.den, 9);
    expect(c.dyads).toHaveLength(1);
    expect(c.dyads[0].dyadKey).toBe('cb-slang');
    const dyadRate = metric(c.dyads[0].metrics, 'emotionRatePer100.mentee');
    expect(dyadRate).toMatchObject({ old: { num: 0, den: 3 }, new: { num: 1, den: 3 } });
    expect(dyadRate.change).toBeCloseTo(100 / 3, 9);
    // Unchanged metrics are listed program-wide with change 0, and left out per dyad.
    expect(metric(c.program.metrics, 'adviceRatePer100').change).toBe(0);
    expect(metric(c.dyads[0].metrics, 'adviceRatePer100')).toBeUndefined();

    // Live results are untouched by a compare run; both versions' codes are readable.
    expect((await utterance(ids.slang, slangTurn)).tags.emotion).toBe(false);
    const shipped = await send('GET', `/api/v1/transcripts/${ids.slang}/codes?version=${encodeURIComponent(CODEBOOK_VERSION)}`);
    const mine = await send('GET', `/api/v1/transcripts/${ids.slang}/codes?version=${encodeURIComponent(custom)}`);
    expect(shipped.status).toBe(200);
    expect(mine.status).toBe(200);
    expect(shipped.body.utterances.find((u: any) => u.turn === slangTurn).tags.emotion).toBe(false);
    expect(mine.body.utterances.find((u: any) => u.turn === slangTurn).tags.emotion).toBe(true);
    expect(mine.body.metrics.counts.emotionUtterances.mentee - shipped.body.metrics.counts.emotionUtterances.mentee).toBe(1);
    expect((await send('GET', `/api/v1/transcripts/${ids.slang}/codes?version=0.9.9`)).status).toBe(404);
  });

  it('does not double-count when the job runs again', async () => {
    const before = { custom: await versionedRows(custom), shipped: await versionedRows(CODEBOOK_VERSION) };
    expect(before.custom.metrics).toBe(2);
    const done = await getCodebookRun(stack.db.pool, runId);
    // The same job enqueued again is a no-op (job id), and the handler on a finished run changes nothing.
    await enqueue(stack.queue, 'recode-program', { runId }, { jobId: codebookRunJobId(runId) });
    expect(await recodeProgram(stack.db.pool, runId)).toEqual({ status: 'done', done: 2, total: 2 });
    expect(await getCodebookRun(stack.db.pool, runId)).toEqual(done);
    expect({ custom: await versionedRows(custom), shipped: await versionedRows(CODEBOOK_VERSION) }).toEqual(before);
  });

  it('resumes after a failed try and splits the work between two concurrent tries', async () => {
    const first = (await getCodebookRun(stack.db.pool, runId))!.comparison;
    // A try that dies after its first batch (one transcript), then its retry.
    const crashed = await createCodebookRun(stack.db.pool, { programId, version: custom, mode: 'compare' });
    await expect(recodeProgram(stack.db.pool, crashed.id, { batchSize: 1, onProgress: () => { throw new Error('worker died'); } })).rejects.toThrow('worker died');
    expect(await getCodebookRun(stack.db.pool, crashed.id)).toMatchObject({ status: 'running', done: 1, total: 2 });
    expect(await recodeProgram(stack.db.pool, crashed.id, { batchSize: 1 })).toEqual({ status: 'done', done: 2, total: 2 });
    expect((await getCodebookRun(stack.db.pool, crashed.id))!.comparison).toEqual(first);
    // Two tries of one run at once (a stalled job handed out twice).
    const twice = await createCodebookRun(stack.db.pool, { programId, version: custom, mode: 'compare' });
    const results = await Promise.all([recodeProgram(stack.db.pool, twice.id, { batchSize: 1 }), recodeProgram(stack.db.pool, twice.id, { batchSize: 1 })]);
    expect(results.map((r) => r.total)).toEqual([2, 2]);
    expect((await getCodebookRun(stack.db.pool, twice.id))!).toMatchObject({ status: 'done', done: 2, total: 2, comparison: first });
    expect(await versionedRows(custom)).toEqual({ codes: expect.any(Number), metrics: 2 });
  });
});

describe('making a version active', () => {
  it('re-runs the live results under it, tags new uploads with it, and switches back', async () => {
    const researcher = await stack.key('researcher', programId);
    expect((await send('PUT', `/api/v1/programs/${programId}/codebooks/active`, { version: custom }, researcher)).status).toBe(403);
    const put = await send('PUT', `/api/v1/programs/${programId}/codebooks/active`, { version: custom });
    expect(put.status, JSON.stringify(put.body)).toBe(202);
    expect(put.body).toMatchObject({ version: custom, previous: CODEBOOK_VERSION });
    const run = await waitForRun(put.body.runId);
    expect(run).toMatchObject({ status: 'done', mode: 'apply', progress: { done: 2, total: 2 } });
    expect(run.comparison.flips.emotion).toEqual({ toTrue: 1, toFalse: 0 });
    // Live rows now carry the new version, and the dyad's stored metrics follow.
    expect((await utterance(ids.slang, slangTurn)).tags.emotion).toBe(true);
    const t = await getJson(stack, stack.adminKey, `/api/v1/transcripts/${ids.slang}`);
    const dyad = (await getJson(stack, stack.adminKey, `/api/v1/dyads/${t.body.dyadId}/metrics`)).body;
    expect(dyad.sessions[0]).toMatchObject({ taggerVersion: custom, metrics: { counts: { emotionUtterances: { mentee: 1 } } } });
    expect(dyad.summary.pooledCounts.emotionUtterances.mentee).toBe(1);
    const { rows } = await stack.db.pool.query('select distinct tagger_version as v from session_metrics');
    expect(rows).toEqual([{ v: custom }]);
    expect((await send('GET', `/api/v1/programs/${programId}/codebooks`)).body.active).toBe(custom);
    // Same version again: nothing to re-run.
    expect(await send('PUT', `/api/v1/programs/${programId}/codebooks/active`, { version: custom })).toMatchObject({ status: 200, body: { runId: null } });

    // A new upload is tagged with the active version.
    const later = await uploadDone('cb-slang', '2026-03-09', SLANG.replace('how was your week', 'how are you'));
    expect((await getJson(stack, stack.adminKey, `/api/v1/transcripts/${later}`)).body).toMatchObject({ status: 'done' });
    expect((await utterance(later, slangTurn)).tags.emotion).toBe(true);

    // Back to the shipped codebook: live results follow, the custom results stay readable.
    const back = await send('PUT', `/api/v1/programs/${programId}/codebooks/active`, { version: CODEBOOK_VERSION });
    expect(back.status).toBe(202);
    const undo = await waitForRun(back.body.runId);
    expect(undo).toMatchObject({ status: 'done', progress: { done: 3, total: 3 } });
    expect(undo.comparison.fromVersions).toEqual([custom]);
    expect(undo.comparison.flips.emotion).toEqual({ toTrue: 0, toFalse: 2 });
    expect((await utterance(ids.slang, slangTurn)).tags.emotion).toBe(false);
    const kept = await send('GET', `/api/v1/transcripts/${later}/codes?version=${encodeURIComponent(custom)}`);
    expect(kept.body.utterances.find((u: any) => u.turn === slangTurn).tags.emotion).toBe(true);
  });
});
