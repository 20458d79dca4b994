/**
 * Private servers for fault tests: a `redis-server` and an embedded Postgres on spare ports in temp dirs, which a test
 * may stop, kill and restart without touching the machine's shared Postgres (5432) and Redis (6379).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '@dyadic/db';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A TCP port nothing listens on right now (the OS picks it). */
export async function sparePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

async function waitFor(what: string, timeoutMs: number, probe: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what}: not ready after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Whether something accepts TCP connections on 127.0.0.1:port. */
export function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ port, host: '127.0.0.1' });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

export interface PrivateRedis {
  port: number;
  url: string;
  dir: string;
  /** Start (or restart, keeping the append-only file) on the same port. */
  start(): Promise<void>;
  /** SIGTERM (fsyncs the AOF) or SIGKILL (crash), then wait for the port to close. */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  running(): boolean;
  /** Stop and remove the temp dir. */
  destroy(): Promise<void>;
}

/** `redis-server` on a spare port, AOF with fsync on every write so nothing acknowledged is lost across a kill. */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await sparePort();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dyadic-redis-'));
  let proc: ChildProcess | null = null;
  const r: PrivateRedis = {
    port,
    url: `redis://127.0.0.1:${port}`,
    dir,
    async start() {
      if (proc) return;
      const p = spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--appendfsync', 'always', '--dir', dir, '--daemonize', 'no', '--loglevel', 'warning'],
        { stdio: 'ignore' },
      );
      proc = p;
      p.once('exit', () => {
        if (proc === p) proc = null;
      });
      await waitFor(`redis-server :${port}`, 10_000, async () => {
        const c = new Redis(r.url, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
        c.on('error', () => {});
        try {
          await c.connect();
          return (await c.ping()) === 'PONG';
        } finally {
          c.disconnect();
        }
      });
    },
    async stop(signal = 'SIGTERM') {
      const p = proc;
      if (!p) return;
      const exited = new Promise<void>((resolve) => (p.exitCode !== null || p.signalCode !== null ? resolve() : p.once('exit', () => resolve())));
      p.kill(signal);
      const t = setTimeout(() => p.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
      proc = null;
      await waitFor(`redis-server :${port} closed`, 5000, async () => !(await portOpen(port)));
    },
    running: () => proc !== null,
    async destroy() {
      await r.stop('SIGKILL').catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
  await r.start();
  return r;
}

export interface PrivatePostgres {
  port: number;
  /** postgres://…/dyadic on the private server. */
  url: string;
  dataDir: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  running(): boolean;
  destroy(): Promise<void>;
}

/** Embedded Postgres on a spare port in a temp dir; `stop()` + `start()` restarts it on the same data. */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const port = await sparePort();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'dyadic-pg-'));
  let db: EmbeddedDatabase | null = null;
  let url = '';
  const p: PrivatePostgres = {
    port,
    get url() {
      return url;
    },
    dataDir,
    async start() {
      if (db) return;
      db = await startEmbeddedPostgres({ dataDir, port });
      url = db.url;
    },
    async stop() {
      const d = db;
      db = null;
      if (d) await d.stop();
      await waitFor(`postgres :${port} closed`, 15_000, async () => !(await portOpen(port)));
    },
    running: () => db !== null,
    async destroy() {
      await p.stop().catch(() => {});
      // A postmaster that outlived stop() (e.g. the test process was interrupted) would hold the port: kill it.
      await killPostmaster(dataDir);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  await p.start();
  return p;
}

async function killPostmaster(dataDir: string): Promise<void> {
  const { readFile } = await import('node:fs/promises');
  const pid = await readFile(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').then((s) => Number(s.split('\n')[0]), () => NaN);
  if (Number.isInteger(pid) && pid > 0) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
}

export interface ChildService {
  proc: ChildProcess;
  output(): string;
  /** Resolves with the exit code (null when killed by a signal) and the signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal?: NodeJS.Signals): void;
}

/**
 * Run a TypeScript entry point of the repo (e.g. services/worker/src/main.ts) as one node process with tsx's loader
 * (`node --import tsx`, not the tsx CLI, whose extra parent process would survive a kill -9 of the wrong pid).
 */
export function spawnTsx(entry: string, env: Record<string, string>, nodeArgs: string[] = []): ChildService {
  const proc = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', path.join(REPO_ROOT, entry)], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (b: Buffer) => {
    out += b.toString('utf8');
    if (out.length > 200_000) out = out.slice(-100_000);
  };
  proc.stdout!.on('data', keep);
  proc.stderr!.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    proc,
    output: () => out,
    exited,
    kill(signal = 'SIGKILL') {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
    },
  };
}
