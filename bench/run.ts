/**
 * `pnpm bench`: every benchmark section, a table on stdout, and `bench/results/<YYYY-MM-DD>.json` with the machine.
 *   pnpm bench                      # all sections (~10 min on 2 cores)
 *   pnpm bench --quick              # small smoke run (~1 min)
 *   pnpm bench --only tagger,pipeline
 * Sections: tagger, parsers, job, pipeline, scaleout, memory, api, export. Each runs isolated: a failure is recorded in
 * the JSON (`error`) and the others still run. `--quick` skips tagger and parsers (fixed-size runs of ~30–60 s each, owned
 * by bench/tagger.ts and bench/parsers.ts) and scaleout (two more stacks to boot; test/e2e/scale-out.test.ts covers
 * the configuration) unless `--only` names them. Set BENCH_PG_ADMIN_URL / BENCH_REDIS_URL for
 * other servers. The machine's load average is recorded per section: other work on the machine skews every figure.
 */
import { execSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { round } from './lib/corpus.js';
import type { PipelineResult } from './pipeline.js';

const SECTIONS = ['tagger', 'parsers', 'job', 'pipeline', 'scaleout', 'memory', 'api', 'export'] as const;
type Section = (typeof SECTIONS)[number];

function args() {
  const argv = process.argv.slice(2);
  const quick = argv.includes('--quick');
  const i = argv.findIndex((a) => a === '--only' || a.startsWith('--only='));
  let only: Section[] = quick ? SECTIONS.filter((x) => x !== 'tagger' && x !== 'parsers' && x !== 'scaleout') : [...SECTIONS];
  if (i >= 0) {
    const v = argv[i]!.includes('=') ? argv[i]!.split('=')[1]! : (argv[i + 1] ?? '');
    only = v.split(',').map((s) => s.trim()).filter(Boolean) as Section[];
    const bad = only.filter((s) => !SECTIONS.includes(s));
    if (bad.length) {
      console.error(`unknown section(s): ${bad.join(', ')} (known: ${SECTIONS.join(', ')})`);
      process.exit(2);
    }
  }
  const out = argv.find((a) => a.startsWith('--out='))?.slice(6);
  return { quick, only, out };
}

function machine() {
  const cpus = os.cpus();
  let pg = 'unknown';
  let redis = 'unknown';
  try {
    pg = execSync(`psql -At -h 127.0.0.1 -U postgres -c 'show server_version'`, { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  } catch {
    /* no psql */
  }
  try {
    redis = /redis_version:(\S+)/.exec(execSync('redis-cli -h 127.0.0.1 info server', { stdio: ['ignore', 'pipe', 'ignore'] }).toString())?.[1] ?? 'unknown';
  } catch {
    /* no redis-cli */
  }
  let commit = 'unknown';
  try {
    commit = execSync('git rev-parse --short HEAD', { cwd: fileURLToPath(new URL('..', import.meta.url)), stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  } catch {
    /* not a checkout */
  }
  return {
    cpuModel: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGiB: round(os.totalmem() / 1024 ** 3, 1),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    postgres: pg,
    redis,
    commit,
    loadAverageAtStart: os.loadavg().map((x) => round(x, 2)),
  };
}

async function section<T>(name: string, fn: () => Promise<T>): Promise<T | { error: string; seconds: number }> {
  const t0 = performance.now();
  const load1Before = round(os.loadavg()[0]!, 2);
  process.stderr.write(`bench: ${name} … (load ${load1Before})\n`);
  try {
    const r = await fn();
    const seconds = round((performance.now() - t0) / 1000, 1);
    process.stderr.write(`bench: ${name} done in ${seconds} s\n`);
    if (r && typeof r === 'object' && !Array.isArray(r)) return { ...r, sectionSeconds: seconds, load1Before, load1After: round(os.loadavg()[0]!, 2) } as T;
    return r;
  } catch (err) {
    const message = (err as Error).stack ?? String(err);
    process.stderr.write(`bench: ${name} FAILED: ${message}\n`);
    return { error: message.slice(0, 4000), seconds: round((performance.now() - t0) / 1000, 1) };
  }
}

const isErr = (x: unknown): x is { error: string } => typeof x === 'object' && x !== null && 'error' in x;

async function main() {
  const { quick, only, out } = args();
  const started = new Date();
  const result: Record<string, unknown> = {
    date: started.toISOString(),
    mode: quick ? 'quick' : SECTIONS.every((x) => only.includes(x)) ? 'full' : 'partial',
    machine: machine(),
    sections: only,
  };
  const t0 = performance.now();

  if (only.includes('tagger')) {
    result.tagger = await section('tagger', async () => {
      const { runTaggerBench } = await import('./tagger.js');
      return { ...(await runTaggerBench()), targetCliUttPerSec: 50_000, targetRatioToCompromise: 35, targetSession600TurnsMs: 20 };
    });
  }
  if (only.includes('parsers')) {
    result.parsers = await section('parsers', async () => {
      const { runParserBench } = await import('./parsers.js');
      return runParserBench();
    });
  }
  if (quick) {
    const skipped = (['tagger', 'parsers', 'scaleout'] as const).filter((x) => !only.includes(x));
    if (skipped.length) result.skipped = `${skipped.join(', ')} (quick mode; name them with --only)`;
  }
  if (only.includes('job')) {
    result.job = await section('job breakdown', async () => {
      const { runJobBreakdown } = await import('./job-breakdown.js');
      return runJobBreakdown(quick ? { jobs: 10, turns: 600 } : { jobs: 60, turns: 600 });
    });
  }
  if (only.includes('pipeline')) {
    const { runPipeline } = await import('./pipeline.js');
    const big = quick ? { sessions: 40, turns: 100, dyads: 4 } : { sessions: 1000, turns: 600, dyads: 100 };
    const pipeline: Record<string, unknown> = { targetWallSeconds: 60, targetNote: '1,000 sessions × 600 turns on 2 cores' };
    pipeline.embedded = await section('pipeline: embedded (pnpm start)', () =>
      runPipeline({ stack: { kind: 'embedded', concurrency: 2 }, ...big, uploadConcurrency: 8 }),
    );
    pipeline.realPostgresRedis = await section('pipeline: Postgres + Redis (pnpm start)', () =>
      runPipeline({ stack: { kind: 'real-inprocess', concurrency: 2 }, ...big, uploadConcurrency: 8 }),
    );
    // Worker concurrency on 2 cores: one worker process beside the API, a smaller batch per setting.
    const sweep = quick ? [] : [1, 2, 4, 8];
    const sweepRuns: Record<string, unknown> = {};
    for (const c of sweep) {
      sweepRuns[`concurrency${c}`] = await section(`pipeline: 1 worker process, concurrency ${c}`, () =>
        runPipeline({ stack: { kind: 'real-split', workers: 1, concurrency: c }, sessions: 150, turns: 600, dyads: 15, uploadConcurrency: 8 }),
      );
    }
    if (sweep.length) pipeline.workerConcurrencySweep = sweepRuns;
    result.pipeline = pipeline;
  }
  if (only.includes('scaleout')) {
    result.scaleout = await section('scale-out: 1 vs 2 worker processes', async () => {
      const { runPipeline } = await import('./pipeline.js');
      const n = quick ? { sessions: 40, turns: 100, dyads: 4 } : { sessions: 300, turns: 600, dyads: 30 };
      const one = await runPipeline({ stack: { kind: 'real-split', workers: 1, concurrency: 2 }, ...n, uploadConcurrency: 8 });
      const two = await runPipeline({ stack: { kind: 'real-split', workers: 2, concurrency: 2 }, ...n, uploadConcurrency: 8 });
      // The same with the queue filled first and only the draining timed: the API no longer competes for the cores.
      const drainOne = await runPipeline({ stack: { kind: 'real-split', workers: 1, concurrency: 4 }, ...n, uploadConcurrency: 8, drain: true });
      const drainTwo = await runPipeline({ stack: { kind: 'real-split', workers: 2, concurrency: 4 }, ...n, uploadConcurrency: 8, drain: true });
      return {
        oneWorker: one,
        twoWorkers: two,
        speedup: round(two.uttPerSec / one.uttPerSec, 2),
        drainOneWorker: drainOne,
        drainTwoWorkers: drainTwo,
        drainSpeedup: round(drainTwo.uttPerSec / drainOne.uttPerSec, 2),
      };
    });
  }
  if (only.includes('memory')) {
    result.memory = await section('memory', async () => {
      const { runMemoryBench } = await import('./memory.js');
      return runMemoryBench(quick ? { bigMB: 1, files: 200, turnsPerFile: 100 } : { bigMB: 100, files: 10_000, turnsPerFile: 100 });
    });
  }
  if (only.includes('api')) {
    result.api = await section('api', async () => {
      const { runApiBench } = await import('./api.js');
      return runApiBench(quick ? { dyads: 200, sessions: 2000, durationSeconds: 2, connections: 10 } : { dyads: 10_000, sessions: 100_000, durationSeconds: 15, connections: 10 });
    });
  }
  if (only.includes('export')) {
    result.export = await section('export memory', async () => {
      const { runExportMemoryBench } = await import('./export-memory.js');
      return runExportMemoryBench({ utterances: quick ? 50_000 : 1_000_000 });
    });
  }
  result.totalSeconds = round((performance.now() - t0) / 1000, 1);
  result.loadAverageAtEnd = os.loadavg().map((x) => round(x, 2));

  const dir = fileURLToPath(new URL('./results/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  // A full run is bench/results/<date>.json (what the README quotes); quick or partial runs do not overwrite it.
  const full = !quick && SECTIONS.every((x) => only.includes(x));
  const suffix = full ? '' : `${quick ? '-quick' : ''}${SECTIONS.every((x) => only.includes(x) || (quick && (x === 'tagger' || x === 'parsers' || x === 'scaleout'))) ? '' : `-${only.join('+')}`}`;
  const file = out ?? `${dir}${started.toISOString().slice(0, 10)}${suffix}.json`;
  writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
  console.log(table(result));
  console.log(`\nwritten ${file}`);
}

// ---------------------------------------------------------------------------------------------------------------
function table(r: Record<string, any>): string {
  const rows: Array<[string, string, string]> = [];
  const add = (what: string, value: string, target = '') => rows.push([what, value, target]);
  const m = r.machine;
  const head = `Dyadic bench ${r.date.slice(0, 16)}Z (${r.mode}) — ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node}, Postgres ${m.postgres}, Redis ${m.redis}, commit ${m.commit}`;
  const ok = (cond: boolean) => (cond ? 'met' : 'MISSED');
  if (r.tagger) {
    const t = r.tagger;
    if (isErr(t)) add('tagger', 'error: ' + t.error.split('\n')[0], '');
    else {
      add('tagger, utt/s (1 core)', String(t.taggerUttPerSec), `≥ 20,000: ${ok(t.taggerUttPerSec >= 20000)}`);
      add('compromise nlp(), utt/s', String(t.compromiseNlpUttPerSec), '');
      add('natural WordTokenizer, utt/s', String(t.naturalWordTokenizerUttPerSec), '');
      add('tagger ÷ compromise (wall, all rounds)', `${t.ratioTaggerToCompromise}×`, `#10 ≥ 12×: ${ok(t.ratioTaggerToCompromise >= 12)}`);
      if (t.ratioTaggerToCompromiseMedian) add('tagger ÷ compromise (CPU, median round)', `${t.ratioTaggerToCompromiseMedian}×`, `#12 ≥ 35×: ${ok(t.ratioTaggerToCompromiseMedian >= 35)}`);
      add('tagger ÷ natural tokenizer', `${t.ratioTaggerToNaturalTokenizer}×`, '');
      if (t.cliUttPerSec) add('dyadic tag CLI, utt/s', String(t.cliUttPerSec), `#12 ≥ 50,000: ${ok(t.cliUttPerSec >= 50000)}`);
      if (t.cliCpuUttPerSec) add('dyadic tag CLI, utt/s of CPU', String(t.cliCpuUttPerSec), '');
      if (t.session600TurnsMs) add('one 600-turn session, ms', String(t.session600TurnsMs), `< 20: ${ok(t.session600TurnsMs < 20)}`);
    }
  }
  if (r.job) {
    const j = r.job;
    if (isErr(j)) add('job breakdown', 'error: ' + j.error.split('\n')[0], '');
    else {
      const p = j.perJobMs;
      const c = j.perJobCpuMs;
      add('one 600-turn job, worker CPU ms', `claim ${c.claim}, parse ${c.parse}, tag ${c.tag}, metrics ${c.metrics}, write ${c.writeUnnest}`, `= ${j.workerCoreJobsPerSec} jobs/s per core`);
      add('one 600-turn job, wall ms', `claim ${p.claim}, parse ${p.parse}, tag ${p.tag}, metrics ${p.metrics}, write ${p.writeUnnest}`, '');
      add('  Postgres CPU ms per job write', String(j.postgresBackendCpuMsPerJob.writeUnnest), `= ${j.postgresCoreJobsPerSec} jobs/s per core`);
      add('  write via jsonb_to_recordset', `wall ${p.writeJsonRecordset} ms, worker CPU ${c.writeJsonRecordset} ms, PG CPU ${j.postgresBackendCpuMsPerJob.writeJsonRecordset} ms`, `vs unnest ${p.writeUnnest} / ${c.writeUnnest} / ${j.postgresBackendCpuMsPerJob.writeUnnest}`);
    }
  }
  if (r.parsers) {
    const p = r.parsers;
    if (isErr(p)) add('parsers', 'error: ' + p.error.split('\n')[0], '');
    else for (const [k, v] of Object.entries(p.parserMBPerSec ?? {})) add(`parser ${k}, MB/s`, String(v), '');
  }
  const pipe = (label: string, x: PipelineResult | { error: string } | undefined, target = true) => {
    if (!x) return;
    if (isErr(x)) return add(label, 'error: ' + x.error.split('\n')[0], '');
    add(`${label}: wall`, `${x.wallSeconds} s for ${x.done}×${x.turnsPerSession} turns${x.failed ? ` (${x.failed} failed)` : ''}`, target && x.sessions >= 1000 ? `< 60 s: ${ok(x.wallSeconds < 60)}` : '');
    add(`${label}: utt/s`, `${x.uttPerSec} (${x.sessionsPerSec} sessions/s)`, '');
    add(`${label}: upload→done p50/p95`, `${x.uploadToDoneP50Ms} / ${x.uploadToDoneP95Ms} ms`, '');
  };
  if (r.pipeline) {
    pipe('pipeline embedded', r.pipeline.embedded);
    pipe('pipeline PG+Redis', r.pipeline.realPostgresRedis);
    for (const [k, v] of Object.entries(r.pipeline.workerConcurrencySweep ?? {})) {
      const x = v as PipelineResult | { error: string };
      if (isErr(x)) add(`1 worker ${k}`, 'error: ' + x.error.split('\n')[0], '');
      else add(`1 worker proc, ${k.replace('concurrency', 'concurrency ')}`, `${x.uttPerSec} utt/s, ${x.wallSeconds} s for ${x.done}`, '');
    }
  }
  if (r.scaleout) {
    const s = r.scaleout;
    if (isErr(s)) add('scale-out', 'error: ' + s.error.split('\n')[0], '');
    else {
      pipe('1 worker process', s.oneWorker, false);
      pipe('2 worker processes', s.twoWorkers, false);
      add('speedup 2 vs 1 workers', `${s.speedup}×`, 'near 2×');
      if (s.drainOneWorker && s.drainTwoWorkers) {
        pipe('drain, 1 worker process', s.drainOneWorker, false);
        pipe('drain, 2 worker processes', s.drainTwoWorkers, false);
        add('drain speedup 2 vs 1 workers', `${s.drainSpeedup}×`, 'near 2×');
      }
    }
  }
  if (r.memory) {
    const mm = r.memory;
    if (isErr(mm)) add('memory', 'error: ' + mm.error.split('\n')[0], '');
    else {
      const b = mm.bigTranscript;
      if (b?.error) add('memory big transcript', 'error: ' + String(b.error).split('\n')[0], '');
      else if (b) add(`peak RSS, ${b.fileMB} MB transcript`, `${b.peakMB} MB (after parse ${b.peakAfterParseMB} MB; ${b.turns} turns, ${b.seconds} s)`, `< 300 MB: ${ok(b.peakMB < 300)}`);
      const f = mm.folder;
      if (f?.error) add('memory folder', 'error: ' + String(f.error).split('\n')[0], '');
      else if (f) add(`peak RSS, ${f.files}-file folder`, `${f.peakMB} MB (${f.folderMB} MB, ${f.utterances} utt, ${f.seconds} s)`, `< 300 MB: ${ok(f.peakMB < 300)}`);
    }
  }
  if (r.api) {
    const a = r.api;
    if (isErr(a)) add('api', 'error: ' + a.error.split('\n')[0], '');
    else {
      for (const d of [a.dyadMetrics.oneConnection, a.dyadMetrics.loaded]) {
        add(`dyad metrics @ ${a.dyads} dyads/${a.sessions} sess., ${d.connections} conn`, `p50 ${d.p50Ms} ms, p99 ${d.p99Ms} ms, ${d.reqPerSec} req/s${d.non2xx ? `, ${d.non2xx} non-2xx` : ''}`, `p99 < 50 ms: ${ok(d.p99Ms < 50 && !d.non2xx)}`);
      }
      const o = a.programOverview;
      if (o?.status === 'pending' || !o?.oneConnection) add('program overview', `pending (${o?.note ?? 'not measured'})`, '');
      else
        for (const d of [o.oneConnection, o.loaded]) {
          add(`program overview (page of 50), ${d.connections} conn`, `p50 ${d.p50Ms} ms, p99 ${d.p99Ms} ms, ${d.reqPerSec} req/s${d.non2xx ? `, ${d.non2xx} non-2xx` : ''}`, `p99 < 50 ms: ${ok(d.p99Ms < 50 && !d.non2xx)}`);
        }
    }
  }
  if (r.export) {
    const e = r.export;
    if (isErr(e)) add('export', 'error: ' + e.error.split('\n')[0], '');
    else
      for (const [f, x] of Object.entries(e.formats ?? {}) as Array<[string, any]>) {
        if (x.error) add(`export ${f}`, 'error: ' + String(x.error).split('\n')[0], '');
        else add(`export ${x.rows} utterances, ${f}`, `peak RSS ${Math.max(x.peakRssMB, x.vmHWMMB)} MB (idle ${x.idleRssMB}), ${x.rowsPerSec} rows/s, ${x.mbPerSec} MB/s`, `< 300 MB: ${ok(x.underTarget)}`);
      }
  }
  const w = [0, 1, 2].map((i) => Math.max(...rows.map((row) => row[i]!.length), ['what', 'result', 'target'][i]!.length));
  const line = (c: string[]) => c.map((x, i) => x.padEnd(w[i]!)).join(' | ');
  return [head, '', line(['what', 'result', 'target']), w.map((n) => '-'.repeat(n)).join('-|-'), ...rows.map(line), '', `total ${r.totalSeconds} s`].join('\n');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
