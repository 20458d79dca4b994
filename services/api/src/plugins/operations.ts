import fp from 'fastify-plugin';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { Gauge } from 'prom-client';
import { authenticateKey } from '@dyadic/db';
import type { JobQueue } from '@dyadic/jobs';
import { httpDuration, registry } from '@dyadic/telemetry';
import { access } from '../access.js';
import { sendProblem } from './problem.js';

const BOARD_PATH = '/admin/queues';

// One gauge per process, reading every queue an app of this process serves (normally one).
const watchedQueues = new Set<JobQueue>();
const depth = new Gauge({
  name: 'dyadic_queue_jobs',
  help: 'Jobs in the queue by state',
  labelNames: ['queue', 'state'] as const,
  registers: [registry],
  async collect() {
    depth.reset();
    for (const queue of watchedQueues) {
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed').catch(() => null);
      if (counts) for (const [state, n] of Object.entries(counts)) depth.set({ queue: queue.name, state }, n);
    }
  },
});

/**
 * Operations: request ids on every response, Prometheus metrics at /metrics (admin or integration key), and Bull Board
 * for admins at /admin/queues (Bearer key, or HTTP Basic with the key as password so a browser can open it).
 */
export default fp(
  async (app) => {
    app.addHook('onSend', async (request, reply) => {
      reply.header('x-request-id', request.id);
    });
    app.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? 'unmatched';
      httpDuration.observe({ route, method: request.method, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    });

    watchedQueues.add(app.queue);
    app.addHook('onClose', async () => {
      watchedQueues.delete(app.queue);
    });

    app.get('/metrics', {
      ...access('GET /metrics'),
      schema: { tags: ['operations'], summary: 'Prometheus metrics: request latency, queue depth, jobs done/failed, tagging throughput', produces: ['text/plain'] },
    }, async (_request, reply) => {
      reply.type(registry.contentType);
      return registry.metrics();
    });

    const serverAdapter = new FastifyAdapter();
    createBullBoard({ queues: [new BullMQAdapter(app.queue as never, { readOnlyMode: false })], serverAdapter });
    serverAdapter.setBasePath(BOARD_PATH);
    await app.register(async (board) => {
      // Answer here: the dashboard plugin has an error handler of its own, so a thrown error would become a 500.
      board.addHook('onRequest', async (request, reply) => {
        const header = request.headers.authorization ?? '';
        let key: string | null = null;
        const bearer = /^Bearer\s+(\S+)$/i.exec(header);
        const basic = /^Basic\s+(\S+)$/i.exec(header);
        if (bearer) key = bearer[1]!;
        else if (basic) key = Buffer.from(basic[1]!, 'base64').toString('utf8').split(':').slice(1).join(':');
        const row = key && key.length <= 200 ? await authenticateKey(app.pool, key) : null;
        if (!row || row.role !== 'admin' || row.programId !== null) {
          reply.header('www-authenticate', 'Basic realm="Dyadic queues"');
          return sendProblem(reply, request, 401, 'unauthorized', 'the queue dashboard needs an admin key for every program (HTTP Basic: any user, the key as password)');
        }
      });
      await board.register(serverAdapter.registerPlugin(), { prefix: BOARD_PATH });
    });
  },
  { name: 'operations', dependencies: ['deps', 'problem'] },
);
