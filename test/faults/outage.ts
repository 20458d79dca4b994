/**
 * Shared by the restart tests: a private Postgres and Redis, the API in this process, a worker as a child process,
 * a stream of uploads, and the check that every answer was 202/200 or 503 + Retry-After and that everything accepted
 * ends done while nothing else is stored.
 */
import { expect } from 'vitest';
import { startPrivatePostgres, startPrivateRedis, type ChildService, type PrivatePostgres, type PrivateRedis } from '../helpers/servers.js';
import { dateFor, makeTranscript, prng, spawnWorker, uploadText, waitUntil } from './support.js';
import { startApi, type InProcessApi } from './api.js';

export interface Outcome {
  i: number;
  status: number;
  id?: string;
  retryAfter: string | null;
  contentType: string | null;
  body: unknown;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function outageHarness(queueName: string) {
  const h = {
    pgServer: undefined as unknown as PrivatePostgres,
    redis: undefined as unknown as PrivateRedis,
    api: undefined as unknown as InProcessApi,
    worker: undefined as unknown as ChildService,
    previouslyAccepted: [] as string[],
    rand: prng(42),
    next: 0,

    async start() {
      [h.pgServer, h.redis] = await Promise.all([startPrivatePostgres(), startPrivateRedis()]);
      h.api = await startApi({ databaseUrl: h.pgServer.url, redisUrl: h.redis.url, queueName });
      h.worker = spawnWorker({ databaseUrl: h.pgServer.url, redisUrl: h.redis.url, queueName });
    },

    async stop() {
      h.worker?.kill('SIGKILL');
      await h.api?.close();
      await h.redis?.destroy();
      await h.pgServer?.destroy();
    },

    /** `clients` loops uploading fresh transcripts until `stop()`; returns every answer. */
    uploadStream(clients: number) {
      const outcomes: Outcome[] = [];
      let running = true;
      const loops = Array.from({ length: clients }, async () => {
        while (running) {
          const i = h.next++;
          const { text } = makeTranscript(i, h.rand);
          const r = await uploadText(h.api.baseUrl, h.api.adminKey, `s${i}.txt`, text, { dyad: `dyad-${i % 5}`, sessionDate: dateFor(i) }).catch((err: Error) => ({
            status: -1,
            body: err.message,
            headers: new Headers(),
          }));
          outcomes.push({
            i,
            status: r.status,
            ...(r.status === 200 || r.status === 202 ? { id: (r.body as { id: string }).id } : {}),
            retryAfter: r.headers.get('retry-after'),
            contentType: r.headers.get('content-type'),
            body: r.body,
          });
          await sleep(20);
        }
      });
      return {
        outcomes,
        async stop() {
          running = false;
          await Promise.all(loops);
          return outcomes;
        },
      };
    },

    /** Keep the stream going until more than `n` uploads were accepted (however slow the machine), at most 45 s. */
    async untilAccepted(stream: { outcomes: Outcome[] }, n = 10) {
      await waitUntil(`more than ${n} uploads accepted`, 45_000, async () => stream.outcomes.filter((o) => o.id).length > n, 100);
    },

    async checkOutcomes(outcomes: Outcome[]) {
      const summary: Record<string, number> = {};
      for (const o of outcomes) summary[o.status] = (summary[o.status] ?? 0) + 1;
      const bad = outcomes.filter((o) => !(o.status === 200 || o.status === 202 || (o.status === 503 && o.retryAfter !== null && /problem\+json/.test(o.contentType ?? ''))));
      expect(bad.map((o) => ({ status: o.status, retryAfter: o.retryAfter, body: o.body })), `answers other than 202/200 or 503+Retry-After (${JSON.stringify(summary)})`).toEqual([]);
      const accepted = outcomes.filter((o) => o.id);
      expect(accepted.length).toBeGreaterThan(10);
      expect(outcomes.some((o) => o.status === 503), `the outage was felt: ${JSON.stringify(summary)}`).toBe(true);

      // Everything accepted ends done (the worker reconnected by itself); nothing else was stored.
      const ids = accepted.map((o) => o.id!);
      await waitUntil('accepted transcripts done', 75_000, async () => {
        const { rows } = await h.api.pool.query<{ n: number }>(`select count(*)::int as n from transcripts where id = any($1) and status = 'done'`, [ids]);
        return rows[0]!.n === ids.length;
      }, 250).catch(async (err) => {
        const { rows } = await h.api.pool.query(`select status, error, count(*)::int as n from transcripts where id = any($1) group by 1, 2`, [ids]);
        throw new Error(`${(err as Error).message}: ${JSON.stringify(rows)}\nworker: ${h.worker.output().slice(-2000)}`);
      });
      const { rows } = await h.api.pool.query<{ id: string }>('select t.id from transcripts t join uploads u on u.transcript_id = t.id');
      expect(new Set(rows.map((r) => r.id))).toEqual(new Set(ids.concat(h.previouslyAccepted)));
      h.previouslyAccepted.push(...ids);
      expect(h.worker.proc.exitCode, 'the worker process is still running').toBeNull();
      return summary;
    },
  };
  return h;
}
