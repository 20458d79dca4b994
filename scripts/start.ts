/**
 * `pnpm start`: everything in one process, nothing to install. Without DATABASE_URL it starts embedded Postgres
 * under DYADIC_DATA_DIR; without REDIS_URL the queue is BullMQ's Postgres backend. Then migrations, the API and an
 * in-process worker.
 */
import closeWithGrace from 'close-with-grace';
import { loadConfig } from '@dyadic/config';
import { createPool, startEmbeddedPostgres } from '@dyadic/db';
import { createQueue, queueBackendFrom } from '@dyadic/jobs';
import { CODEBOOK_VERSION } from '@dyadic/tagging';
import { buildApp, bootstrap } from '@dyadic/api';
import { startWorker } from '@dyadic/worker';

let config;
try {
  config = loadConfig();
} catch (err) {
  console.error(`dyadic: ${(err as Error).message}`);
  process.exit(1);
}

const embedded = config.databaseUrl
  ? null
  : await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort }).catch((err: Error) => {
      console.error(`dyadic: could not start embedded Postgres in ${config.dataDir}: ${err.message}`);
      process.exit(1);
    });
const databaseUrl = config.databaseUrl ?? embedded!.url;
const pool = createPool(databaseUrl, 20);
const { generatedKey, createdAdmin } = await bootstrap(pool, config);
const backend = queueBackendFrom({ redisUrl: config.redisUrl, databaseUrl });
const queue = createQueue(backend, config.queueName);
const app = await buildApp({ config, pool, queue, taggerVersion: CODEBOOK_VERSION });
const worker = startWorker({
  pool,
  backend,
  queueName: config.queueName,
  concurrency: config.workerConcurrency,
  stalledIntervalMs: config.workerStalledMs,
  log: app.log,
  queue,
});
const address = await app.listen({ port: config.port, host: config.host });

const lines = [
  '',
  `Dyadic is running at ${address}`,
  `  API docs:  ${address}/docs`,
  `  database:  ${embedded ? `embedded Postgres (data in ${config.dataDir})` : 'DATABASE_URL'}`,
  `  queue:     ${backend.kind === 'redis' ? 'Redis (REDIS_URL)' : 'BullMQ on Postgres'}`,
];
if (generatedKey) lines.push('', `  Admin API key (shown once, store it now): ${generatedKey}`);
else if (createdAdmin) lines.push('', '  Admin API key: the value of DYADIC_BOOTSTRAP_KEY');
else lines.push('', '  Authenticate with an existing API key.');
lines.push(`  Use it as:  curl -H "Authorization: Bearer <key>" ${address}/api/v1/dyads`, '');
console.log(lines.join('\n'));

closeWithGrace({ delay: 30_000 }, async ({ err }) => {
  if (err) app.log.error({ err }, 'shutting down after error');
  await app.close();
  await worker.close();
  await queue.close();
  await pool.end();
  await embedded?.stop();
});
