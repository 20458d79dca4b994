/**
 * `pnpm db:seed --dyads 10000 --sessions 10 [--program slug]`: fill a database with synthetic dyads and processed
 * sessions for load tests and demos (DATABASE_URL, else the embedded database). Sessions are real tagger output over
 * generated conversations, so every stored metric is one the pipeline could have produced; dyad metrics are then
 * recomputed exactly as the worker does.
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '@dyadic/config';
import { createPool, ensureDefaultProgram, getProgramBySlug, createProgram, migrate, recomputeDyadMetrics, startEmbeddedPostgres, withTransaction } from '@dyadic/db';
import { loadCodebook, tagConversation, type UtteranceInput } from '@dyadic/tagging';
import { computeSessionMetrics, METRICS_VERSION } from '@dyadic/metrics';

const { values } = parseArgs({
  options: { dyads: { type: 'string', default: '100' }, sessions: { type: 'string', default: '10' }, program: { type: 'string' } },
});
const dyads = Number(values.dyads);
const perDyad = Number(values.sessions);
if (!Number.isInteger(dyads) || dyads < 1 || !Number.isInteger(perDyad) || perDyad < 1) {
  console.error('usage: pnpm db:seed --dyads N --sessions M   (sessions per dyad)');
  process.exit(2);
}

// Our own sentences (never evaluation data), mixed per session so rates and trends vary between dyads.
const MENTEE = ['I was nervous at school today.', 'Good.', 'I like my job at the store.', 'My mom is sick.', 'Yeah.', 'I felt sad after practice.', 'I want to live on my own.', 'No.', 'I got a new phone.', 'I am happy today.', 'The bus was late.', 'Me scared of the test.'];
const MENTOR = ['How was your week?', 'I was nervous at my first job too.', 'You should ask your teacher.', 'That sounds hard.', 'Cool.', 'Try taking a deep breath.', 'I like my job too.', 'What happened next?', 'I am proud of you.', 'Have you tried calling him?'];

function session(seed: number, turns: number): UtteranceInput[] {
  let x = seed * 2654435761 % 4294967296;
  const next = () => (x = (x * 1664525 + 1013904223) % 4294967296) / 4294967296;
  return Array.from({ length: turns }, (_, i) => {
    const mentee = i % 2 === 1;
    const pool = mentee ? MENTEE : MENTOR;
    return { turn: i, speaker: mentee ? 'mentee' : 'mentor', text: pool[Math.floor(next() * pool.length)]! };
  });
}

const config = loadConfig();
const embedded = config.databaseUrl ? null : await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort });
const pool = createPool(config.databaseUrl ?? embedded!.url, 8);
const t0 = performance.now();
try {
  await migrate(pool);
  const program = values.program
    ? (await getProgramBySlug(pool, values.program)) ?? (await createProgram(pool, { slug: values.program, name: values.program }))!
    : await ensureDefaultProgram(pool);
  const codebook = loadCodebook();
  const samples = Array.from({ length: 32 }, (_, i) => JSON.stringify(computeSessionMetrics(tagConversation(session(i + 1, 40 + (i % 7) * 20), codebook))));
  const runId = Date.now().toString(36);
  const BATCH = 500;
  const dyadIds: string[] = [];
  for (let i = 0; i < dyads; i += BATCH) {
    const n = Math.min(BATCH, dyads - i);
    await withTransaction(pool, async (client) => {
      const keys = Array.from({ length: n }, (_, j) => `seed-${runId}-${String(i + j).padStart(6, '0')}`);
      const { rows } = await client.query<{ id: string }>(
        `insert into dyads (program_id, key, speaker_roles) select $1, k, '{"mentor":"mentor","mentee":"mentee"}' from unnest($2::text[]) k returning id`,
        [program.id, keys],
      );
      const ids = rows.map((r) => r.id);
      dyadIds.push(...ids);
      const dyadCol: string[] = [], dates: string[] = [], metrics: string[] = [], shas: string[] = [];
      ids.forEach((id, j) => {
        for (let s = 0; s < perDyad; s++) {
          dyadCol.push(id);
          dates.push(new Date(Date.UTC(2026, 0, 5) + (s * 7 + ((i + j) % 5)) * 86_400_000).toISOString().slice(0, 10));
          metrics.push(samples[(i + j + s * 7) % samples.length]!);
          shas.push(`seed-${i + j}-${s}`);
        }
      });
      await client.query(
        `with t as (
           insert into transcripts (dyad_id, session_date, filename, format, content_sha256, speaker_roles, status, tagger_version, utterance_count, processed_at)
           select d, s, 'seed.txt', 'txt', h, '{}', 'done', $5, 0, now() from unnest($1::uuid[], $2::date[], $3::text[]) as x(d, s, h)
           returning id, dyad_id, session_date, content_sha256)
         insert into session_metrics (transcript_id, dyad_id, session_date, tagger_version, metrics_version, metrics)
         select t.id, t.dyad_id, t.session_date, $5, $6, m.metrics
         from t join unnest($3::text[], $4::jsonb[]) as m(h, metrics) on m.h = t.content_sha256`,
        [dyadCol, dates, shas, metrics, codebook.version, METRICS_VERSION],
      );
    });
    process.stderr.write(`\rdyads ${Math.min(i + BATCH, dyads)}/${dyads}`);
  }
  process.stderr.write('\n');
  // Dyad summaries, trends and alerts, exactly as the worker computes them, four at a time.
  let done = 0;
  const work = async () => {
    for (let id = dyadIds.pop(); id; id = dyadIds.pop()) {
      await withTransaction(pool, (client) => recomputeDyadMetrics(client, id));
      if (++done % 500 === 0) process.stderr.write(`\rdyad metrics ${done}/${dyads}`);
    }
  };
  await Promise.all([work(), work(), work(), work()]);
  process.stderr.write('\n');
  await pool.query("analyze");
  console.log(JSON.stringify({ program: program.slug, dyads, sessions: dyads * perDyad, seconds: Math.round((performance.now() - t0) / 100) / 10 }));
} finally {
  await pool.end();
  await embedded?.stop();
}
