import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config } from '@dyadic/config';
import { insertApiKey, ensureDefaultProgram, type KeyRole } from '@dyadic/db';
import { createQueue, type JobQueue, type QueueBackend } from '@dyadic/jobs';
import { CODEBOOK_VERSION } from '@dyadic/tagging';
import { buildApp, bootstrap } from '@dyadic/api';
import { startWorker, type RunningWorker } from '@dyadic/worker';
import { createTestDatabase, obliterateRedisQueue, REDIS_URL, uniqueQueueName, type TestDatabase } from './services.js';

export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

export async function fixture(path: string): Promise<Buffer> {
  return readFile(FIXTURES + path);
}

export interface TestStack {
  db: TestDatabase;
  app: FastifyInstance;
  baseUrl: string;
  queue: JobQueue;
  queueName: string;
  adminKey: string;
  config: Config;
  worker: RunningWorker | null;
  startWorker(): RunningWorker;
  key(role: KeyRole, programId?: string | null): Promise<string>;
  close(): Promise<void>;
}

function within(ms: number, p: Promise<unknown>): Promise<unknown> {
  return Promise.race([p.catch(() => {}), new Promise((r) => setTimeout(r, ms).unref())]);
}

const silentLog = { info: () => {}, error: () => {} };

/**
 * API (listening on a random port) + optional in-process worker, on a fresh database and a unique queue.
 * `queue: 'redis'` uses the machine's Redis; `'postgres'` uses BullMQ's Postgres backend in the test database.
 */
export async function startStack(
  opts: { queue?: 'redis' | 'postgres'; worker?: boolean; env?: Record<string, string>; redisUrl?: string } = {},
): Promise<TestStack> {
  const db = await createTestDatabase();
  const queueName = uniqueQueueName();
  const adminKey = `test-admin-${queueName}`;
  const config = loadConfig({ LOG_LEVEL: 'silent', DYADIC_QUEUE: queueName, DATABASE_URL: db.url, DYADIC_BOOTSTRAP_KEY: adminKey, ...opts.env });
  await bootstrap(db.pool, config);
  const backend: QueueBackend = opts.queue === 'postgres' ? { kind: 'postgres', url: db.url } : { kind: 'redis', url: opts.redisUrl ?? REDIS_URL };
  const queue = createQueue(backend, queueName);
  const app = await buildApp({ config, pool: db.pool, queue, taggerVersion: CODEBOOK_VERSION });
  const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  const stack: TestStack = {
    db,
    app,
    baseUrl,
    queue,
    queueName,
    adminKey,
    config,
    worker: null,
    startWorker() {
      stack.worker = startWorker({ pool: db.pool, backend, queueName, concurrency: 2, log: silentLog, queue, webhookBackoffMs: 50 });
      return stack.worker;
    },
    async key(role, programId) {
      const pid = programId === undefined ? (await ensureDefaultProgram(db.pool)).id : programId;
      return (await insertApiKey(db.pool, { programId: pid, role, name: `test ${role}` })).key;
    },
    async close() {
      await app.close();
      await stack.worker?.close();
      // Bounded: against an unreachable backend these would wait for a reconnect forever.
      await within(5000, queue.obliterate({ force: true }));
      await within(5000, queue.close());
      if (backend.kind === 'redis' && !opts.redisUrl) await obliterateRedisQueue(queueName);
      await db.drop();
    },
  };
  if (opts.worker !== false) stack.startWorker();
  return stack;
}

/** POST a transcript as multipart, like curl -F. */
export async function upload(
  stack: Pick<TestStack, 'baseUrl'>,
  key: string,
  file: { name: string; data: Buffer | string; type?: string } | null,
  fields: Record<string, string>,
): Promise<{ status: number; body: any; headers: Headers }> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (file) form.append('file', new Blob([file.data], { type: file.type ?? 'text/plain' }), file.name);
  const res = await fetch(`${stack.baseUrl}/api/v1/transcripts`, { method: 'POST', body: form, headers: { authorization: `Bearer ${key}` } });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
}

export interface JsonAnswer {
  status: number;
  body: any;
  headers: Headers;
}

async function readJson(res: Response): Promise<JsonAnswer> {
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
}

export async function getJson(stack: Pick<TestStack, 'baseUrl'>, key: string | null, path: string): Promise<JsonAnswer> {
  return readJson(await fetch(stack.baseUrl + path, key ? { headers: { authorization: `Bearer ${key}` } } : {}));
}

/** Any method with an optional JSON body; the answer parsed as JSON (null when empty). */
export async function sendJson(stack: Pick<TestStack, 'baseUrl'>, key: string, method: string, path: string, body?: unknown): Promise<JsonAnswer> {
  return readJson(
    await fetch(stack.baseUrl + path, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    }),
  );
}

/** Poll a transcript until it leaves queued/processing (the worker runs in the same process). */
export async function waitForTranscript(stack: Pick<TestStack, 'baseUrl'>, key: string, id: string, timeoutMs = 20_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { body } = await getJson(stack, key, `/api/v1/transcripts/${id}`);
    if (body.status === 'done' || body.status === 'failed') return body;
    if (Date.now() > deadline) throw new Error(`transcript ${id} still ${body.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
