/**
 * Where one job's time goes: the steps of `processTranscript` (services/worker/src/process-transcript.ts) run one
 * transcript at a time against a fresh database on the machine's Postgres, timed per step: claim (read the upload),
 * parse, tag, session metrics, and the write transaction (replace utterances via `unnest`, upsert metrics, complete).
 * Wall time and CPU time are both kept: on a busy machine wall time includes waiting for a core, CPU time does
 * not. The Postgres backend's CPU time for the write is read from /proc (local server only).
 * The write is also timed with a variant (bench-local, same rows, same table) that sends the rows as one JSON
 * document expanded by `jsonb_to_recordset`, to size the gain of avoiding pg's per-element array-literal escaping.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import {
  claimTranscript,
  completeTranscript,
  createPool,
  ensureDefaultProgram,
  findOrCreateDyad,
  insertTranscriptWithUpload,
  migrate,
  replaceUtterances,
  upsertSessionMetrics,
  withTransaction,
} from '@dyadic/db';
import { parseTranscript } from '@dyadic/transcript';
import { loadCodebook, tagConversation, type UtteranceInput } from '@dyadic/tagging';
import { computeSessionMetrics, METRICS_VERSION } from '@dyadic/metrics';
import type { Role } from '@dyadic/domain';
import { round, sessions } from './lib/corpus.js';
import { createBenchDatabase } from './lib/stack.js';

export async function runJobBreakdown(opts: { jobs: number; turns: number }): Promise<Record<string, unknown>> {
  const db = await createBenchDatabase('dyadic_bench_job');
  // One connection, so one Postgres backend does all of it and its CPU time can be read from /proc.
  const pool = createPool(db.url, 1);
  try {
    await migrate(pool);
    const program = await ensureDefaultProgram(pool);
    const list = sessions(opts.jobs, { dyads: Math.max(1, Math.floor(opts.jobs / 10)), turns: opts.turns, seed: 3 });
    const ids: string[] = [];
    for (const s of list) {
      const dyad = await findOrCreateDyad(pool, program.id, s.dyad);
      const t = await insertTranscriptWithUpload(pool, {
        dyadId: dyad.id, sessionDate: s.sessionDate, filename: s.filename, format: 'txt', sha256: s.filename,
        speakerRoles: { Mentor: 'mentor', Mentee: 'mentee' }, content: Buffer.from(s.text),
      });
      ids.push(t.id);
    }
    const cb = loadCodebook();
    const backendPid = (await pool.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
    const backendCpuMs = () => {
      try {
        const f = readFileSync(`/proc/${backendPid}/stat`, 'utf8').split(') ')[1]!.split(' ');
        return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime + stime, clock ticks (100 Hz)
      } catch {
        return NaN;
      }
    };
    const cpu = () => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1000;
    };
    const cpuSteps = { claim: 0, parse: 0, tag: 0, metrics: 0, writeUnnest: 0, writeJsonRecordset: 0 };
    let pgCpuUnnest = 0;
    let pgCpuJson = 0;
    const steps = { claim: 0, parse: 0, tag: 0, metrics: 0, writeUnnest: 0, writeJsonRecordset: 0 };
    let utterances = 0;
    const warm = 3;
    for (const [i, id] of ids.entries()) {
      const ca = cpu();
      const a = performance.now();
      const t = (await claimTranscript(pool, id))!;
      const b = performance.now();
      const cb0 = cpu();
      const parsed = await parseTranscript(new Uint8Array(t.content), { filename: t.filename });
      const c = performance.now();
      const cc = cpu();
      const roleOf = (sp: string): Role => t.speakerRoles[sp] ?? 'other';
      const input: UtteranceInput[] = parsed.turns.map((turn) => ({ turn: turn.index, speaker: roleOf(turn.speaker), text: turn.text }));
      const tagged = tagConversation(input, cb);
      const d = performance.now();
      const cd = cpu();
      const metrics = computeSessionMetrics(tagged, {});
      const e = performance.now();
      const ce = cpu();
      const pg0 = backendCpuMs();
      await withTransaction(pool, async (client) => {
        await replaceUtterances(client, t.id, tagged.map((u, k) => ({ speakerName: parsed.turns[k]!.speaker, tagged: u })));
        await upsertSessionMetrics(client, { transcriptId: t.id, dyadId: t.dyadId, sessionDate: t.sessionDate, taggerVersion: cb.version, metricsVersion: METRICS_VERSION, metrics });
        await completeTranscript(client, t.id, { taggerVersion: cb.version, utteranceCount: tagged.length });
      });
      const f = performance.now();
      const cf = cpu();
      const pg1 = backendCpuMs();
      // The same rows written again through one jsonb parameter (replace: delete then insert, committed).
      const rows = tagged.map((u, k) => ({
        turn: u.turn, speaker: parsed.turns[k]!.speaker, role: u.speaker, text: u.text, start_s: u.start ?? null, end_s: u.end ?? null,
        sd: u.tags.selfDisclosure, emo: u.tags.emotion, adv: u.tags.advice, rec: u.tags.reciprocatedDisclosure, detail: u.detail, evidence: u.evidence,
      }));
      const h = performance.now();
      const ch = cpu();
      await withTransaction(pool, async (client) => {
        await client.query('delete from utterances where transcript_id = $1', [t.id]);
        await client.query(
          `insert into utterances (transcript_id, turn, speaker, role, text, start_s, end_s, self_disclosure, emotion, advice, reciprocated_disclosure, detail, evidence)
           select $1, turn, speaker, role, text, start_s, end_s, sd, emo, adv, rec, detail, evidence
           from jsonb_to_recordset($2::jsonb) as r(turn int, speaker text, role text, text text, start_s float8, end_s float8,
             sd bool, emo bool, adv bool, rec bool, detail jsonb, evidence jsonb)`,
          [t.id, JSON.stringify(rows)],
        );
      });
      const jsonWrite = performance.now() - h;
      const jsonCpu = cpu() - ch;
      const pg2 = backendCpuMs();
      if (i < warm) continue;
      steps.claim += b - a;
      steps.parse += c - b;
      steps.tag += d - c;
      steps.metrics += e - d;
      steps.writeUnnest += f - e;
      steps.writeJsonRecordset += jsonWrite;
      cpuSteps.claim += cb0 - ca;
      cpuSteps.parse += cc - cb0;
      cpuSteps.tag += cd - cc;
      cpuSteps.metrics += ce - cd;
      cpuSteps.writeUnnest += cf - ce;
      cpuSteps.writeJsonRecordset += jsonCpu;
      pgCpuUnnest += pg1 - pg0;
      pgCpuJson += pg2 - pg1;
      utterances += tagged.length;
    }
    const n = ids.length - warm;
    const perJob = Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, round(v / n, 1)]));
    const total = steps.claim + steps.parse + steps.tag + steps.metrics + steps.writeUnnest;
    const share = Object.fromEntries(
      (['claim', 'parse', 'tag', 'metrics', 'writeUnnest'] as const).map((k) => [k, `${round((100 * steps[k]) / total, 0)}%`]),
    );
    const bytes = await pool.query<{ utt: string; tot: string }>(
      `select pg_size_pretty(pg_total_relation_size('utterances')) as tot, (select count(*) from utterances)::text as utt`,
    );
    const perJobCpu = Object.fromEntries(Object.entries(cpuSteps).map(([k, v]) => [k, round(v / n, 1)]));
    const workerCpuPerJob = cpuSteps.claim + cpuSteps.parse + cpuSteps.tag + cpuSteps.metrics + cpuSteps.writeUnnest;
    return {
      jobs: n,
      turnsPerJob: opts.turns,
      perJobMs: perJob,
      perJobCpuMs: perJobCpu,
      postgresBackendCpuMsPerJob: { writeUnnest: round(pgCpuUnnest / n, 1), writeJsonRecordset: round(pgCpuJson / n, 1) },
      workerCpuMsPerJob: round(workerCpuPerJob / n, 1),
      /** One worker process on one free core, if Postgres keeps up: jobs/s = 1000 / worker CPU ms per job. */
      workerCoreJobsPerSec: round((1000 * n) / workerCpuPerJob, 1),
      postgresCoreJobsPerSec: round((1000 * n) / pgCpuUnnest, 1),
      share,
      serialUttPerSec: Math.round(utterances / (total / 1000)),
      utterancesTableSize: bytes.rows[0]!.tot,
      note: 'writeJsonRecordset = the same rows through one jsonb_to_recordset parameter (excluded from share)',
    };
  } finally {
    await pool.end();
    await db.drop();
  }
}


if (process.argv[1] && import.meta.url === `file://${process.argv[1]}`) {
  runJobBreakdown({ jobs: Number(process.argv[2] ?? 40), turns: Number(process.argv[3] ?? 600) }).then((r) => console.log(JSON.stringify(r, null, 2)));
}
