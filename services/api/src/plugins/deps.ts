import fp from 'fastify-plugin';
import type { Config } from '@dyadic/config';
import type { Pool } from '@dyadic/db';
import type { JobQueue } from '@dyadic/jobs';

export interface AppDeps {
  config: Config;
  pool: Pool;
  queue: JobQueue;
  /** Version of the codebook the worker tags with; part of each job id. */
  taggerVersion: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    pool: Pool;
    queue: JobQueue;
    taggerVersion: string;
  }
}

/** Connections are made by the process shell (server.ts / start.ts) and handed in, so tests use real ones too. */
export default fp<AppDeps>(
  async (app, deps) => {
    app.decorate('config', deps.config);
    app.decorate('pool', deps.pool);
    app.decorate('queue', deps.queue);
    app.decorate('taggerVersion', deps.taggerVersion);
  },
  { name: 'deps' },
);
