/**
 * Export memory and speed: "exporting 1M utterances stays under 300 MB of memory".
 *   pnpm bench:export                       # 1,000,000 utterances → bench/results/export-memory-<date>.json
 *   pnpm bench:export --utterances 100000   # smaller
 *   pnpm bench --only export                # the same, as a section of bench/run.ts
 *
 * 1. A scratch database gets one program of `utterances / 400` processed sessions × 400 utterances (100 dyads). 24
 *    sample sessions are generated (bench/lib/corpus.ts), parsed and tagged with the real tagger and stored with
 *    `replaceUtterances`, as the worker does; SQL then copies their rows to every other session (`insert … select`),
 *    each text lengthened with sentences from other samples so texts are mostly not repeats, and half the sessions
 *    get cue times.
 * 2. For each format, a fresh child process runs the real API (`buildApp`, as services/api/src/server.ts does) and
 *    samples its own RSS every 50 ms; the parent downloads `GET /api/v1/programs/:id/export/utterances.<format>` over
 *    HTTP to a temporary file, checks the row count, then asks the child for its peak RSS and its VmHWM (the kernel's
 *    high-water mark, which also catches peaks between samples). One process per format: each peak is its own.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { ROOT, round, sessionText } from './lib/corpus.js';
import { BENCH_KEY, createBenchDatabase, obliterateRedisQueue, REDIS_URL } from './lib/stack.js';

const TURNS = 400;
const SAMPLES = 24;
const FORMATS = ['csv', 'parquet', 'jsonl'] as const;
type Format = (typeof FORMATS)[number];

const MB = 1024 * 1024;

// ---------------------------------------------------------------------------------------------------------------
// Child: the API process under measurement.

/** The kernel's high-water mark of this process's resident set (bytes). */
function vmHWM(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) * 1024 : NaN;
}

