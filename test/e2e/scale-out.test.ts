/**
 * Scale-out: one API and two separate worker processes (`services/worker/src/main.ts`) on the same Postgres and
 * Redis queue. Every upload is processed exactly once, both workers take jobs, and the stored counts are the expected
 * ones. (Throughput of one vs two workers is measured by `pnpm bench`, not here: see docs/scaling.md.)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startStack, upload, type TestStack } from '../helpers/app.js';
import { REDIS_URL } from '../helpers/services.js';
import { sessionText } from '../../bench/lib/corpus.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SESSIONS = 200;
const TURNS = 100;
const DYADS = 20;

interface WorkerProc {
  child: ChildProcess;
  lines: Array<Record<string, unknown>>;
  output: string;
}

let stack: TestStack;
const workers: WorkerProc[] = [];

function startWorkerProcess(): WorkerProc {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  Object.assign(env, {
    DATABASE_URL: stack.db.url,
    REDIS_URL,
    DYADIC_QUEUE: stack.queueName,
    DYADIC_WORKER_CONCURRENCY: '2',
    LOG_LEVEL: 'info',
  });
  const child = spawn(process.execPath, ['--import', 'tsx', 'services/worker/src/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const w: WorkerProc = { child, lines: [], output: '' };
  let partial = '';
  child.stdout!.on('data', (d: Buffer) => {
    partial += d.toString();
    const parts = partial.split('\n');
    partial = parts.pop()!;
    for (const l of parts) {
      try {
        w.lines.push(JSON.parse(l) as Record<string, unknown>);
      } catch {
        w.output += l + '\n';
      }
    }
  });
  child.stderr!.on('data', (d: Buffer) => (w.output += d.toString()));
  return w;
}

function waitForLine(w: WorkerProc, msg: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + timeoutMs;
    const tick = () => {
      if (w.lines.some((l) => l.msg === msg)) return resolve();
      if (w.child.exitCode !== null) return reject(new Error(`worker exited ${w.child.exitCode}: ${w.output}`));
      if (Date.now() > deadline) return reject(new Error(`worker did not log "${msg}" in ${timeoutMs} ms: ${w.output}`));
      setTimeout(tick, 50);
    };
    tick();
  });
}

async function stopWorker(w: WorkerProc): Promise<void> {
  if (w.child.exitCode !== null || w.child.signalCode !== null) return;
  const exited = new Promise((r) => w.child.once('exit', r));
  process.kill(-w.child.pid!, 'SIGTERM');
  const timer = setTimeout(() => {
    try {
      process.kill(-w.child.pid!, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }, 10_000);
  await exited;
  clearTimeout(timer);
}

beforeAll(async () => {
  stack = await startStack({ queue: 'redis', worker: false, env: { DYADIC_RATE_LIMIT: '100000' } });
  workers.push(startWorkerProcess(), startWorkerProcess());
  await Promise.all(workers.map((w) => waitForLine(w, 'worker started', 60_000)));
}, 90_000);

afterAll(async () => {
  await Promise.all(workers.map(stopWorker));
  await stack?.close();
}, 60_000);

it('two worker processes share the queue and process every transcript exactly once', async () => {
  const ids: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let i = next++; i < SESSIONS; i = next++) {
        const date = new Date(Date.UTC(2026, 0, 5 + 7 * Math.floor(i / DYADS))).toISOString().slice(0, 10);
        const res = await upload(stack, stack.adminKey, { name: `s-${i}.txt`, data: sessionText(4242 + i, TURNS) }, { dyad: `scale-${i % DYADS}`, sessionDate: date });
        expect(res.status, JSON.stringify(res.body)).toBe(202);
        ids.push(res.body.id);
      }
    }),
  );
  expect(new Set(ids).size).toBe(SESSIONS);

  const deadline = Date.now() + 30_000;
  for (;;) {
    const { rows } = await stack.db.pool.query<{ n: string }>(`select count(*) as n from transcripts where status in ('done', 'failed')`);
    if (Number(rows[0]!.n) === SESSIONS) break;
    if (Date.now() > deadline) throw new Error(`only ${rows[0]!.n} of ${SESSIONS} finished in 30 s`);
    await new Promise((r) => setTimeout(r, 100));
  }

  const { rows } = await stack.db.pool.query<{ status: string; attempts: number; utterance_count: number }>(
    'select status, attempts, utterance_count from transcripts',
  );
  expect(rows).toHaveLength(SESSIONS);
  for (const r of rows) expect(r).toEqual({ status: 'done', attempts: 1, utterance_count: TURNS });
  const count = async (sql: string) => Number((await stack.db.pool.query<{ n: string }>(sql)).rows[0]!.n);
  expect(await count('select count(*) as n from session_metrics')).toBe(SESSIONS);
  expect(await count('select count(*) as n from utterances')).toBe(SESSIONS * TURNS);
  expect(await count('select count(*) as n from dyads')).toBe(DYADS);
  expect(await count(`select count(*) as n from session_metrics where (metrics->'counts'->'utterances'->>'total')::int = ${TURNS}`)).toBe(SESSIONS);

  // The workers' own logs: each transcript processed once, by one of them, and both did a share of the work.
  const processed = workers.map((w) => w.lines.filter((l) => l.msg === 'transcript processed').map((l) => l.transcriptId as string));
  const all = processed.flat();
  expect(all).toHaveLength(SESSIONS);
  expect(new Set(all)).toEqual(new Set(ids));
  for (const p of processed) expect(p.length).toBeGreaterThan(0);
  expect(workers.flatMap((w) => w.lines.filter((l) => l.msg === 'transcript failed'))).toEqual([]);
}, 60_000);
