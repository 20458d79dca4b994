import { Queue, Worker, createPostgresBackend, type Processor, type WorkerOptions } from 'bullmq';

/* eslint-disable @typescript-eslint/no-explicit-any -- the two backends give Queue/Worker different type
   parameters; callers only use the backend-neutral API (add, getJobCounts, close, events). */
export type JobQueue = Queue<any, any, string, any, any, string, any, any>;
export type JobWorker<D = any, R = any> = Worker<D, R, string, any, any, any>;
import { Redis } from 'ioredis';

/** Where the queue lives: Redis when REDIS_URL is set, else BullMQ's Postgres backend in the app database. */
export type QueueBackend = { kind: 'redis'; url: string } | { kind: 'postgres'; url: string; schema?: string };

export function queueBackendFrom(config: { redisUrl: string | undefined; databaseUrl: string }): QueueBackend {
  return config.redisUrl ? { kind: 'redis', url: config.redisUrl } : { kind: 'postgres', url: config.databaseUrl };
}

const PG_SCHEMA = 'bullmq';

/** Producer side. Fails fast when the backend is down, so the API can answer 503 instead of hanging. */
export function createQueue(backend: QueueBackend, name: string): JobQueue {
  if (backend.kind === 'redis') {
    const connection = new Redis(backend.url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 5000 });
    connection.on('error', () => {}); // reported through failed commands and /health, not as a crash
    return quiet(new Queue(name, { connection }));
  }
  return quiet(
    new Queue(
      name,
      { connection: { connectionString: backend.url, schema: backend.schema ?? PG_SCHEMA, migrate: true, max: 4 } },
      createPostgresBackend,
    ),
  );
}

/** Consumer side: reconnects forever (`maxRetriesPerRequest: null`), as BullMQ requires for workers. */
export function createWorker<D, R>(
  backend: QueueBackend,
  name: string,
  processor: Processor<D, R>,
  opts: Omit<WorkerOptions, 'connection'> = {},
): JobWorker<D, R> {
  if (backend.kind === 'redis') {
    const connection = new Redis(backend.url, { maxRetriesPerRequest: null });
    connection.on('error', () => {});
    return new Worker(name, processor, { ...opts, connection });
  }
  return new Worker(
    name,
    processor,
    { ...opts, connection: { connectionString: backend.url, schema: backend.schema ?? PG_SCHEMA, migrate: true, max: 4 } },
    createPostgresBackend,
  );
}

/** Connection errors surface through failed commands and /health; an unhandled 'error' event would crash. */
function quiet<Q extends { on(event: 'error', fn: (err: Error) => void): unknown }>(q: Q): Q {
  q.on('error', () => {});
  return q;
}

/** Cheap liveness probe for /health. */
export async function pingQueue(queue: JobQueue): Promise<void> {
  await queue.getJobCounts('waiting');
}
