/**
 * `pnpm start:worker`: the worker as its own process (deployment). Needs DATABASE_URL; uses Redis when REDIS_URL
 * is set, else BullMQ's Postgres backend in the same database.
 */
import closeWithGrace from 'close-with-grace';
import { loadConfig, ConfigError } from '@dyadic/config';
import { createPool, migrate, waitForDatabase } from '@dyadic/db';
import { createQueue, queueBackendFrom } from '@dyadic/jobs';
import { startWorker } from './worker.js';

let config;
try {
  config = loadConfig();
  if (!config.databaseUrl) throw new ConfigError('DATABASE_URL is required for a separate worker (pnpm start runs everything embedded)');
} catch (err) {
  console.error(`dyadic worker: ${(err as Error).message}`);
  process.exit(1);
}
const databaseUrl = config.databaseUrl!;
const pool = createPool(databaseUrl, config.workerConcurrency + 2);
await waitForDatabase(pool, { onRetry: (err) => console.error(JSON.stringify({ level: 'warn', msg: 'waiting for the database', err: err.message })) });
await migrate(pool);
const backend = queueBackendFrom({ redisUrl: config.redisUrl, databaseUrl });
const sweepQueue = createQueue(backend, config.queueName);
const log = {
  info: (o: object, m?: string) => console.log(JSON.stringify({ level: 'info', msg: m, ...o })),
  error: (o: object, m?: string) => console.error(JSON.stringify({ level: 'error', msg: m, ...o })),
};
const running = startWorker({ pool, backend, queueName: config.queueName, concurrency: config.workerConcurrency, log, queue: sweepQueue, stalledIntervalMs: config.workerStalledMs });
log.info({ queue: config.queueName, backend: backend.kind }, 'worker started');

closeWithGrace({ delay: 30_000 }, async ({ err }) => {
  if (err) log.error({ err: err.message }, 'worker shutting down after error');
  await running.close();
  await sweepQueue.close();
  await pool.end();
});
