import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { withClient } from './pool.js';

const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations/', import.meta.url));
// Any fixed number: serialises concurrent migrators (API and worker starting together).
const LOCK_KEY = 7_316_101;

/**
 * Apply numbered, append-only SQL files (`0001_name.sql`) in order, each in its own transaction, recorded in
 * `dyadic_migrations`. Safe to call from several processes at once. Returns the names applied now.
 */
export async function migrate(pool: pg.Pool): Promise<string[]> {
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f)).sort();
  return withClient(pool, async (client) => {
    const applied: string[] = [];
    await client.query('select pg_advisory_lock($1)', [LOCK_KEY]);
    try {
      await client.query(
        'create table if not exists dyadic_migrations (name text primary key, applied_at timestamptz not null default now())',
      );
      const done = new Set((await client.query<{ name: string }>('select name from dyadic_migrations')).rows.map((r) => r.name));
      for (const file of files) {
        if (done.has(file)) continue;
        const sql = await readFile(MIGRATIONS_DIR + file, 'utf8');
        try {
          await client.query('begin');
          await client.query(sql);
          await client.query('insert into dyadic_migrations (name) values ($1)', [file]);
          await client.query('commit');
          applied.push(file);
        } catch (err) {
          await client.query('rollback').catch(() => {});
          throw new Error(`migration ${file} failed: ${(err as Error).message}`);
        }
      }
    } finally {
      await client.query('select pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => {});
    }
    return applied;
  });
}
