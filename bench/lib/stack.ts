/**
 * Processes for the pipeline benchmarks: `pnpm start` (embedded or with DATABASE_URL/REDIS_URL), or a separate API
 * and N worker processes (`services/api/src/server.ts`, `services/worker/src/main.ts`), each a child process run with
 * tsx, on a fresh database and a unique queue name that are removed afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { Redis } from 'ioredis';
import { ROOT } from './corpus.js';

export const PG_ADMIN_URL = process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const BENCH_KEY = 'bench-admin-key-0123456789abcdef';

import { sparePort as freePort } from '../../test/helpers/servers.js';

export { freePort };

export interface Proc {
  name: string;
  child: ChildProcess;
  output: () => string;
  /** Lines on stdout that are JSON with msg 'transcript processed' (worker processes). */
  processed: () => number;
  waitFor(re: RegExp, timeoutMs: number): Promise<RegExpExecArray>;
  /** Rejects when the process exits (never resolves): race it against readiness checks. */
  died: Promise<never>;
  stop(): Promise<void>;
}

function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !['DATABASE_URL', 'REDIS_URL', 'DYADIC_QUEUE', 'PORT'].includes(k)) env[k] = v;
  }
  return env;
}

/** Run `script` (relative to the repo root) with tsx in its own process group. */
export function spawnTs(name: string, script: string, env: Record<string, string>, nodeArgs: string[] = []): Proc {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script], {
    cwd: ROOT,
    env: { ...baseEnv(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  let processed = 0;
  let partial = '';
  child.stdout!.on('data', (d: Buffer) => {
    const s = d.toString();
    partial += s;
    const lines = partial.split('\n');
    partial = lines.pop()!;
    for (const l of lines) {
      if (l.includes('"transcript processed"')) processed++;
      else if (out.length < 200_000) out += l + '\n';
    }
  });
  child.stderr!.on('data', (d: Buffer) => {
    if (out.length < 200_000) out += d.toString();
  });
  const exited = new Promise<void>((r) => child.on('exit', () => r()));
  const died = new Promise<never>((_, reject) => child.on('exit', (code, sig) => reject(new Error(`${name} exited (${code ?? sig}):\n${out.slice(-3000)}`))));
  died.catch(() => {});
  return {
    died,
    name,
    child,
    output: () => out,
    processed: () => processed,
    waitFor(re, timeoutMs) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${name}: no ${re} within ${timeoutMs} ms:\n${out.slice(-3000)}`)), timeoutMs);
        const check = () => {
          const m = re.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m);
          }
        };
        child.stdout!.on('data', check);
        child.stderr!.on('data', check);
        child.on('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`${name} exited with ${code}:\n${out.slice(-3000)}`));
        });
        check();
      });
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        /* gone */
      }
      const t = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          /* gone */
        }
      }, 15_000);
      await exited;
      clearTimeout(t);
    },
  };
}

export interface BenchDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh, empty database on the machine's Postgres (migrations are applied by the API/worker at boot). */
export async function createBenchDatabase(prefix = 'dyadic_bench'): Promise<BenchDatabase> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export function uniqueQueue(): string {
  return `bench-${randomUUID()}`;
}

export async function obliterateRedisQueue(queueName: string): Promise<void> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `bull:${queueName}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

export interface RunningStack {
  baseUrl: string;
  databaseUrl: string;
  key: string;
  procs: Proc[];
  workers: Proc[];
  describe: string;
  /** Queue name and Redis URL of a real-split stack (for pausing the queue). */
  queue?: { name: string; redisUrl: string };
  close(): Promise<void>;
}

export type StackKind =
  /** `pnpm start` with no DATABASE_URL/REDIS_URL: embedded Postgres, BullMQ on Postgres, in-process worker. */
  | { kind: 'embedded'; concurrency: number }
  /** `pnpm start` with DATABASE_URL (machine Postgres) and REDIS_URL: API and worker in one process. */
  | { kind: 'real-inprocess'; concurrency: number }
  /** `pnpm start:api` + N × `pnpm start:worker`, machine Postgres + Redis. */
  | { kind: 'real-split'; workers: number; concurrency: number };

export async function startBenchStack(s: StackKind, opts: { cpuProfDir?: string } = {}): Promise<RunningStack> {
  const port = await freePort();
  const nodeArgs = opts.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.cpuProfDir}`] : [];
  const common = { PORT: String(port), DYADIC_BOOTSTRAP_KEY: BENCH_KEY, LOG_LEVEL: 'warn', DYADIC_WORKER_CONCURRENCY: String(s.concurrency), DYADIC_RATE_LIMIT: '1000000' };
  if (s.kind === 'embedded') {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'dyadic-bench-'));
    const pgPort = await freePort();
    const p = spawnTs('pnpm start (embedded)', 'scripts/start.ts', { ...common, DYADIC_DATA_DIR: dataDir, DYADIC_EMBEDDED_PG_PORT: String(pgPort) }, nodeArgs);
    try {
      const m = await p.waitFor(/Dyadic is running at (http:\/\/\S+)/, 120_000);
      return {
        baseUrl: m[1]!,
        databaseUrl: `postgres://postgres:dyadic-local@127.0.0.1:${pgPort}/dyadic`,
        key: BENCH_KEY,
        procs: [p],
        workers: [p],
        describe: `pnpm start, embedded Postgres + BullMQ Postgres backend, in-process worker (concurrency ${s.concurrency})`,
        async close() {
          await p.stop();
          await rm(dataDir, { recursive: true, force: true });
        },
      };
    } catch (err) {
      await p.stop();
      await rm(dataDir, { recursive: true, force: true });
      throw err;
    }
  }
  const db = await createBenchDatabase();
  const queue = uniqueQueue();
  const env = { ...common, DATABASE_URL: db.url, REDIS_URL, DYADIC_QUEUE: queue };
  const procs: Proc[] = [];
  const cleanup = async () => {
    await Promise.all(procs.map((p) => p.stop()));
    await obliterateRedisQueue(queue).catch(() => {});
    await db.drop().catch(() => {});
  };
  try {
    if (s.kind === 'real-inprocess') {
      const p = spawnTs('pnpm start (real)', 'scripts/start.ts', env, nodeArgs);
      procs.push(p);
      const m = await p.waitFor(/Dyadic is running at (http:\/\/\S+)/, 120_000);
      return {
        baseUrl: m[1]!,
        databaseUrl: db.url,
        key: BENCH_KEY,
        procs,
        workers: [p],
        describe: `pnpm start with DATABASE_URL + REDIS_URL, in-process worker (concurrency ${s.concurrency})`,
        close: cleanup,
      };
    }
    const api = spawnTs('api', 'services/api/src/server.ts', env, nodeArgs);
    procs.push(api);
    const baseUrl = `http://127.0.0.1:${port}`;
    // Fail at once if the API process dies during boot, instead of waiting out the health timeout.
    await Promise.race([waitHealthy(baseUrl, 60_000), api.died]);
    const workers: Proc[] = [];
    for (let i = 0; i < s.workers; i++) {
      const w = spawnTs(`worker-${i + 1}`, 'services/worker/src/main.ts', { ...env, LOG_LEVEL: 'info' }, nodeArgs);
      procs.push(w);
      workers.push(w);
    }
    await Promise.all(workers.map((w) => w.waitFor(/worker started/, 60_000)));
    return {
      baseUrl,
      databaseUrl: db.url,
      key: BENCH_KEY,
      procs,
      workers,
      queue: { name: queue, redisUrl: REDIS_URL },
      describe: `1 API process + ${s.workers} worker process(es) (concurrency ${s.concurrency} each), Postgres 127.0.0.1:5432 + Redis`,
      close: cleanup,
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

export async function waitHealthy(baseUrl: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const r = await fetch(`${baseUrl}/health`);
      if (r.ok) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`${baseUrl}/health not ok within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
