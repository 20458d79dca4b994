import type { FastifyInstance } from 'fastify';
import deps, { type AppDeps } from './plugins/deps.js';
import problem from './plugins/problem.js';
import security from './plugins/security.js';
import auth from './plugins/auth.js';
import swagger from './plugins/swagger.js';
import multipart from './plugins/multipart.js';
import operations from './plugins/operations.js';
import health from './routes/health.js';
import programs from './routes/programs.js';
import keys from './routes/keys.js';
import dyads from './routes/dyads.js';
import transcripts from './routes/transcripts.js';
import batchUpload from './routes/batch-upload.js';
import exportsRoutes from './routes/exports.js';
import agreement from './routes/agreement.js';
import ui from './ui/plugin.js';

export type { AppDeps };

/** The application as a plugin: the process shell (server.ts, scripts/start.ts, tests) owns connections and listen. */
export default async function app(fastify: FastifyInstance, opts: AppDeps): Promise<void> {
  await fastify.register(deps, opts);
  await fastify.register(problem);
  await fastify.register(security);
  await fastify.register(swagger);
  await fastify.register(multipart);
  await fastify.register(auth);
  await fastify.register(operations);
  await fastify.register(health);
  await fastify.register(programs);
  await fastify.register(import('./routes/codebooks.js'));
  await fastify.register(keys);
  await fastify.register(dyads);
  await fastify.register(transcripts);
  await fastify.register(batchUpload);
  await fastify.register(exportsRoutes);
  await fastify.register(agreement);
  await fastify.register(ui);
}
