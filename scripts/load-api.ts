/**
 * `pnpm load:api` (after `pnpm db:seed`): autocannon against the three read paths staff use most, on the database
 * in DATABASE_URL: dyad metrics, dyad trends and the program overview (first page). Prints p50/p99 per route and
 * writes bench/results/api-load-<date>.json. The API runs in this process with a real pool and queue (Redis when
 * REDIS_URL is set, else BullMQ's Postgres backend), exactly as `pnpm start:api` builds it.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { loadConfig } from '@dyadic/config';
import { createPool, ensureDefaultProgram, insertApiKey } from '@dyadic/db';
import { createQueue, queueBackendFrom } from '@dyadic/jobs';
import { CODEBOOK_VERSION } from '@dyadic/tagging';
import { buildApp } from '@dyadic/api';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '10' }, connections: { type: 'string', default: '10' } } });
const config = { ...loadConfig({ ...process.env, LOG_LEVEL: 'warn', DYADIC_RATE_LIMIT: '1000000' }) };
if (!config.databaseUrl) {
  console.error('load-api: set DATABASE_URL to a seeded database (pnpm db:seed)');
  process.exit(2);
}
const pool = createPool(config.databaseUrl, 20);
const queue = createQueue(queueBackendFrom({ redisUrl: config.redisUrl, databaseUrl: config.databaseUrl }), config.queueName);
const program = await ensureDefaultProgram(pool);
const { key, id: keyId } = await insertApiKey(pool, { programId: program.id, role: 'staff', name: 'load test' });
const app = await buildApp({ config, pool, queue, taggerVersion: CODEBOOK_VERSION });
const base = await app.listen({ port: 0, host: '127.0.0.1' });
const { rows } = await pool.query<{ id: string }>('select id from dyads where program_id = $1 order by random() limit 2000', [program.id]);
const counts = await pool.query<{ dyads: number; sessions: number }>(
  'select (select count(*) from dyads)::int as dyads, (select count(*) from transcripts)::int as sessions',
);
const ids = rows.map((r) => r.id);
let i = 0;
const pick = () => ids[i++ % ids.length]!;

async function run(name: string, path: () => string) {
  // Warm up caches (key verification, query plans) before measuring.
  await fetch(base + path(), { headers: { authorization: `Bearer ${key}` } }).then((r) => r.arrayBuffer());
  const result = await autocannon({
    url: base,
    connections: Number(values.connections),
    duration: Number(values.seconds),
    headers: { authorization: `Bearer ${key}` },
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: path() }) }],
  });
  const row = { route: name, requests: result.requests.total, rps: Math.round(result.requests.average), p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors };
  console.log(`${name.padEnd(34)} p50 ${String(row.p50).padStart(4)} ms  p99 ${String(row.p99).padStart(4)} ms  ${row.rps} req/s  non-2xx ${row.non2xx}`);
  return row;
}

console.log(`API load: ${counts.rows[0]!.dyads} dyads / ${counts.rows[0]!.sessions} sessions, ${values.connections} connections, ${values.seconds} s per route`);
const results = [
  await run('GET /api/v1/dyads/:id/metrics', () => `/api/v1/dyads/${pick()}/metrics`),
  await run('GET /api/v1/dyads/:id/trends', () => `/api/v1/dyads/${pick()}/trends`),
  await run('GET /api/v1/programs/:id/overview', () => `/api/v1/programs/${program.id}/overview?sort=${['key', 'reciprocationRate', 'lastSessionDate', 'sdSlope'][i++ % 4]}&order=desc&limit=50`),
];
await app.close();
await queue.close();
await pool.query('delete from api_keys where id = $1', [keyId]);
await pool.end();
const date = new Date().toISOString().slice(0, 10);
await mkdir('bench/results', { recursive: true });
console.log(`load average during the run: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
await writeFile(
  `bench/results/api-load-${date}.json`,
  JSON.stringify({ date, machine: { cpu: os.cpus()[0]?.model, cores: os.cpus().length, memGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, loadavg: os.loadavg().map((x) => Math.round(x * 100) / 100) }, data: counts.rows[0], connections: Number(values.connections), seconds: Number(values.seconds), results }, null, 2) + '\n',
);
