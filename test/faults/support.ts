/**
 * Shared pieces of the fault tests: a worker child process, generated transcripts, uploads and database probes
 * (the in-process API is in api.ts).
 */
import type { Pool } from '@dyadic/db';
import { spawnTsx, type ChildService } from '../helpers/servers.js';

export function spawnWorker(opts: { databaseUrl: string; redisUrl: string; queueName: string; concurrency?: number; nodeArgs?: string[] }): ChildService {
  return spawnTsx('services/worker/src/main.ts', {
    DATABASE_URL: opts.databaseUrl,
    REDIS_URL: opts.redisUrl,
    DYADIC_QUEUE: opts.queueName,
    DYADIC_WORKER_CONCURRENCY: String(opts.concurrency ?? 2),
    LOG_LEVEL: 'info',
  }, opts.nodeArgs);
}

export { prng } from '../helpers/prng.js';

const MENTOR = [
  'Hi! How was your week?',
  'What did you do at work this week?',
  'I was nervous at my first job too. My hands were shaking.',
  'You should ask your boss to show you the computer next time.',
  'That sounds hard. How did you feel?',
  'I love cooking too. I made soup on Sunday.',
  'Maybe you could try writing a list before you go shopping.',
  'I felt the same when I moved to a new apartment.',
  'What are you proud of this week?',
  'Cool. See you next week.',
];
const MENTEE = [
  'Good. I started at the library.',
  'I put books back on the shelf. I was nervous the first day.',
  'Okay. I will ask her on Monday.',
  'I was sad because my friend moved away.',
  'I went to the park with my brother.',
  'I am happy. I got a new bus pass.',
  'Yeah.',
  'I like my job. I stack the shelves.',
  'I was angry at the bus driver.',
  'I made a drawing of a dog.',
];

/** A small Mentor/Mentee transcript, unique per index (a numbered line), with 4–16 turns. */
export function makeTranscript(i: number, rand: () => number): { text: string; turns: number } {
  const n = 4 + Math.floor(rand() * 13);
  const lines: string[] = [];
  for (let k = 0; k < n; k++) {
    const mentor = k % 2 === 0;
    const pool = mentor ? MENTOR : MENTEE;
    const s = pool[Math.floor(rand() * pool.length)]!;
    lines.push(`${mentor ? 'Mentor' : 'Mentee'}: ${k === 0 ? `Session ${i}. ` : ''}${s}`);
  }
  return { text: lines.join('\n') + '\n', turns: n };
}

export async function uploadText(
  baseUrl: string,
  key: string,
  name: string,
  text: string | Buffer,
  fields: Record<string, string>,
  signal?: AbortSignal,
): Promise<{ status: number; body: any; headers: Headers }> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new Blob([text], { type: 'text/plain' }), name);
  const res = await fetch(`${baseUrl}/api/v1/transcripts`, { method: 'POST', body: form, headers: { authorization: `Bearer ${key}` }, ...(signal ? { signal } : {}) });
  const raw = await res.text();
  let body: unknown = raw;
  try {
    body = raw ? JSON.parse(raw) : null;
  } catch {
    /* keep the text */
  }
  return { status: res.status, body, headers: res.headers };
}

/** Session date for the i-th upload: distinct per index within a dyad (2026-01-01 + i days). */
export function dateFor(i: number): string {
  return new Date(Date.UTC(2026, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
}

export async function statusCounts(pool: Pool): Promise<Record<string, number>> {
  const { rows } = await pool.query<{ status: string; n: number }>('select status, count(*)::int as n from transcripts group by status');
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

export async function waitUntil(what: string, timeoutMs: number, probe: () => Promise<boolean>, everyMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what}: not reached after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
