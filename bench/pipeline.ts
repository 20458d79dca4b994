/**
 * Pipeline benchmark: N session transcripts (`Mentor:`/`Mentee:` text generated from our fixture sentences, spread
 * over dyads with weekly dates) uploaded through the real HTTP API with a few uploads in flight, processed by the
 * worker(s), metrics in Postgres. Wall time runs from the first upload to the last `processed_at`; upload-to-done per
 * transcript is `processed_at − created_at` from Postgres (both server-side timestamps).
 */
import pg from 'pg';
import { performance } from 'node:perf_hooks';
import { percentile, round, sessions as makeSessions, type BenchSession } from './lib/corpus.js';
import { startBenchStack, type RunningStack, type StackKind } from './lib/stack.js';
import { createQueue, type JobQueue } from '../packages/jobs/src/index.js';

export interface PipelineOptions {
  stack: StackKind;
  sessions: number;
  turns: number;
  dyads: number;
  uploadConcurrency: number;
  timeoutMs?: number;
  cpuProfDir?: string;
  seed?: number;
  /**
   * Queue everything first with the queue paused, then resume and time only the workers draining it (real-split
   * stacks): worker throughput without the API's parse-and-store competing for the same cores.
   */
  drain?: boolean;
}

export interface PipelineResult {
  stack: string;
  sessions: number;
  turnsPerSession: number;
  dyads: number;
  uploadConcurrency: number;
  workerConcurrency: number;
  done: number;
  failed: number;
  utterances: number;
  uploadSeconds: number;
  uploadsPerSec: number;
  wallSeconds: number;
  sessionsPerSec: number;
  uttPerSec: number;
  uploadToDoneP50Ms: number;
  uploadToDoneP95Ms: number;
  /** Timed from resuming a pre-filled queue (wall and utt/s are the workers' alone; latencies include the wait). */
  drain?: boolean;
  /** Processing time per job alone (processed_at − first claim is not stored; this is done − previous done per worker slot). */
  perWorkerProcessed?: Record<string, number>;
  startupSeconds: number;
}

async function uploadOne(stack: RunningStack, s: BenchSession): Promise<{ status: number; id?: string; body: string }> {
  const form = new FormData();
  form.append('dyad', s.dyad);
  form.append('sessionDate', s.sessionDate);
  form.append('file', new Blob([s.text], { type: 'text/plain' }), s.filename);
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(`${stack.baseUrl}/api/v1/transcripts`, { method: 'POST', body: form, headers: { authorization: `Bearer ${stack.key}` } });
    const body = await res.text();
    if (res.status === 503 && attempt < 5) {
      await new Promise((r) => setTimeout(r, 500));
      continue;
    }
    return { status: res.status, body, ...(res.ok ? { id: (JSON.parse(body) as { id: string }).id } : {}) };
  }
}

/** Upload every session with `concurrency` requests in flight; returns when the last upload is answered. */
export async function uploadAll(stack: RunningStack, list: BenchSession[], concurrency: number): Promise<{ ids: string[]; errors: string[] }> {
  const ids: string[] = [];
  const errors: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (;;) {
        const i = next++;
        if (i >= list.length) return;
        const r = await uploadOne(stack, list[i]!);
        if (r.id && (r.status === 202 || r.status === 200)) ids.push(r.id);
        else if (errors.length < 5) errors.push(`${list[i]!.filename}: ${r.status} ${r.body.slice(0, 300)}`);
        else errors.push('');
      }
    }),
  );
  return { ids, errors };
}