async function serve(): Promise<void> {
  let peak = process.memoryUsage.rss();
  let peakHeap = process.memoryUsage().heapUsed;
  const sample = () => {
    const rss = process.memoryUsage.rss();
    if (rss > peak) peak = rss;
    const heap = process.memoryUsage().heapUsed;
    if (heap > peakHeap) peakHeap = heap;
  };
  const timer = setInterval(sample, 50);
  const { loadConfig } = await import('@dyadic/config');
  const { createPool, waitForDatabase } = await import('@dyadic/db');
  const { createQueue, queueBackendFrom } = await import('@dyadic/jobs');
  const { CODEBOOK_VERSION } = await import('@dyadic/tagging');
  const { buildApp, bootstrap } = await import('@dyadic/api');
  const config = loadConfig();
  const pool = createPool(config.databaseUrl!, 20);
  await waitForDatabase(pool, {});
  await bootstrap(pool, config);
  const queue = createQueue(queueBackendFrom({ redisUrl: config.redisUrl, databaseUrl: config.databaseUrl! }), config.queueName);
  const app = await buildApp({ config, pool, queue, taggerVersion: CODEBOOK_VERSION });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  sample();
  const idle = process.memoryUsage.rss();
  const bootPeak = peak;
  process.send!({ kind: 'ready', url, idleRssMB: round(idle / MB), bootPeakRssMB: round(bootPeak / MB) });
  process.on('message', (m: unknown) => {
    if (m !== 'report') return;
    sample();
    clearInterval(timer);
    process.send!({ kind: 'report', peakRssMB: round(peak / MB), vmHWMMB: round(vmHWM() / MB), peakHeapUsedMB: round(peakHeap / MB) }, () => {
      void app.close().then(() => queue.close()).then(() => pool.end()).finally(() => process.exit(0));
    });
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Parent: seed, then one child per format.

async function seed(url: string, utterances: number): Promise<{ programId: string; sessions: number; utterances: number; distinctTextShare: number; avgTextChars: number; seconds: number }> {
  const t0 = performance.now();
  const { migrate, replaceUtterances } = await import('@dyadic/db');
  const { parseTranscript } = await import('@dyadic/transcript');
  const { loadCodebook, tagConversation, CODEBOOK_VERSION } = await import('@dyadic/tagging');
  type Speaker = import('@dyadic/tagging').Speaker;
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  try {
    await migrate(pool);
    const sessions = Math.max(SAMPLES, Math.ceil(utterances / TURNS));
    const programId = (await pool.query<{ id: string }>(`insert into programs (slug, name) values ('bench-export', 'Export bench') returning id`)).rows[0]!.id;
    await pool.query(
      `insert into dyads (program_id, key, speaker_roles)
       select $1, 'dyad-' || lpad(i::text, 3, '0'), '{"Mentor":"mentor","Mentee":"mentee"}' from generate_series(0, 99) i`,
      [programId],
    );
    // Session n belongs to dyad n % 100, weekly from 2024-01-01; sample = n % 24.
    await pool.query(
      `insert into transcripts (dyad_id, session_date, filename, format, content_sha256, speaker_roles, status, tagger_version, utterance_count, attempts, processed_at)
       select d.id, date '2024-01-01' + (s.n / 100) * 7, 'session-' || s.n || '.txt', 'txt', md5(s.n::text), '{"Mentor":"mentor","Mentee":"mentee"}', 'done', $2, $3, 1, now()
       from generate_series(0, $4 - 1) s(n) join dyads d on d.program_id = $1 and d.key = 'dyad-' || lpad((s.n % 100)::text, 3, '0')`,
      [programId, CODEBOOK_VERSION, TURNS, sessions],
    );
    const ids = (await pool.query<{ id: string; n: number }>(`select id, (regexp_match(filename, '\\d+'))[1]::int as n from transcripts order by n`)).rows;
    const cb = loadCodebook();
    for (let i = 0; i < SAMPLES; i++) {
      const parsed = await parseTranscript(Buffer.from(sessionText(880_000 + i, TURNS)), { filename: 's.txt' });
      const tagged = tagConversation(
        parsed.turns.map((t) => ({ turn: t.index, speaker: (t.speaker === 'Mentor' ? 'mentor' : 'mentee') as Speaker, text: t.text })),
        cb,
      );
      await replaceUtterances(pool, ids[i]!.id, tagged.map((u, k) => ({ speakerName: parsed.turns[k]!.speaker, tagged: u })));
    }
    // Copy the samples to every other session, in slices so one statement does not hold the whole insert. Each text
    // is the sample's text followed by one or two sentences from other samples, picked by session and turn, so texts
    // are longer (what was tagged stays at the start: evidence offsets stay right) and mostly not repeats.
    const SLICE = 250;
    for (let from = SAMPLES; from < sessions; from += SLICE) {
      await pool.query(
        `with t as (select id, (regexp_match(filename, '\\d+'))[1]::int as n from transcripts),
              s as (select id, n from t where n < ${SAMPLES})
         insert into utterances (transcript_id, turn, speaker, role, text, start_s, end_s, self_disclosure, emotion, advice, reciprocated_disclosure, detail, evidence)
         select t.id, u.turn, u.speaker, u.role,
           u.text || ' ' || u2.text || case when (u.turn + t.n) % 3 = 0 then ' ' || u3.text else '' end,
           case when t.n % 2 = 1 then u.turn * 6.25 end, case when t.n % 2 = 1 then u.turn * 6.25 + 5.5 end,
           u.self_disclosure, u.emotion, u.advice, u.reciprocated_disclosure, u.detail, u.evidence
         from t
           join s on s.n = t.n % ${SAMPLES}
           join utterances u on u.transcript_id = s.id
           join s s2 on s2.n = (t.n + 1 + t.n / ${SAMPLES}) % ${SAMPLES}
           join utterances u2 on u2.transcript_id = s2.id and u2.turn = (u.turn * 7 + t.n) % ${TURNS}
           join s s3 on s3.n = (t.n + 5) % ${SAMPLES}
           join utterances u3 on u3.transcript_id = s3.id and u3.turn = (u.turn * 13 + t.n * 3) % ${TURNS}
         where t.n >= $1 and t.n < $2`,
        [from, Math.min(sessions, from + SLICE)],
      );
    }
    await pool.query('analyze');
    const stats = (
      await pool.query<{ n: string; distinct_texts: string; avg_chars: number }>(
        'select count(*) as n, count(distinct text) as distinct_texts, avg(length(text))::float8 as avg_chars from utterances',
      )
    ).rows[0]!;
    const n = Number(stats.n);
    return { programId, sessions, utterances: n, distinctTextShare: round(Number(stats.distinct_texts) / n, 3), avgTextChars: round(stats.avg_chars, 1), seconds: round((performance.now() - t0) / 1000, 1) };
  } finally {
    await pool.end();
  }
}

interface FormatResult {
  format: Format;
  rows: number;
  bytes: number;
  fileMB: number;
  seconds: number;
  rowsPerSec: number;
  mbPerSec: number;
  idleRssMB: number;
  bootPeakRssMB: number;
  peakRssMB: number;
  vmHWMMB: number;
  peakHeapUsedMB: number;
  underTarget: boolean;
}

/** Rows in the downloaded file: lines for CSV (less the header) and JSON Lines, the footer's num_rows for Parquet. */
async function countRows(format: Format, file: string): Promise<number> {
  if (format === 'parquet') {
    const { parquetMetadataAsync } = await import('hyparquet');
    const fh = await open(file);
    try {
      const size = (await fh.stat()).size;
      const asyncBuffer = {
        byteLength: size,
        async slice(start: number, end = size) {
          const buf = Buffer.alloc(end - start);
          await fh.read(buf, 0, end - start, start);
          return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
        },
      };
      return Number((await parquetMetadataAsync(asyncBuffer)).num_rows);
    } finally {
      await fh.close();
    }
  }
  // The seeded texts have no line breaks, so one line is one row.
  let lines = 0;
  for await (const chunk of createReadStream(file)) for (const b of chunk as Buffer) if (b === 10) lines++;
  return format === 'csv' ? lines - 1 : lines;
}

async function measure(format: Format, databaseUrl: string, programId: string, dir: string, targetMB: number): Promise<FormatResult> {
  const queue = `bench-export-${randomUUID()}`;
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--serve'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, REDIS_URL, DYADIC_QUEUE: queue, DYADIC_BOOTSTRAP_KEY: BENCH_KEY, LOG_LEVEL: 'warn', DYADIC_RATE_LIMIT: '1000000' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const messages: Array<Record<string, any>> = [];
  let waiting: ((m: Record<string, any>) => void) | undefined;
  child.on('message', (m: Record<string, any>) => (waiting ? (waiting(m), (waiting = undefined)) : messages.push(m)));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const next = (timeoutMs: number) =>
    new Promise<Record<string, any>>((resolve, reject) => {
      if (messages.length) return resolve(messages.shift()!);
      const t = setTimeout(() => reject(new Error(`export bench child: no message within ${timeoutMs} ms`)), timeoutMs);
      waiting = (m) => (clearTimeout(t), resolve(m));
      void exited.then((code) => reject(new Error(`export bench child exited (${code})`)));
    });
  try {
    const ready = await next(120_000);
    const file = path.join(dir, `utterances.${format}`);
    const t0 = performance.now();
    const res = await fetch(`${ready.url}/api/v1/programs/${programId}/export/utterances.${format}`, { headers: { authorization: `Bearer ${BENCH_KEY}` } });
    if (!res.ok || !res.body) throw new Error(`export ${format} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
    await pipeline(Readable.fromWeb(res.body as import('node:stream/web').ReadableStream), createWriteStream(file));
    const seconds = (performance.now() - t0) / 1000;
    child.send('report');
    const report = await next(30_000);
    const bytes = (await stat(file)).size;
    const rows = await countRows(format, file);
    await rm(file, { force: true });
    return {
      format,
      rows,
      bytes,
      fileMB: round(bytes / MB),
      seconds: round(seconds, 1),
      rowsPerSec: Math.round(rows / seconds),
      mbPerSec: round(bytes / MB / seconds),
      idleRssMB: ready.idleRssMB,
      bootPeakRssMB: ready.bootPeakRssMB,
      peakRssMB: report.peakRssMB,
      vmHWMMB: report.vmHWMMB,
      peakHeapUsedMB: report.peakHeapUsedMB,
      underTarget: Math.max(report.peakRssMB, report.vmHWMMB) < targetMB,
    };
  } finally {
    if (child.exitCode === null) {
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      if (!messages.some((m) => m.kind === 'report')) child.kill('SIGTERM');
      await exited;
      clearTimeout(t);
    }
    await obliterateRedisQueue(queue).catch(() => {});
  }
}

export async function runExportMemoryBench(opts: { utterances: number; formats?: readonly Format[] }): Promise<Record<string, unknown>> {
  const targetMB = 300;
  const db = await createBenchDatabase('dyadic_bench_export');
  const dir = await mkdtemp(path.join(tmpdir(), 'dyadic-export-'));
  try {
    const seeded = await seed(db.url, opts.utterances);
    process.stderr.write(`export bench: seeded ${seeded.utterances} utterances in ${seeded.seconds} s\n`);
    const formats: Record<string, (FormatResult & { load1Before: number; load1After: number }) | { error: string }> = {};
    for (const f of opts.formats ?? FORMATS) {
      try {
        const load1Before = round(os.loadavg()[0]!, 2);
        formats[f] = { ...(await measure(f, db.url, seeded.programId, dir, targetMB)), load1Before, load1After: round(os.loadavg()[0]!, 2) };
        process.stderr.write(`export bench: ${f} ${JSON.stringify(formats[f])}\n`);
      } catch (err) {
        formats[f] = { error: (err as Error).stack ?? String(err) };
      }
    }
    return { targetMB, seeded, formats };
  } finally {
    await rm(dir, { recursive: true, force: true });
    await db.drop().catch(() => {});
  }
}

async function main() {
  const argv = process.argv.slice(2);
  const i = argv.indexOf('--utterances');
  const utterances = i >= 0 ? Number(argv[i + 1]) : 1_000_000;
  const f = argv.indexOf('--formats');
  const formats = f >= 0 ? (argv[f + 1]!.split(',') as Format[]) : FORMATS;
  const started = new Date();
  const cpus = os.cpus();
  const machine = { cpuModel: cpus[0]?.model ?? 'unknown', cores: cpus.length, memoryGiB: round(os.totalmem() / 1024 ** 3, 1), node: process.version, os: `${os.type()} ${os.release()}` };
  const result = { date: started.toISOString(), machine, ...(await runExportMemoryBench({ utterances, formats })) };
  const dir = fileURLToPath(new URL('./results/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  const file = `${dir}export-memory-${started.toISOString().slice(0, 10)}${utterances === 1_000_000 ? '' : `-${utterances}`}.json`;
  writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
  console.log(JSON.stringify(result, null, 2));
  console.log(`written ${file}`);
}

if (process.argv[2] === '--serve') {
  serve().catch((err) => {
    console.error(err);
    process.exit(1);
  });
} else if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
