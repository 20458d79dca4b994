import { createServer } from 'node:http';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import app, { type AppDeps } from './app.js';

/** A ready Fastify instance with the app registered: used by server.ts, scripts/start.ts and the tests. */
export async function buildApp(deps: AppDeps, options: FastifyServerOptions = {}): Promise<FastifyInstance> {
  const fastify = Fastify({
    logger: { level: deps.config.logLevel, redact: ['req.headers.authorization'] },
    // Slow clients (slow-loris) cannot hold a connection open: headers and body must arrive within the request
    // timeout, checked every second (Node's default check runs every 30 s), and idle keep-alive sockets are closed.
    serverFactory: (handler) => {
      const t = deps.config.requestTimeoutMs;
      const server = createServer({ requestTimeout: t, headersTimeout: t, connectionsCheckingInterval: 1000, keepAliveTimeout: 5000 }, handler);
      server.setTimeout(t);
      return server;
    },
    bodyLimit: 1024 * 1024,
    ajv: { customOptions: { removeAdditional: 'all', coerceTypes: 'array', useDefaults: true } },
    ...options,
  }).withTypeProvider<TypeBoxTypeProvider>();
  await fastify.register(app, deps);
  await fastify.ready();
  return fastify as unknown as FastifyInstance;
}
