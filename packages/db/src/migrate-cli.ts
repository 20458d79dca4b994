/** `pnpm db:migrate`: apply pending migrations to DATABASE_URL (or the embedded database). */
import { loadConfig } from '@dyadic/config';
import { createPool } from './pool.js';
import { migrate } from './migrate.js';
import { startEmbeddedPostgres } from './embedded.js';

const config = loadConfig();
const embedded = config.databaseUrl ? null : await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort });
const pool = createPool(config.databaseUrl ?? embedded!.url, 2);
try {
  const applied = await migrate(pool);
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
} finally {
  await pool.end();
  await embedded?.stop();
}
