/**
 * `pnpm start:api`: the API as its own process (deployment). Needs DATABASE_URL; the queue is Redis when REDIS_URL
 * is set, else BullMQ's Postgres backend in the same database. Run `pnpm start:worker` beside it.
 */
import closeWithGrace from 'close-with-grace';
import { loadConfig, ConfigError, type Config } from '@dyadic/config';
import { createPool, waitForDatabase } from '@dyadic/db';
import { createQueue, queueBackendFrom } from '@dyadic/jobs';
import { CODEBOOK_VERSION } from '@dyadic/tagging';
import { buildApp } from './build.js';
import { bootstrap } from './bootstrap.js';

let config: Config;
try {
  config = loadConfig();
  if (!config.databaseUrl) throw new ConfigError('DATABASE_URL is required for a separate API process (pnpm start runs everything embedded)');
} catch (err) {
  console.error(`dyadic api: ${(err as Error).message}`);
  process.exit(1);
}
const databaseUrl = config.databaseUrl!;
const pool = createPool(databaseUrl, 20);
await waitForDatabase(pool, { onRetry: (err) => console.error(`dyadic api: waiting for the database (${err.message})`) });
const { generatedKey } = await bootstrap(pool, config);
const queue = createQueue(queueBackendFrom({ redisUrl: config.redisUrl, databaseUrl }), config.queueName);
const app = await buildApp({ config, pool, queue, taggerVersion: CODEBOOK_VERSION });
await app.listen({ port: config.port, host: config.host });
if (generatedKey) console.log(`\nAdmin API key (shown once, store it now): ${generatedKey}\n`);

closeWithGrace({ delay: 30_000 }, async ({ err }) => {
  if (err) app.log.error({ err }, 'shutting down after error');
  await app.close();
  await queue.close();
  await pool.end();
});
