/**
 * `tsx scripts/load-mixed.ts [--seconds 60] [--connections 50]` (issue 9): mixed upload + read load against the real
 * services. Creates a fresh database `dyadic_load_<hex>` on the machine's Postgres and a unique Redis queue, starts the
 * API (`services/api/src/server.ts`) and one worker (`services/worker/src/main.ts`) as child processes, then runs
 * autocannon with N connections for S seconds: every connection alternates a multipart upload of a new, distinct
 * transcript (`POST /api/v1/transcripts`, ~50 dyads, a distinct session date per upload) and a read
 * (`GET /api/v1/dyads?key=`, `GET /api/v1/transcripts/:id` of a recently accepted id, `GET /health`).
 * Afterwards it waits (≤ 120 s, `--drain-seconds`) for the worker to process everything and checks: no 5xx, every accepted id exactly once
 * in `transcripts` with its `uploads` row and status `done`, as many transcript rows as accepted ids (rows of uploads
 * still in flight when autocannon stopped are recognised by their file name and reported apart). Prints and writes
 * bench/results/load-mixed-<date>.json; exits 1 when a check fails. Database, queue and processes are removed at the end.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { BENCH_KEY, REDIS_URL, createBenchDatabase, freePort, obliterateRedisQueue, spawnTs, uniqueQueue, waitHealthy, type BenchDatabase, type Proc } from '../bench/lib/stack.js';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '60' }, connections: { type: 'string', default: '50' }, 'drain-seconds': { type: 'string', default: '120' } } });
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const DYADS = 50;
const DRAIN_LIMIT_MS = Number(values['drain-seconds']) * 1000;

const MENTOR = [
  'How did the bus ride go this week?',
  'I remember when I started my first job, I was scared too.',
  'What was the best part of your weekend?',
  'That sounds like a lot. How are you feeling about it?',
];
const MENTEE = [
  'I went to the store with my mom.',
  'I was really happy when I got paid.',
  'I do not like the loud room at work.',
  'My friend Sam came over and we played games.',
];

/** Session date n days after 1990-01-01 (distinct per upload, always a valid ISO date in the past). */
function sessionDate(n: number): string {
  return new Date(Date.UTC(1990, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
}

const BOUNDARY = '----dyadicload7f3a9c';
function multipart(n: number): { body: Buffer; dyad: string } {
  const dyad = `load-dyad-${String(n % DYADS).padStart(2, '0')}`;
  const lines: string[] = [];
  for (let i = 0; i < 6; i++) {
    lines.push(`Mentor: ${MENTOR[(n + i) % MENTOR.length]!} (marker ${n}-${i})`);
    lines.push(`Mentee: ${MENTEE[(n * 3 + i) % MENTEE.length]!}`);
  }
  const field = (name: string, value: string) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const body =
    field('dyad', dyad) +
    field('sessionDate', sessionDate(n)) +
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="load-${n}.txt"\r\nContent-Type: text/plain\r\n\r\n` +
    lines.join('\n') +
    `\n\r\n--${BOUNDARY}--\r\n`;
  return { body: Buffer.from(body), dyad };
}

const statusCounts: Record<string, Record<string, number>> = { upload: {}, read: {} };
const count = (kind: 'upload' | 'read', status: number) => {
  const c = statusCounts[kind]!;
  c[status] = (c[status] ?? 0) + 1;
};
const acceptedIds: string[] = [];
const acceptedByN = new Map<number, string>();
const duplicateResponses: number[] = [];
const fiveXx: { kind: string; status: number; body: string }[] = [];
const recent: string[] = [];
let sent = 0; // uploads built (request numbers 0 … sent-1)
let reads = 0;
const responded = new Set<number>();

function machine() {
  return { cpu: os.cpus()[0]?.model, cores: os.cpus().length, memGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, loadavg: os.loadavg().map((x) => Math.round(x * 100) / 100) };
}

async function main(): Promise<number> {
  const startedAt = new Date();
  const loadBefore = os.loadavg();
  let db: BenchDatabase | null = null;
  const queue = uniqueQueue();
  const procs: Proc[] = [];
  let client: pg.Client | null = null;
  try {
    db = await createBenchDatabase('dyadic_load');
    const port = await freePort();
    const env = { DATABASE_URL: db.url, REDIS_URL, DYADIC_QUEUE: queue, PORT: String(port), DYADIC_BOOTSTRAP_KEY: BENCH_KEY, DYADIC_RATE_LIMIT: '1000000', LOG_LEVEL: 'warn' };
    const api = spawnTs('api', 'services/api/src/server.ts', env);
    procs.push(api);
    const base = `http://127.0.0.1:${port}`;
    await Promise.race([waitHealthy(base, 90_000), api.died]);
    // The worker logs 'worker started' at info; warn is kept for the rest through the API.
    const worker = spawnTs('worker', 'services/worker/src/main.ts', { ...env, LOG_LEVEL: 'info' });
    procs.push(worker);
    await Promise.race([worker.waitFor(/worker started/, 90_000), worker.died]);
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
    console.log(`load-mixed: ${connections} connections × ${seconds} s against ${base} (db ${db.url.split('/').pop()}, queue ${queue}), load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);

    const auth = { authorization: `Bearer ${BENCH_KEY}` };
    const t0 = Date.now();
    // `timeout` (s per request) is an autocannon option the local type declarations leave out.
    const options: Parameters<typeof autocannon>[0] & { timeout: number } = {
      url: base,
      connections,
      duration: seconds,
      timeout: 60,
      headers: auth,
      requests: [
        {
          method: 'POST',
          path: '/api/v1/transcripts',
          setupRequest: (req, context) => {
            const n = sent++;
            context.n = n;
            const { body } = multipart(n);
            return { ...req, method: 'POST', path: '/api/v1/transcripts', headers: { ...auth, 'content-type': `multipart/form-data; boundary=${BOUNDARY}` }, body };
          },
          onResponse: (status, body, context) => {
            const n = context.n as number;
            responded.add(n);
            count('upload', status);
            if (status >= 500) fiveXx.push({ kind: 'upload', status, body: body.slice(0, 300) });
            if (status === 202 || status === 200) {
              try {
                const j = JSON.parse(body) as { id: string; duplicate?: boolean };
                if (status === 202) {
                  acceptedIds.push(j.id);
                  acceptedByN.set(n, j.id);
                  recent.push(j.id);
                  if (recent.length > 200) recent.shift();
                } else duplicateResponses.push(n);
              } catch {
                fiveXx.push({ kind: 'upload-unparsable', status, body: body.slice(0, 300) });
              }
            }
          },
        },
        {
          method: 'GET',
          path: '/health',
          setupRequest: (req, context) => {
            const r = reads++;
            const id = recent.length ? recent[(r * 7) % recent.length] : undefined;
            const which = r % 3;
            const path = which === 0 ? `/api/v1/dyads?key=load-dyad-${String(r % DYADS).padStart(2, '0')}` : which === 1 && id ? `/api/v1/transcripts/${id}` : '/health';
            context.path = path;
            return { ...req, method: 'GET', path, headers: auth, body: Buffer.alloc(0) };
          },
          onResponse: (status, body, context) => {
            count('read', status);
            if (status >= 500) fiveXx.push({ kind: `read ${String(context.path)}`, status, body: body.slice(0, 300) });
          },
        },
      ],
    };
    const result = await autocannon(options);
    const loadElapsed = (Date.now() - t0) / 1000;
    const loadAfterRun = os.loadavg();

    // Drain: every stored transcript leaves queued/processing.
    // The worker's progress is sampled every 5 s (backlog and jobs done), to tell a slow drain from a stuck one.
    const drainStart = Date.now();
    let pending = -1;
    const drainCurve: { t: number; pending: number; done: number }[] = [];
    let lastSample = -Infinity;
    while (Date.now() - drainStart < DRAIN_LIMIT_MS) {
      const { rows } = await client.query<{ pending: number; done: number }>(
        `select count(*) filter (where status in ('queued','processing'))::int as pending, count(*) filter (where status = 'done')::int as done from transcripts`,
      );
      pending = rows[0]!.pending;
      if (Date.now() - lastSample >= 5000 || pending === 0) {
        lastSample = Date.now();
        drainCurve.push({ t: Math.round((Date.now() - drainStart) / 100) / 10, pending, done: rows[0]!.done });
      }
      if (pending === 0) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const drainSeconds = (Date.now() - drainStart) / 1000;
    // When the drain times out, keep what explains it: open sessions on the database (locks, idle transactions) and
    // the worker's last log lines.
    const stuck =
      pending === 0
        ? null
        : {
            sessions: (
              await client.query(
                `select pid, application_name, state, wait_event_type, wait_event, now() - xact_start as xact_age, left(query, 200) as query
                   from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and state <> 'idle'`,
              )
            ).rows,
            stuckRows: (await client.query(`select id, filename, status, attempts, created_at, updated_at from transcripts where status in ('queued','processing') order by created_at limit 10`)).rows,
            workerLog: worker.output().slice(-4000),
            apiLog: api.output().slice(-4000),
          };
    if (stuck) console.log('drain timed out:', JSON.stringify(stuck, null, 1).slice(0, 6000));

    // Verify.
    const { rows } = await client.query<{ id: string; filename: string; status: string; error: string | null; has_upload: boolean }>(
      `select t.id, t.filename, t.status, t.error, (u.transcript_id is not null) as has_upload from transcripts t left join uploads u on u.transcript_id = t.id`,
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    const distinctAccepted = new Set(acceptedIds);
    const missing = [...distinctAccepted].filter((id) => !byId.has(id));
    const noUpload = [...distinctAccepted].filter((id) => byId.has(id) && !byId.get(id)!.has_upload);
    const notDone = [...distinctAccepted].filter((id) => byId.has(id) && byId.get(id)!.status !== 'done').map((id) => ({ id, status: byId.get(id)!.status, error: byId.get(id)!.error }));
    // Rows without a 202 we saw: an upload still in flight when autocannon stopped (sent, no response) is expected;
    // anything else is an extra row (a duplicate or a row kept after an error answer).
    const extra = rows.filter((r) => !distinctAccepted.has(r.id));
    const inFlight = extra.filter((r) => {
      const m = /^load-(\d+)\.txt$/.exec(r.filename);
      return m && !responded.has(Number(m[1]));
    });
    const unexplained = extra.filter((r) => !inFlight.includes(r));
    const fileNames = new Map<string, number>();
    for (const r of rows) fileNames.set(r.filename, (fileNames.get(r.filename) ?? 0) + 1);
    const duplicatedFiles = [...fileNames].filter(([, n]) => n > 1).map(([f]) => f);
    const total5xx = fiveXx.filter((f) => f.status >= 500).length;

    const uploadsTotal = Object.values(statusCounts.upload!).reduce((a, b) => a + b, 0);
    const readsTotal = Object.values(statusCounts.read!).reduce((a, b) => a + b, 0);
    const checks = {
      zero5xx: total5xx === 0,
      noAutocannonErrors: result.errors === 0 && result.timeouts === 0,
      drained: pending === 0,
      everyAcceptedStoredOnce: missing.length === 0 && acceptedIds.length === distinctAccepted.size,
      everyAcceptedHasUpload: noUpload.length === 0,
      everyAcceptedDone: notDone.length === 0,
      rowsEqualAccepted: rows.length - inFlight.length === distinctAccepted.size && unexplained.length === 0 && duplicatedFiles.length === 0,
    };
    const ok = Object.values(checks).every(Boolean);
    const date = startedAt.toISOString().slice(0, 10);
    const report = {
      date: startedAt.toISOString(),
      command: `tsx scripts/load-mixed.ts --seconds ${seconds} --connections ${connections}`,
      setup: `1 API process + 1 worker process (default concurrency), Postgres 127.0.0.1:5432 (fresh db), Redis queue ${queue}`,
      machine: { ...machine(), loadavgBefore: loadBefore.map((x) => Math.round(x * 100) / 100), loadavgAfterRun: loadAfterRun.map((x) => Math.round(x * 100) / 100) },
      connections,
      seconds,
      elapsedSeconds: Math.round(loadElapsed * 10) / 10,
      throughput: {
        requestsPerSecond: Math.round((result.requests.total / loadElapsed) * 10) / 10,
        uploadsPerSecond: Math.round((uploadsTotal / loadElapsed) * 10) / 10,
        acceptedPerSecond: Math.round((distinctAccepted.size / loadElapsed) * 10) / 10,
        readsPerSecond: Math.round((readsTotal / loadElapsed) * 10) / 10,
      },
      latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max, mean: result.latency.mean },
      requests: { total: result.requests.total, uploads: uploadsTotal, reads: readsTotal, errors: result.errors, timeouts: result.timeouts, non2xx: result.non2xx },
      statusCounts,
      transcripts: {
        uploadsSent: sent,
        accepted202: acceptedIds.length,
        distinctAccepted: distinctAccepted.size,
        duplicate200: duplicateResponses.length,
        rowsInDatabase: rows.length,
        inFlightAtStop: inFlight.length,
        missing: missing.length,
        withoutUploadRow: noUpload.length,
        notDone: notDone.length,
        unexplainedRows: unexplained.length,
        duplicatedFileNames: duplicatedFiles.length,
        byStatus: rows.reduce<Record<string, number>>((a, r) => ((a[r.status] = (a[r.status] ?? 0) + 1), a), {}),
      },
      drainSeconds: Math.round(drainSeconds * 10) / 10,
      drainLimitSeconds: DRAIN_LIMIT_MS / 1000,
      // Jobs finished by the end of the load, and the backlog over the drain: the worker's own throughput.
      drainCurve,
      workerJobsPerSecond:
        drainCurve.length >= 2 ? Math.round(((drainCurve.at(-1)!.done - drainCurve[0]!.done) / Math.max(0.1, drainCurve.at(-1)!.t - drainCurve[0]!.t)) * 10) / 10 : null,
      checks,
      ok,
      stuck,
      problems: { fiveXx: fiveXx.slice(0, 20), notDone: notDone.slice(0, 20), missing: missing.slice(0, 20), unexplained: unexplained.slice(0, 20).map((r) => ({ id: r.id, filename: r.filename, status: r.status })) },
    };
    console.log(
      [
        `requests ${report.requests.total} in ${report.elapsedSeconds} s: ${report.throughput.requestsPerSecond} req/s (uploads ${report.throughput.uploadsPerSecond}/s, reads ${report.throughput.readsPerSecond}/s)`,
        `latency p50 ${report.latencyMs.p50} ms, p90 ${report.latencyMs.p90} ms, p99 ${report.latencyMs.p99} ms, max ${report.latencyMs.max} ms`,
        `status: uploads ${JSON.stringify(statusCounts.upload)}, reads ${JSON.stringify(statusCounts.read)}; errors ${result.errors}, timeouts ${result.timeouts}`,
        `transcripts: ${distinctAccepted.size} accepted, ${rows.length} rows (${inFlight.length} in flight at stop), missing ${missing.length}, no upload row ${noUpload.length}, not done ${notDone.length}, unexplained ${unexplained.length}, duplicated ${duplicatedFiles.length}; ${JSON.stringify(report.transcripts.byStatus)}`,
        `drain ${report.drainSeconds} s (limit ${report.drainLimitSeconds} s, backlog at start ${drainCurve[0]?.pending}, worker ${report.workerJobsPerSecond} jobs/s); load average ${report.machine.loadavgAfterRun.join(' ')} (${report.machine.cores} × ${report.machine.cpu})`,
        `checks ${JSON.stringify(checks)} → ${ok ? 'OK' : 'FAILED'}`,
      ].join('\n'),
    );
    if (fiveXx.length) console.log('first 5xx:', JSON.stringify(fiveXx.slice(0, 3)));
    if (notDone.length) console.log('first not done:', JSON.stringify(notDone.slice(0, 3)));
    await mkdir('bench/results', { recursive: true });
    const out = `bench/results/load-mixed-${date}.json`;
    await writeFile(out, JSON.stringify(report, null, 2) + '\n');
    console.log(`wrote ${out}`);
    return ok ? 0 : 1;
  } finally {
    await client?.end().catch(() => {});
    await Promise.all(procs.map((p) => p.stop()));
    await obliterateRedisQueue(queue).catch((err: unknown) => console.error('obliterate queue:', err));
    await db?.drop().catch((err: unknown) => console.error('drop database:', err));
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error('load-mixed failed:', err);
    process.exit(2);
  },
);