export async function waitAllDone(db: pg.Pool, expected: number, timeoutMs: number): Promise<{ done: number; failed: number }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await db.query<{ done: string; failed: string }>(
      `select count(*) filter (where status = 'done') as done, count(*) filter (where status = 'failed') as failed from transcripts`,
    );
    const done = Number(rows[0]!.done);
    const failed = Number(rows[0]!.failed);
    if (done + failed >= expected) return { done, failed };
    if (Date.now() > deadline) throw new Error(`only ${done} done + ${failed} failed of ${expected} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function runPipeline(o: PipelineOptions): Promise<PipelineResult> {
  const list = makeSessions(o.sessions, { dyads: o.dyads, turns: o.turns, seed: o.seed ?? 1 });
  const s0 = performance.now();
  const stack = await startBenchStack(o.stack, o.cpuProfDir ? { cpuProfDir: o.cpuProfDir } : {});
  const startupSeconds = (performance.now() - s0) / 1000;
  const db = new pg.Pool({ connectionString: stack.databaseUrl, max: 2 });
  try {
    // Warm the API (key verification is cached after the first request; JIT) with one request that stores nothing.
    await fetch(`${stack.baseUrl}/api/v1/dyads?key=warmup`, { headers: { authorization: `Bearer ${stack.key}` } });
    let paused: JobQueue | undefined;
    if (o.drain) {
      if (!stack.queue) throw new Error('drain needs a real-split stack');
      paused = createQueue({ kind: 'redis', url: stack.queue.redisUrl }, stack.queue.name);
      await paused.pause();
    }
    let t0Wall = Date.now();
    const t0 = performance.now();
    const { ids, errors } = await uploadAll(stack, list, o.uploadConcurrency);
    const uploadSeconds = (performance.now() - t0) / 1000;
    if (ids.length !== list.length) throw new Error(`${list.length - ids.length} uploads refused, e.g. ${errors.filter(Boolean).join(' | ')}`);
    if (paused) {
      t0Wall = Date.now();
      await paused.resume();
      await paused.close();
    }
    const { done, failed } = await waitAllDone(db, ids.length, o.timeoutMs ?? 600_000);
    const { rows } = await db.query<{ ms: number; last: Date; utt: string }>(
      `select extract(epoch from (processed_at - created_at)) * 1000 as ms, processed_at as last, utterance_count as utt
       from transcripts where status = 'done'`,
    );
    const lat = rows.map((r) => Number(r.ms)).sort((a, b) => a - b);
    const last = Math.max(...rows.map((r) => r.last.getTime()));
    const utterances = rows.reduce((n, r) => n + Number(r.utt), 0);
    const wallSeconds = (last - t0Wall) / 1000;
    const metricsRows = Number((await db.query<{ n: string }>('select count(*) as n from session_metrics')).rows[0]!.n);
    if (metricsRows !== done) throw new Error(`session_metrics has ${metricsRows} rows for ${done} done transcripts`);
    const perWorker: Record<string, number> = {};
    if (stack.workers.length > 1) for (const w of stack.workers) perWorker[w.name] = w.processed();
    return {
      stack: stack.describe,
      sessions: list.length,
      turnsPerSession: o.turns,
      dyads: o.dyads,
      uploadConcurrency: o.uploadConcurrency,
      workerConcurrency: o.stack.concurrency,
      done,
      failed,
      utterances,
      uploadSeconds: round(uploadSeconds, 2),
      uploadsPerSec: round(list.length / uploadSeconds, 1),
      wallSeconds: round(wallSeconds, 2),
      sessionsPerSec: round(done / wallSeconds, 2),
      uttPerSec: Math.round(utterances / wallSeconds),
      uploadToDoneP50Ms: Math.round(percentile(lat, 50)),
      uploadToDoneP95Ms: Math.round(percentile(lat, 95)),
      ...(o.drain ? { drain: true } : {}),
      ...(stack.workers.length > 1 ? { perWorkerProcessed: perWorker } : {}),
      startupSeconds: round(startupSeconds, 1),
    };
  } finally {
    await db.end().catch(() => {});
    await stack.close();
  }
}

if (process.argv[1] && import.meta.url === `file://${process.argv[1]}`) {
  const [kind = 'embedded', n = '40', turns = '100', conc = '2', workers = '1'] = process.argv.slice(2);
  const stack: StackKind =
    kind === 'embedded' ? { kind, concurrency: Number(conc) } : kind === 'real-inprocess' ? { kind, concurrency: Number(conc) } : { kind: 'real-split', workers: Number(workers), concurrency: Number(conc) };
  runPipeline({ stack, sessions: Number(n), turns: Number(turns), dyads: Math.max(1, Math.floor(Number(n) / 10)), uploadConcurrency: 8, ...(process.env.BENCH_CPU_PROF ? { cpuProfDir: process.env.BENCH_CPU_PROF } : {}) }).then(
    (r) => console.log(JSON.stringify(r, null, 2)),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
