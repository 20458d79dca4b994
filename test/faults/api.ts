/** The API in-process on given Postgres/Redis URLs (as server.ts builds it), for the fault tests. */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '@dyadic/config';
import { createPool, type Pool } from '@dyadic/db';
import { createQueue, type JobQueue } from '@dyadic/jobs';
import { CODEBOOK_VERSION } from '@dyadic/tagging';
import { buildApp, bootstrap } from '@dyadic/api';

export interface InProcessApi {
  app: FastifyInstance;
  baseUrl: string;
  pool: Pool;
  queue: JobQueue;
  adminKey: string;
  close(): Promise<void>;
}

export function within(ms: number, p: Promise<unknown>): Promise<unknown> {
  return Promise.race([p.catch(() => {}), new Promise((r) => setTimeout(r, ms).unref())]);
}

export async function startApi(opts: { databaseUrl: string; redisUrl: string; queueName: string }): Promise<InProcessApi> {
  const adminKey = `fault-admin-${randomUUID()}`;
  const config = loadConfig({ LOG_LEVEL: 'silent', DYADIC_QUEUE: opts.queueName, DATABASE_URL: opts.databaseUrl, REDIS_URL: opts.redisUrl, DYADIC_BOOTSTRAP_KEY: adminKey, DYADIC_RATE_LIMIT: '1000000' });
  const pool = createPool(opts.databaseUrl, 20);
  await bootstrap(pool, config);
  const queue = createQueue({ kind: 'redis', url: opts.redisUrl }, opts.queueName);
  const app = await buildApp({ config, pool, queue, taggerVersion: CODEBOOK_VERSION });
  const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    app,
    baseUrl,
    pool,
    queue,
    adminKey,
    async close() {
      await within(10_000, app.close());
      await within(5000, queue.close());
      await within(5000, pool.end());
    },
  };
}

