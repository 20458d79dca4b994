/**
 * kill -9 of a worker process in the middle of a batch of 200 transcripts: after a new worker takes over, every
 * transcript is done exactly once — utterance rows equal its turns, one metrics row each, and the metrics equal those
 * of a clean run of the same files in a second database.
 *
 * BullMQ decides when the killed worker's active jobs run again (stalled-job check, default every 30 s with a 30 s
 * lock), so the takeover can take up to about a minute.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import pg from 'pg';
import { createPool, ensureDefaultProgram, findOrCreateDyad, insertTranscriptWithUpload, migrate, type Pool } from '@dyadic/db';
import { loadCodebook } from '@dyadic/tagging';
import { processTranscript } from '@dyadic/worker';
import { startPrivatePostgres, startPrivateRedis, type ChildService, type PrivatePostgres, type PrivateRedis } from '../helpers/servers.js';
import { dateFor, makeTranscript, prng, spawnWorker, statusCounts, uploadText, waitUntil } from './support.js';
import { startApi, type InProcessApi } from './api.js';

const N = 200;
let pgServer: PrivatePostgres;
let redis: PrivateRedis;
let api: InProcessApi;
const workers: ChildService[] = [];
const queueName = 'kill-worker';

beforeAll(async () => {
  [pgServer, redis] = await Promise.all([startPrivatePostgres(), startPrivateRedis()]);
  api = await startApi({ databaseUrl: pgServer.url, redisUrl: redis.url, queueName });
});

afterAll(async () => {
  for (const w of workers) w.kill('SIGKILL');
  await api?.close();
  await redis?.destroy();
  await pgServer?.destroy();
});

it('finishes every transcript exactly once after the worker is killed mid-batch', { timeout: 240_000 }, async () => {
  const rand = prng(9);
  const files = Array.from({ length: N }, (_, i) => ({ i, ...makeTranscript(i, rand), dyad: `dyad-${i % 10}` }));

  // Upload everything first (no worker yet), 8 at a time.
  const ids = new Map<string, (typeof files)[number]>();
  for (let k = 0; k < N; k += 8) {
    const batch = files.slice(k, k + 8);
    const results = await Promise.all(batch.map((f) => uploadText(api.baseUrl, api.adminKey, `s${f.i}.txt`, f.text, { dyad: f.dyad, sessionDate: dateFor(f.i) })));
    results.forEach((r, j) => {
      expect(r.status, JSON.stringify(r.body)).toBe(202);
      ids.set(r.body.id, batch[j]!);
    });
  }
  expect(ids.size).toBe(N);

  const env = { databaseUrl: pgServer.url, redisUrl: redis.url, queueName, concurrency: 4 };
  const first = spawnWorker(env);
  workers.push(first);
  await waitUntil('half done', 60_000, async () => ((await statusCounts(api.pool)).done ?? 0) >= N / 2, 10);
  first.kill('SIGKILL');
  const killed = await first.exited;
  expect(killed.signal).toBe('SIGKILL');
  const atKill = await statusCounts(api.pool);
  expect(atKill.done ?? 0).toBeLessThan(N); // really mid-batch

  const second = spawnWorker(env);
  workers.push(second);
  await waitUntil('all done', 110_000, async () => ((await statusCounts(api.pool)).done ?? 0) === N, 250).catch(async (err) => {
    throw new Error(`${(err as Error).message}: ${JSON.stringify(await statusCounts(api.pool))}\n${second.output().slice(-3000)}`);
  });
  second.kill('SIGTERM');
  await second.exited;

  // Exactly once: utterances per transcript = its turns, one metrics row per transcript, nothing failed.
  const { rows } = await api.pool.query<{ id: string; status: string; utterance_count: number; n: number; m: number; attempts: number }>(
    `select t.id, t.status, t.utterance_count, t.attempts,
       (select count(*)::int from utterances u where u.transcript_id = t.id) as n,
       (select count(*)::int from session_metrics s where s.transcript_id = t.id) as m
     from transcripts t`,
  );
  expect(rows).toHaveLength(N);
  for (const r of rows) {
    const f = ids.get(r.id)!;
    expect(r, `transcript ${f.i}`).toMatchObject({ status: 'done', utterance_count: f.turns, n: f.turns, m: 1 });
  }
  const { rows: totals } = await api.pool.query('select (select count(*)::int from session_metrics) as m, (select count(*)::int from utterances) as u');
  expect(totals[0]).toEqual({ m: N, u: files.reduce((s, f) => s + f.turns, 0) });
  const retried = rows.filter((r) => r.attempts > 1).length;

  // A clean run of the same files (same dyad, date, roles) in a second database on the same server.
  const admin = new pg.Client({ connectionString: pgServer.url });
  await admin.connect();
  await admin.query('create database clean_run');
  await admin.end();
  const cleanUrl = pgServer.url.replace(/\/dyadic$/, '/clean_run');
  const clean: Pool = createPool(cleanUrl, 4);
  try {
    await migrate(clean);
    const program = await ensureDefaultProgram(clean);
    const codebook = loadCodebook();
    const { rows: stored } = await api.pool.query<{ id: string; key: string; session_date: string; filename: string; format: string; content_sha256: string; speaker_roles: Record<string, 'mentor' | 'mentee' | 'other'>; content: Buffer; metrics: unknown }>(
      `select t.id, d.key, t.session_date, t.filename, t.format, t.content_sha256, t.speaker_roles, u.content, s.metrics
       from transcripts t join dyads d on d.id = t.dyad_id join uploads u on u.transcript_id = t.id join session_metrics s on s.transcript_id = t.id`,
    );
    let compared = 0;
    for (const s of stored) {
      const dyad = await findOrCreateDyad(clean, program.id, s.key);
      const t = await insertTranscriptWithUpload(clean, {
        dyadId: dyad.id, sessionDate: s.session_date, filename: s.filename, format: s.format, sha256: s.content_sha256, speakerRoles: s.speaker_roles, content: s.content,
      });
      await processTranscript(clean, t.id, codebook);
      const { rows: m } = await clean.query('select metrics from session_metrics where transcript_id = $1', [t.id]);
      expect(s.metrics, `metrics of ${s.filename}`).toEqual(m[0]!.metrics);
      compared++;
    }
    expect(compared).toBe(N);
  } finally {
    await clean.end();
  }
  console.log(`kill-worker: killed at ${JSON.stringify(atKill)}; ${retried} transcript(s) ran more than once, all ${N} done once in effect`);
});
