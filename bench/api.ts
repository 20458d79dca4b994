/**
 * API read latency at scale: a fresh database seeded directly with SQL (`unnest` batches) with `dyads` dyads and
 * `sessions` processed sessions whose session_metrics JSON comes from `computeSessionMetrics` over tagged sample
 * sessions (varied: 24 different generated sessions), then the real API process (`services/api/src/server.ts`, which
 * uses `buildApp`) and autocannon against `GET /api/v1/dyads/:id/metrics` with a random dyad per request.
 * Stored dyad metrics (`dyad_metrics`, read by the overview) are filled with the library's `recomputeDyadMetrics`,
 * as the worker does after each session. Then `GET /api/v1/programs/:id/overview` (first page of 50, a random sort
 * and order per request). The rate limit is lifted for the run (DYADIC_RATE_LIMIT).
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import autocannon from 'autocannon';
import { parseTranscript } from '@dyadic/transcript';
import { loadCodebook, tagConversation, type Speaker } from '@dyadic/tagging';
import { computeSessionMetrics, METRICS_VERSION } from '@dyadic/metrics';
import { CODEBOOK_VERSION } from '@dyadic/tagging';
import { round, rng, sessionText } from './lib/corpus.js';
import { BENCH_KEY, createBenchDatabase, freePort, obliterateRedisQueue, REDIS_URL, spawnTs, uniqueQueue, waitHealthy } from './lib/stack.js';

async function sampleMetrics(n: number): Promise<string[]> {
  const cb = loadCodebook();
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const turns = 200 + ((i * 97) % 500);
    const parsed = await parseTranscript(Buffer.from(sessionText(70_000 + i, turns)), { filename: 's.txt' });
    const tagged = tagConversation(
      parsed.turns.map((t) => ({ turn: t.index, speaker: (t.speaker === 'Mentor' ? 'mentor' : 'mentee') as Speaker, text: t.text })),
      cb,
    );
    out.push(JSON.stringify(computeSessionMetrics(tagged, { durationSeconds: 1800 + i * 60 })));
  }
  return out;
}

export async function seed(url: string, opts: { dyads: number; sessions: number }): Promise<{ dyadIds: string[]; programId: string; recomputed: number; seconds: number; metricsJsonBytes: number }> {
  const t0 = performance.now();
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  try {
    const { migrate } = await import('@dyadic/db');
    await migrate(pool);
    const program = await pool.query<{ id: string }>(`insert into programs (slug, name) values ('default', 'Default program') returning id`);
    const programId = program.rows[0]!.id;
    const samples = await sampleMetrics(24);
    const dyadIds: string[] = [];
    const B = 5000;
    for (let i = 0; i < opts.dyads; i += B) {
      const keys = Array.from({ length: Math.min(B, opts.dyads - i) }, (_, j) => `seed-${String(i + j).padStart(6, '0')}`);
      const { rows } = await pool.query<{ id: string }>(
        `insert into dyads (program_id, key, speaker_roles) select $1, k, '{"mentor":"mentor","mentee":"mentee"}' from unnest($2::text[]) k returning id`,
        [programId, keys],
      );
      dyadIds.push(...rows.map((r) => r.id));
    }
    // The 24 sample metrics documents go in once; each session row references one by index (no 5 KB per row on the wire).
    await pool.query('create temporary table bench_samples (i int primary key, m jsonb not null)');
    await pool.query('insert into bench_samples select i - 1, m from unnest($1::jsonb[]) with ordinality as x(m, i)', [samples]);
    const totals = samples.map((m) => (JSON.parse(m) as { counts: { utterances: { total: number } } }).counts.utterances.total);
    const r = rng(42);
    const base = Date.UTC(2024, 0, 1);
    const perDyad = Math.floor(opts.sessions / opts.dyads);
    let n = 0;
    while (n < opts.sessions) {
      const count = Math.min(B, opts.sessions - n);
      const dy: string[] = [];
      const dates: string[] = [];
      const shas: string[] = [];
      const utt: number[] = [];
      const sample: number[] = [];
      for (let j = 0; j < count; j++) {
        const k = n + j;
        const d = k % opts.dyads;
        const week = Math.floor(k / opts.dyads) % Math.max(1, perDyad + 1);
        dy.push(dyadIds[d]!);
        dates.push(new Date(base + (week * 7 + (d % 7)) * 86_400_000).toISOString().slice(0, 10));
        shas.push(randomBytes(32).toString('hex'));
        const k2 = Math.floor(r() * samples.length);
        sample.push(k2);
        utt.push(totals[k2]!);
      }
      await pool.query(
        `with t as (
           insert into transcripts (dyad_id, session_date, filename, format, content_sha256, speaker_roles, status, tagger_version, utterance_count, attempts, processed_at)
           select d, dt, 'session.txt', 'txt', sha, '{"Mentor":"mentor","Mentee":"mentee"}', 'done', $5, u, 1, now()
           from unnest($1::uuid[], $2::date[], $3::text[], $4::int[]) as x(d, dt, sha, u)
           returning id, dyad_id, session_date, content_sha256)
         insert into session_metrics (transcript_id, dyad_id, session_date, tagger_version, metrics_version, metrics)
         select t.id, t.dyad_id, t.session_date, $5, $6, bs.m
         from t join unnest($3::text[], $7::int[]) as x(sha, i) on x.sha = t.content_sha256 join bench_samples bs on bs.i = x.i`,
        [dy, dates, shas, utt, CODEBOOK_VERSION, METRICS_VERSION, sample],
      );
      n += count;
    }
    await pool.query('analyze'); // fresh tables: without statistics the per-dyad queries below plan as full scans
    // The overview reads dyad_metrics: fill it the way the worker does after a session (library function).
    const db = (await import('@dyadic/db')) as Record<string, unknown>;
    const recompute = db.recomputeDyadMetrics as ((q: pg.PoolClient, id: string) => Promise<unknown>) | undefined;
    let recomputed = 0;
    if (recompute) {
      let next = 0;
      await Promise.all(
        [0, 1].map(async () => {
          const client = await pool.connect();
          try {
            for (let i = next; i < dyadIds.length; i = next) {
              const chunk = dyadIds.slice(i, (next = i + 200));
              await client.query('begin');
              for (const id of chunk) await recompute(client, id);
              await client.query('commit');
              recomputed += chunk.length;
            }
          } finally {
            client.release();
          }
        }),
      );
    }
    await pool.query('analyze');
    return { dyadIds, programId, recomputed, seconds: round((performance.now() - t0) / 1000, 1), metricsJsonBytes: Math.round(samples.reduce((a, s) => a + s.length, 0) / samples.length) };
  } finally {
    await pool.end();
  }
}

export async function runApiBench(opts: { dyads: number; sessions: number; durationSeconds: number; connections: number }): Promise<Record<string, unknown>> {
  const db = await createBenchDatabase('dyadic_bench_api');
  const queue = uniqueQueue();
  let api: ReturnType<typeof spawnTs> | undefined;
  try {
    const seeded = await seed(db.url, opts);
    const port = await freePort();
    api = spawnTs('api', 'services/api/src/server.ts', { PORT: String(port), DATABASE_URL: db.url, REDIS_URL, DYADIC_QUEUE: queue, DYADIC_BOOTSTRAP_KEY: BENCH_KEY, LOG_LEVEL: 'warn', DYADIC_RATE_LIMIT: '1000000' });
    const baseUrl = `http://127.0.0.1:${port}`;
    await Promise.race([waitHealthy(baseUrl, 60_000), api.died]);
    const headers = { authorization: `Bearer ${BENCH_KEY}` };
    const ids = seeded.dyadIds;
    const r = rng(7);
    const sample = await fetch(`${baseUrl}/api/v1/dyads/${ids[0]}/metrics`, { headers });
    const body = await sample.text();
    if (!sample.ok) throw new Error(`metrics route answered ${sample.status}: ${body.slice(0, 300)}`);
    const statuses: Record<string, number> = {};
    let firstBad = '';
    const metricsPath = () => `/api/v1/dyads/${ids[Math.floor(r() * ids.length)]}/metrics`;
    const SORTS = ['key', 'lastSessionDate', 'sessions', 'sdRate', 'emotionShare', 'adviceAfterDisclosureRate', 'reciprocationRate', 'sdSlope', 'reciprocationSlope', 'alerts'];
    const overviewPath = () => `/api/v1/programs/${seeded.programId}/overview?sort=${SORTS[Math.floor(r() * SORTS.length)]}&order=${r() < 0.5 ? 'asc' : 'desc'}`;
    const run = (duration: number, connections: number, path: () => string) =>
      autocannon({
        url: baseUrl,
        connections,
        duration,
        headers,
        requests: [
          {
            method: 'GET',
            setupRequest: (req) => ({ ...req, headers, path: path() }),
            onResponse: (status, b) => {
              statuses[status] = (statuses[status] ?? 0) + 1;
              if (status !== 200 && !firstBad) firstBad = `${status} ${String(b).slice(0, 300)}`;
            },
          },
        ],
      });
    await run(Math.min(3, opts.durationSeconds), opts.connections, metricsPath); // warm-up (JIT, Postgres cache)
    const measure = async (connections: number, path: () => string) => {
      for (const k of Object.keys(statuses)) delete statuses[k];
      firstBad = '';
      const res = await run(opts.durationSeconds, connections, path);
      return {
        connections,
        durationSeconds: opts.durationSeconds,
        requests: res.requests.total,
        reqPerSec: round(res.requests.average, 0),
        p50Ms: res.latency.p50,
        p90Ms: res.latency.p90,
        p99Ms: res.latency.p99,
        maxMs: res.latency.max,
        errors: res.errors,
        timeouts: res.timeouts,
        non2xx: res.non2xx,
        statuses: { ...statuses },
        ...(firstBad ? { firstNon200: firstBad } : {}),
      };
    };
    const single = await measure(1, metricsPath);
    const loaded = await measure(opts.connections, metricsPath);
    let overview: Record<string, unknown>;
    const ov = await fetch(`${baseUrl}${overviewPath()}`, { headers });
    const ovBody = await ov.text();
    if (ov.ok) {
      await run(Math.min(3, opts.durationSeconds), opts.connections, overviewPath);
      overview = {
        route: 'GET /api/v1/programs/:id/overview (first page of 50, random sort/order)',
        responseBytes: ovBody.length,
        oneConnection: await measure(1, overviewPath),
        loaded: await measure(opts.connections, overviewPath),
      };
    } else {
      overview = { status: 'pending', note: `overview answered ${ov.status}: ${ovBody.slice(0, 200)}` };
    }
    return {
      dyads: opts.dyads,
      sessions: opts.sessions,
      seedSeconds: seeded.seconds,
      sessionMetricsJsonBytes: seeded.metricsJsonBytes,
      dyadMetrics: {
        route: 'GET /api/v1/dyads/:id/metrics (random dyad)',
        responseBytes: body.length,
        sessionsPerDyad: Math.floor(opts.sessions / opts.dyads),
        oneConnection: single,
        loaded,
      },
      dyadMetricsRecomputed: seeded.recomputed,
      programOverview: overview,
      targetP99Ms: 50,
    };
  } finally {
    await api?.stop();
    await obliterateRedisQueue(queue).catch(() => {});
    await db.drop().catch(() => {});
  }
}

if (process.argv[1] && import.meta.url === `file://${process.argv[1]}`) {
  const [dyads = '1000', sessions = '10000', dur = '5'] = process.argv.slice(2);
  runApiBench({ dyads: Number(dyads), sessions: Number(sessions), durationSeconds: Number(dur), connections: 10 }).then(
    (r) => console.log(JSON.stringify(r, null, 2)),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
